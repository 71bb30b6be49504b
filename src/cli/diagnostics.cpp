// Rendering compile errors the way jq 1.8 does, with a caret line under the span.
#include "diagnostics.hpp"

#include <algorithm>

namespace ctq::cli {

namespace {
// Long lines (a minified filter, a generated one) are shown as a window
// around the fault so the caret stays on screen.
constexpr std::size_t kWindow = 60;
}  // namespace

std::string render_compile_error(const CompileError& error, const SourceFile& source) {
    const Span span = error.span();
    const LineCol at = source.line_col(span.begin);
    return "ctq: error: " + std::string(error.what()) + " at " + source.name + ", line " +
           std::to_string(at.line) + ", column " + std::to_string(at.column) + ":\n" +
           render_excerpt(source, span);
}

std::string render_excerpt(const SourceFile& source, Span span) {
    const LineCol at = source.line_col(span.begin);
    std::string_view line = source.line_text(span.begin);
    std::string out;
    std::size_t column = at.column - 1;
    std::string prefix;
    if (column > kWindow) {
        const std::size_t cut = column - kWindow;
        line.remove_prefix(cut);
        column -= cut;
        prefix = "...";
    }
    std::string suffix;
    if (line.size() > column + kWindow) {
        line = line.substr(0, column + kWindow);
        suffix = "...";
    }
    out += "    " + prefix;
    out += line;
    out += suffix + "\n    " + std::string(prefix.size(), ' ');
    // Tabs stay tabs so the caret lines up under them in a terminal.
    for (std::size_t i = 0; i < column && i < line.size(); ++i) out += line[i] == '\t' ? '\t' : ' ';
    const std::size_t length = span.end > span.begin ? span.end - span.begin : 1;
    const std::size_t room = line.size() > column ? line.size() - column : 1;
    out.append(std::max<std::size_t>(1, std::min(length, room)), '^');
    out += '\n';
    return out;
}

}  // namespace ctq::cli
