// The version line, from the CTQ_VERSION_TEXT that cmake/VersionText.cmake writes at build time.
#include "version.hpp"

#include <fmt/format.h>

#include "ctq_version_text.hpp"

namespace ctq::cli {

std::string version_text() {
    return fmt::format("ctq-{} (jq-1.7.1 compatible)", CTQ_VERSION_TEXT);
}

}  // namespace ctq::cli
