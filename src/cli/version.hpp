// The text `ctq --version` prints.
#pragma once

#include <string>

namespace ctq::cli {

/// "ctq-<version> (jq-1.7.1 compatible)", where <version> is the project version followed,
/// in a build from a git checkout, by `git describe` (e.g. "ctq-0.1.0-12-gabc1234-dirty").
std::string version_text();

}  // namespace ctq::cli
