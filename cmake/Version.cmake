# CTQ_VERSION_TEXT: what `ctq --version` prints after "ctq-". In a git checkout it is
# PROJECT_VERSION plus where the tree stands (`git describe --tags --always --dirty`), computed
# when CMake configures; elsewhere (a release tarball) it is PROJECT_VERSION alone.
#   tag v0.1.0 exactly -> 0.1.0      12 commits after it -> 0.1.0-12-gabc1234
#   no tags at all     -> 0.1.0-gabc1234             uncommitted changes -> ...-dirty
set(CTQ_VERSION_TEXT "${PROJECT_VERSION}")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --tags --always --dirty
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE ctq_describe OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE ctq_describe_status ERROR_QUIET)
  if(ctq_describe_status EQUAL 0 AND NOT ctq_describe STREQUAL "")
    string(REGEX REPLACE "^v" "" ctq_describe "${ctq_describe}")
    string(FIND "${ctq_describe}" "${PROJECT_VERSION}" ctq_version_at)
    if(ctq_version_at EQUAL 0)
      # A tag of this version: keep what follows it ("-12-gabc1234-dirty" or nothing).
      set(CTQ_VERSION_TEXT "${ctq_describe}")
    elseif(ctq_describe MATCHES "^[0-9a-f]+(-dirty)?$")
      # No tag to count from: --always gave the abbreviated commit.
      set(CTQ_VERSION_TEXT "${PROJECT_VERSION}-g${ctq_describe}")
    else()
      # Some other tag: keep it whole, after our own version.
      set(CTQ_VERSION_TEXT "${PROJECT_VERSION}-${ctq_describe}")
    endif()
  endif()
endif()
message(STATUS "ctq version: ${CTQ_VERSION_TEXT}")
set_source_files_properties(${PROJECT_SOURCE_DIR}/src/cli/version.cpp PROPERTIES
                            COMPILE_DEFINITIONS "CTQ_VERSION_TEXT=\"${CTQ_VERSION_TEXT}\"")
