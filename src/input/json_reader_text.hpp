// Byte-level helpers of the JSON reader: character classes, UTF-8 checks, string and literal
// decoding. Private to src/input; the hot checks are inline so the parser's loops can use them.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ctq/value/value.hpp"

namespace ctq::json_text {

struct CharTables {
    bool literal[256];       // bytes that continue a literal (jq's LITERAL class)
    bool plain_string[256];  // bytes a string holds as-is: printable ASCII but '"' and '\\'
};

constexpr CharTables make_char_tables() {
    CharTables t{};
    for (int c = 0; c < 256; ++c) {
        t.literal[c] = true;
        t.plain_string[c] = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }
    for (const char c : {' ', '\t', '\r', '\n', '"', '[', ']', '{', '}', ',', ':'}) {
        t.literal[static_cast<unsigned char>(c)] = false;
    }
    return t;
}

inline constexpr CharTables kChars = make_char_tables();

inline unsigned char byte_at(const char* p) {
    return static_cast<unsigned char>(*p);
}

// The value of four hex digits, or -1 when one is not a hex digit.
inline int unhex4(const char* p) {
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = p[i];
        int digit;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        } else {
            return -1;
        }
        value = value * 16 + digit;
    }
    return value;
}

// Nonzero when one of the 8 bytes of `w` is '"', '\\', a control character or non-ASCII.
// ("Bit Twiddling Hacks": a word holds a zero byte iff (w - 0x01..01) & ~w & 0x80..80 != 0.)
inline std::uint64_t special_bytes(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    const std::uint64_t quote = w ^ (kOnes * '"');
    const std::uint64_t backslash = w ^ (kOnes * '\\');
    const std::uint64_t is_quote = (quote - kOnes) & ~quote;
    const std::uint64_t is_backslash = (backslash - kOnes) & ~backslash;
    const std::uint64_t is_control = (w - kOnes * 0x20) & ~w;
    return (is_quote | is_backslash | is_control | w) & kHighs;
}

// First byte in [p, end) that a string cannot hold as-is; with kAlsoDel, or DEL (0x7f),
// which a string holds but the writer escapes.
template <bool kAlsoDel = false>
inline const char* skip_plain_string(const char* p, const char* end) {
#if defined(__SSE2__)
    // Sixteen bytes at a time (SSE2 is part of x86-64). A signed compare below 0x20 also
    // catches the bytes from 0x80 up, which are negative as signed chars.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i del = _mm_set1_epi8(0x7f);
    while (end - p >= 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        __m128i special = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
            _mm_cmplt_epi8(chunk, space));
        if (kAlsoDel)
            special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, del));
        const int mask = _mm_movemask_epi8(special);
        if (mask != 0)
            return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (special_bytes(w) != 0)
            break;
        if (kAlsoDel && std::memchr(p, 0x7f, 8) != nullptr)
            break;
        p += 8;
    }
    while (p < end && kChars.plain_string[byte_at(p)] && !(kAlsoDel && *p == 0x7f)) ++p;
    return p;
}

// Length of the UTF-8 sequence a lead byte announces, 0 for a byte that cannot start one
// (continuation bytes, C0, C1 and F5-FF, which only ever encode overlong or too-large values).
inline int utf8_length(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if (lead < 0xC2)
        return 0;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    if (lead < 0xF5)
        return 4;
    return 0;
}

inline bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Checks one well-formed sequence at `p`: >0 its length, 0 invalid, -1 cut off by `end`.
inline int valid_utf8_sequence(const char* p, const char* end) {
    const unsigned char lead = byte_at(p);
    const int length = utf8_length(lead);
    if (length == 0)
        return 0;
    if (end - p < length)
        return -1;
    const unsigned char second = byte_at(p + 1);
    // The second byte's range rules out overlong forms, surrogates and values past U+10FFFF.
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead == 0xE0)
        low = 0xA0;
    if (lead == 0xED)
        high = 0x9F;
    if (lead == 0xF0)
        low = 0x90;
    if (lead == 0xF4)
        high = 0x8F;
    if (second < low || second > high)
        return 0;
    for (int i = 2; i < length; ++i) {
        if (!is_continuation(byte_at(p + i)))
            return 0;
    }
    return length;
}

/// Replaces each bad UTF-8 sequence in `text` by U+FFFD exactly as jq does; `spare` is a
/// scratch buffer reused across calls. Also used for filter text and --arg values.
void repair_utf8(std::string& text, std::string& spare);

/// Decodes the body of a string (between its quotes) into `out`; returns jq's message for
/// the first error, or nullptr. The body must not end in an unescaped backslash. `spare` is a
/// second buffer, reused across calls, for repairing bad UTF-8.
const char* decode_string(const char* p, const char* end, std::string& out, std::string& spare);

/// jq's check_literal: the value of a literal run (true, false, null, a number, nan); for a
/// bad one, sets `error` to jq's message.
Value literal_value(const char* begin, const char* end, const char*& error);

}  // namespace ctq::json_text
