// UTF-8 helpers shared by the lexer, the string builtins and the formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ctq {

/// Appends the UTF-8 encoding of a code point.
inline void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

/// Length in bytes of the (assumed valid) UTF-8 sequence starting at `pos`.
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(s[pos]);
    std::size_t n = 1;
    if (lead >= 0xF0)
        n = 4;
    else if (lead >= 0xE0)
        n = 3;
    else if (lead >= 0xC0)
        n = 2;
    return pos + n <= s.size() ? n : s.size() - pos;
}

/// Decodes the code point at `pos` and advances `pos` past it. Strings inside
/// ctq are valid UTF-8 (the reader replaces bad bytes), so this trusts its input.
inline std::uint32_t next_code_point(std::string_view s, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(s[pos]);
    const std::size_t n = utf8_sequence_length(s, pos);
    std::uint32_t code = lead;
    if (n == 2)
        code = lead & 0x1F;
    if (n == 3)
        code = lead & 0x0F;
    if (n == 4)
        code = lead & 0x07;
    for (std::size_t i = 1; i < n; ++i) {
        code = (code << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
    }
    pos += n;
    return code;
}

/// Number of code points (jq's string `length`).
inline std::size_t utf8_length(std::string_view s) {
    std::size_t count = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

}  // namespace ctq
