// Filter source text and byte spans into it; line/column only when rendering.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ctq {

/// A half-open byte range [begin, end) in a SourceFile.
struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

/// 1-based line and column (column counted in bytes, as jq does).
struct LineCol {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

struct SourceFile {
    std::string name;  // "<top-level>", a -f path, or a module path
    std::string text;

    LineCol line_col(std::uint32_t offset) const;
    /// The text of the line holding `offset`, without its newline.
    std::string_view line_text(std::uint32_t offset) const;
};

}  // namespace ctq
