# Runs run-jq-tests over SUITE_DIR/*.test on BIN and fails if fewer cases pass than FLOOR_FILE.
#   cmake -D PYTHON=... -D RUNNER=... -D BIN=... -D SUITE_DIR=... -D FLOOR_FILE=...
#         [-D FAILURES_FILE=...] -P check_floor.cmake
foreach(var PYTHON RUNNER BIN SUITE_DIR FLOOR_FILE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_floor.cmake: -D ${var}=... is required")
  endif()
endforeach()

# Globbed here, at test time, so suites added to ../shared count without reconfiguring.
file(GLOB test_files ${SUITE_DIR}/*.test)
list(SORT test_files)
if(NOT test_files)
  message(FATAL_ERROR "no .test files in ${SUITE_DIR}")
endif()

set(extra_args)
if(DEFINED FAILURES_FILE)
  list(APPEND extra_args --failures ${FAILURES_FILE})
endif()

execute_process(
  COMMAND ${PYTHON} ${RUNNER} ${extra_args} ${BIN} ${test_files}
  OUTPUT_VARIABLE output
  ERROR_VARIABLE errors
  RESULT_VARIABLE status)
message("${output}")
if(errors)
  message("${errors}")
endif()
if(NOT status EQUAL 0)
  message(FATAL_ERROR "run-jq-tests exited with ${status}")
endif()

string(REGEX MATCH "total: ([0-9]+) passed, ([0-9]+) failed" total_line "${output}")
if(NOT total_line)
  message(FATAL_ERROR "run-jq-tests printed no 'total:' line")
endif()
set(passed ${CMAKE_MATCH_1})

file(READ ${FLOOR_FILE} floor)
string(STRIP "${floor}" floor)
if(NOT floor MATCHES "^[0-9]+$")
  message(FATAL_ERROR "${FLOOR_FILE} must hold one non-negative integer, not '${floor}'")
endif()

# A sanitizer report makes its case fail, which the floor alone would hide; the failures file
# keeps each failing case's stderr, so look there.
if(DEFINED FAILURES_FILE AND EXISTS ${FAILURES_FILE})
  file(STRINGS ${FAILURES_FILE} sanitizer_lines
       REGEX "ERROR: [A-Za-z]+Sanitizer|: runtime error: ")
  if(sanitizer_lines)
    list(LENGTH sanitizer_lines count)
    message(FATAL_ERROR "${count} sanitizer report(s) in conformance runs; see ${FAILURES_FILE}")
  endif()
endif()

if(passed LESS floor)
  message(FATAL_ERROR "conformance regressed: ${passed} cases pass, floor is ${floor}"
                      " (failing cases: ${FAILURES_FILE})")
elseif(passed GREATER floor)
  message("conformance: ${passed} pass, floor is ${floor}; raise tests/conformance/floor.txt")
else()
  message("conformance: ${passed} pass, floor is ${floor}")
endif()
