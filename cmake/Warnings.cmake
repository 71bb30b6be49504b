# Project-wide warning flags, attached through an INTERFACE target.
# No -Wshadow: GCC 12 reports enum class enumerators (Kind::Array) as shadowing
# the types of the same name, which is noise for this code base.
add_library(ctq_warnings INTERFACE)
target_compile_options(ctq_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2
  $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wlogical-op>
  $<$<BOOL:${CTQ_WERROR}>:-Werror>)
