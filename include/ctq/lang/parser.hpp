// Parsing tokens into the typed AST, with jq's exact operator precedence.
#pragma once

#include "ctq/lang/ast.hpp"
#include "ctq/lang/source.hpp"

namespace ctq {

/// Parses a whole filter (or module file). Throws CompileError with the span
/// of the offending token.
ParsedProgram parse(const SourceFile& source);

}  // namespace ctq
