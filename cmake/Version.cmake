# The version `ctq --version` prints: cmake/VersionText.cmake computes it on every build (git
# describe in a checkout) into generated/ctq_version_text.hpp, which src/cli/version.cpp
# includes. The target always runs; the header changes only when the text does.
find_package(Git QUIET)
set(CTQ_VERSION_HEADER ${PROJECT_BINARY_DIR}/generated/ctq_version_text.hpp)
add_custom_target(ctq_version_text
  COMMAND ${CMAKE_COMMAND} -DVERSION=${PROJECT_VERSION} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          "-DGIT_EXECUTABLE=${GIT_EXECUTABLE}" -DOUTPUT=${CTQ_VERSION_HEADER}
          -P ${PROJECT_SOURCE_DIR}/cmake/VersionText.cmake
  BYPRODUCTS ${CTQ_VERSION_HEADER}
  COMMENT "Version text"
  VERBATIM)
