// Rendering compile errors the way jq 1.8 does, with a caret line under the span.
#include "diagnostics.hpp"

#include <algorithm>

namespace ctq::cli {

std::string render_compile_error(const CompileError& error, const SourceFile& source) {
    const Span span = error.span();
    const LineCol at = source.line_col(span.begin);
    const std::string_view line = source.line_text(span.begin);
    std::string out = "ctq: error: " + std::string(error.what()) + " at " + source.name +
                      ", line " + std::to_string(at.line) + ", column " +
                      std::to_string(at.column) + ":\n";
    out += "    ";
    out += line;
    out += "\n    ";
    // Tabs stay tabs so the caret lines up under them in a terminal.
    const std::size_t column = at.column - 1;
    for (std::size_t i = 0; i < column && i < line.size(); ++i) out += line[i] == '\t' ? '\t' : ' ';
    const std::size_t line_end = column + (line.size() > column ? line.size() - column : 0);
    const std::size_t span_end = column + (span.end > span.begin ? span.end - span.begin : 1);
    const std::size_t carets = std::max<std::size_t>(1, std::min(span_end, std::max(line_end, column + 1)) - column);
    out.append(carets, '^');
    out += '\n';
    return out;
}

}  // namespace ctq::cli
