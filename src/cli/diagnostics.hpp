// Turning compile errors into messages with the filter line and a caret under the fault.
#pragma once

#include <string>

#include "ctq/error.hpp"
#include "ctq/lang/source.hpp"

namespace ctq::cli {

/// `ctq: error: MESSAGE at <top-level>, line L, column C:` followed by the
/// offending line of the filter, indented, and carets under the span.
std::string render_compile_error(const CompileError& error, const SourceFile& source);

/// The line of `source` holding `span`, indented, and carets under the span (two lines).
std::string render_excerpt(const SourceFile& source, Span span);

}  // namespace ctq::cli
