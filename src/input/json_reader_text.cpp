// Byte-level decoding for the JSON reader: string escapes, UTF-8 repair, numbers, literals.
#include "json_reader_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include "value/utf8.hpp"

namespace ctq::json_text {

namespace {

constexpr std::uint32_t kReplacement = 0xFFFD;

// The sign of the decimal exponent of a nonzero number that from_chars found out of range:
// positive means it overflowed (becomes +-inf), otherwise it underflowed (becomes +-0).
bool overflows(const char* p, const char* end) {
    if (*p == '-')
        ++p;
    long long magnitude = 0;  // position of the first significant digit relative to the point
    if (*p == '0') {
        ++p;
        if (p < end && *p == '.') {
            ++p;
            while (p < end && *p == '0') {
                --magnitude;
                ++p;
            }
        }
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            ++magnitude;
            ++p;
        }
    }
    while (p < end && *p != 'e' && *p != 'E') ++p;
    long long exponent = 0;
    if (p < end) {
        ++p;
        const bool negative = *p == '-';
        if (*p == '-' || *p == '+')
            ++p;
        for (; p < end; ++p) exponent = std::min(exponent * 10 + (*p - '0'), 1000000000LL);
        if (negative)
            exponent = -exponent;
    }
    return magnitude + exponent > 0;
}

// Parses an RFC 8259 number (or jq's `nan`/`NaN`, optionally negative); false when the
// literal is not one. Integers too long for a double keep their text, as jq 1.7 does.
bool parse_number(const char* begin, const char* end, Value& out) {
    const std::string_view text(begin, static_cast<std::size_t>(end - begin));
    if (text == "nan" || text == "NaN" || text == "-nan" || text == "-NaN") {
        out = Value::number(std::numeric_limits<double>::quiet_NaN());
        return true;
    }
    const char* p = begin;
    const bool negative = p < end && *p == '-';
    if (negative)
        ++p;
    if (p == end)
        return false;
    std::uint64_t integer = 0;
    std::size_t digits = 0;
    if (*p == '0') {
        ++p;
        digits = 1;
    } else if (*p >= '1' && *p <= '9') {
        for (; p < end && *p >= '0' && *p <= '9'; ++p, ++digits) {
            if (digits < 19)
                integer = integer * 10 + static_cast<std::uint64_t>(*p - '0');
        }
    } else {
        return false;
    }
    bool is_integer = true;
    if (p < end && *p == '.') {
        is_integer = false;
        const char* first = ++p;
        while (p < end && *p >= '0' && *p <= '9') ++p;
        if (p == first)
            return false;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        is_integer = false;
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
            ++p;
        const char* first = p;
        while (p < end && *p >= '0' && *p <= '9') ++p;
        if (p == first)
            return false;
    }
    if (p != end)
        return false;

    double d;
    if (is_integer && digits <= 18) {
        // Exact in 64 bits, and the conversion rounds to nearest just as strtod would.
        d = static_cast<double>(integer);
        if (negative)
            d = -d;
    } else {
        const auto result = std::from_chars(begin, end, d);
        if (result.ec == std::errc::result_out_of_range) {
            d = overflows(begin, end) ? std::numeric_limits<double>::infinity() : 0.0;
            if (negative)
                d = -d;
        } else if (result.ec != std::errc() || result.ptr != end) {
            return false;
        }
    }
    if (is_integer && digits > 15) {
        char shortest[32];
        const auto printed = std::to_chars(shortest, shortest + sizeof shortest, d);
        if (std::string_view(shortest, static_cast<std::size_t>(printed.ptr - shortest)) != text) {
            out = Value::number_with_literal(d, std::string(text));
            return true;
        }
    }
    out = Value::number(d);
    return true;
}

}  // namespace

// Replaces each bad UTF-8 sequence in `text` by U+FFFD, cutting them as jq's
// jvp_utf8_next does: a bad lead byte alone, a sequence up to its first missing continuation
// byte, a whole overlong / surrogate / too-large sequence, and everything left when the
// string ends inside a sequence.
void repair_utf8(std::string& text, std::string& spare) {
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end && (byte_at(p) < 0x80 || valid_utf8_sequence(p, end) > 0)) {
        p += utf8_length(byte_at(p));
    }
    if (p == end)
        return;
    spare.assign(text.data(), static_cast<std::size_t>(p - text.data()));
    while (p < end) {
        const int valid = byte_at(p) < 0x80 ? 1 : valid_utf8_sequence(p, end);
        if (valid > 0) {
            spare.append(p, static_cast<std::size_t>(valid));
            p += valid;
            continue;
        }
        append_utf8(spare, kReplacement);
        const int length = utf8_length(byte_at(p));
        if (length == 0) {
            ++p;
        } else if (end - p < length) {
            p = end;
        } else {
            int i = 1;
            while (i < length && is_continuation(byte_at(p + i))) ++i;
            p += i;
        }
    }
    text.swap(spare);
}

const char* decode_string(const char* p, const char* end, std::string& out, std::string& spare) {
    out.clear();
    bool non_ascii = false;
    while (p < end) {
        const char* run = p;
        while (p < end && kChars.plain_string[byte_at(p)]) ++p;
        out.append(run, static_cast<std::size_t>(p - run));
        if (p == end)
            break;
        const unsigned char c = byte_at(p);
        if (c >= 0x80) {
            // Checked once the escapes are decoded, over the whole text, as jq does.
            non_ascii = true;
            out += static_cast<char>(c);
            ++p;
            continue;
        }
        if (c != '\\') {
            return "Invalid string: control characters from U+0000 through U+001F must be escaped";
        }
        const char escaped = p[1];
        p += 2;
        switch (escaped) {
            case '"':
            case '\\':
            case '/': out += escaped; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                if (end - p < 4)
                    return "Invalid \\uXXXX escape";
                const int unit = unhex4(p);
                if (unit < 0)
                    return "Invalid characters in \\uXXXX escape";
                p += 4;
                auto cp = static_cast<std::uint32_t>(unit);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    // jq 1.7.1 rejects a high surrogate without its low half.
                    if (end - p < 6 || p[0] != '\\' || p[1] != 'u') {
                        return "Invalid \\uXXXX\\uXXXX surrogate pair escape";
                    }
                    const int low = unhex4(p + 2);
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return "Invalid \\uXXXX\\uXXXX surrogate pair escape";
                    }
                    p += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) +
                         (static_cast<std::uint32_t>(low) - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = kReplacement;  // a lone low surrogate, which jq replaces
                }
                append_utf8(out, cp);
                break;
            }
            default: return "Invalid escape";
        }
    }
    if (non_ascii)
        repair_utf8(out, spare);
    return nullptr;
}

// jq 1.8 says "Invalid string literal; expected \", but got '" for `'a'`; 1.7.1, our
// reference, calls it a bad number.
Value literal_value(const char* begin, const char* end, const char*& error) {
    const std::string_view text(begin, static_cast<std::size_t>(end - begin));
    switch (text[0]) {
        case 't':
            if (text == "true")
                return Value::boolean(true);
            error = "Invalid literal";
            return {};
        case 'f':
            if (text == "false")
                return Value::boolean(false);
            error = "Invalid literal";
            return {};
        case 'n':
            // `nan` goes on to the number path; anything like `nu...` must be null.
            if (text.size() > 1 && text[1] == 'u') {
                if (text == "null")
                    return Value::null();
                error = "Invalid literal";
                return {};
            }
            break;
        default: break;
    }
    Value number;
    if (!parse_number(begin, end, number))
        error = "Invalid numeric literal";
    return number;
}

}  // namespace ctq::json_text
