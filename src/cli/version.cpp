// The version line, from the CTQ_VERSION_TEXT that cmake/Version.cmake computes at configure time.
#include "version.hpp"

#include <fmt/format.h>

// Builds outside CMake (or a stale cache) still get a sensible line.
#ifndef CTQ_VERSION_TEXT
#define CTQ_VERSION_TEXT "0.1.0"
#endif

namespace ctq::cli {

std::string version_text() {
    return fmt::format("ctq-{} (jq-1.7.1 compatible)", CTQ_VERSION_TEXT);
}

}  // namespace ctq::cli
