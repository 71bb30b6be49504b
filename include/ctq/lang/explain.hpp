// --explain: the parsed filter as an indented tree with plain-language labels.
#pragma once

#include <string>

#include "ctq/lang/ast.hpp"

namespace ctq {

/// Renders `root` (ParsedProgram::body) as lines indented by two spaces per
/// level, each ending in '\n'. Simple paths print compactly (`.a.b[0]`), and
/// short comparisons inline (`.eventSource == "s3.amazonaws.com"`).
std::string explain(const Node& root);

}  // namespace ctq
