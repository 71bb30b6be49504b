// Rendering compile errors the way jq 1.8 does, with a caret line under the span.
#include "diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace ctq::cli {

namespace {
// Long lines (a minified filter, a generated one) are shown as a window
// around the fault so the caret stays on screen.
constexpr std::size_t kWindow = 60;
}  // namespace

std::string render_compile_error(const CompileError& error, const SourceFile& source) {
    const Span span = error.span();
    const LineCol at = source.line_col(span.begin);
    return fmt::format("ctq: error: {} at {}, line {}, column {}:\n{}", error.what(), source.name,
                       at.line, at.column, render_excerpt(source, span));
}

std::string render_excerpt(const SourceFile& source, Span span) {
    const LineCol at = source.line_col(span.begin);
    std::string_view line = source.line_text(span.begin);
    std::size_t column = at.column - 1;
    std::string_view prefix;
    if (column > kWindow) {
        const std::size_t cut = column - kWindow;
        line.remove_prefix(cut);
        column -= cut;
        prefix = "...";
    }
    std::string_view suffix;
    if (line.size() > column + kWindow) {
        line = line.substr(0, column + kWindow);
        suffix = "...";
    }
    // The line, then the start of the caret line, indented past the "..." too.
    std::string out =
        fmt::format("    {}{}{}\n    {}", prefix, line, suffix, std::string(prefix.size(), ' '));
    // Tabs stay tabs so the caret lines up under them in a terminal.
    for (std::size_t i = 0; i < column && i < line.size(); ++i) out += line[i] == '\t' ? '\t' : ' ';
    const std::size_t length = span.end > span.begin ? span.end - span.begin : 1;
    const std::size_t room = line.size() > column ? line.size() - column : 1;
    out.append(std::max<std::size_t>(1, std::min(length, room)), '^');
    out += '\n';
    return out;
}

}  // namespace ctq::cli
