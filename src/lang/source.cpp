// Mapping byte offsets in filter text to lines and columns, for error messages.
#include "ctq/lang/source.hpp"

namespace ctq {

LineCol SourceFile::line_col(std::uint32_t offset) const {
    LineCol result;
    const std::size_t end = offset < text.size() ? offset : text.size();
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++result.line;
            line_start = i + 1;
        }
    }
    result.column = static_cast<std::uint32_t>(end - line_start + 1);
    return result;
}

std::string_view SourceFile::line_text(std::uint32_t offset) const {
    const std::size_t at = offset < text.size() ? offset : text.size();
    std::size_t begin = text.rfind('\n', at == 0 ? 0 : at - 1);
    begin = (begin == std::string::npos || (at == 0 && text[0] != '\n')) ? 0 : begin + 1;
    if (at > 0 && text[at - 1] == '\n')
        begin = at;
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos)
        end = text.size();
    return std::string_view(text).substr(begin, end - begin);
}

}  // namespace ctq
