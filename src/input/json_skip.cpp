// Skipping a container the filter cannot see (see json_skip.hpp).
#include "json_skip.hpp"

#include "json_reader_text.hpp"

namespace ctq::json_text {

namespace {

const char* skip_whitespace(const char* p, const char* end, SkippedLines& lines) {
    for (; p < end; ++p) {
        const char c = *p;
        if (c == '\n') {
            ++lines.count;
            lines.last = p;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            break;
        }
    }
    return p;
}

// From the opening quote to just past the closing one. Bytes from 0x80 up pass: the reader
// mends bad UTF-8 rather than rejecting it.
const char* skip_string(const char* p, const char* end) {
    ++p;
    for (;;) {
        p = skip_plain_string(p, end);
        if (p >= end)
            return nullptr;
        const unsigned char c = byte_at(p);
        if (c == '"')
            return p + 1;
        if (c >= 0x80) {
            ++p;
            continue;
        }
        if (c != '\\' || end - p < 2)
            return nullptr;  // a control character, which is an error
        switch (p[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't': p += 2; break;
            case 'u': {
                // A high surrogate needs its low half checked: left to the state machine.
                const int unit = end - p >= 6 ? unhex4(p + 2) : -1;
                if (unit < 0 || (unit >= 0xD800 && unit <= 0xDBFF))
                    return nullptr;
                p += 6;
                break;
            }
            default: return nullptr;
        }
    }
}

const char* skip_digits(const char* p, const char* end) {
    while (p < end && *p >= '0' && *p <= '9') ++p;
    return p;
}

// A number of RFC 8259's grammar, or true, false or null, which must end where jq's literal
// ends (the next byte is whitespace, structure or a quote).
const char* skip_literal(const char* p, const char* end) {
    const char* q = p;
    const char c = *q;
    if (c == 't' || c == 'f' || c == 'n') {
        const char* word = c == 't' ? "true" : c == 'f' ? "false" : "null";
        for (; *word != '\0'; ++word, ++q) {
            if (q == end || *q != *word)
                return nullptr;
        }
    } else {
        if (*q == '-')
            ++q;
        if (q == end)
            return nullptr;
        if (*q == '0') {
            ++q;
        } else if (*q >= '1' && *q <= '9') {
            q = skip_digits(q, end);
        } else {
            return nullptr;
        }
        if (q < end && *q == '.') {
            const char* digits = q + 1;
            q = skip_digits(digits, end);
            if (q == digits)
                return nullptr;
        }
        if (q < end && (*q == 'e' || *q == 'E')) {
            ++q;
            if (q < end && (*q == '+' || *q == '-'))
                ++q;
            const char* digits = q;
            q = skip_digits(digits, end);
            if (q == digits)
                return nullptr;
        }
    }
    if (q == end || kChars.literal[byte_at(q)])
        return nullptr;
    return q;
}

// At an object member's key: past the key, the colon and the whitespace around it.
const char* skip_key(const char* p, const char* end, SkippedLines& lines) {
    if (p >= end || *p != '"')
        return nullptr;
    p = skip_string(p, end);
    if (p == nullptr)
        return nullptr;
    p = skip_whitespace(p, end, lines);
    if (p >= end || *p != ':')
        return nullptr;
    return skip_whitespace(p + 1, end, lines);
}

}  // namespace

const char* skip_container(const char* p, const char* end, SkippedLines& lines) {
    bool in_object[kMaxSkipDepth];
    std::size_t depth = 0;
    for (;;) {
        // At the first byte of a value.
        if (p >= end)
            return nullptr;
        const char c = *p;
        if (c == '[' || c == '{') {
            if (depth == kMaxSkipDepth)
                return nullptr;
            in_object[depth++] = c == '{';
            p = skip_whitespace(p + 1, end, lines);
            if (p >= end)
                return nullptr;
            if (*p != (c == '{' ? '}' : ']')) {
                if (c == '{' && (p = skip_key(p, end, lines)) == nullptr)
                    return nullptr;
                continue;  // to the first element
            }
            ++p;
            --depth;
        } else {
            p = c == '"' ? skip_string(p, end) : skip_literal(p, end);
            if (p == nullptr)
                return nullptr;
        }
        // After a value: close what ends here, up to the next element.
        for (;;) {
            if (depth == 0)
                return p;
            p = skip_whitespace(p, end, lines);
            if (p >= end)
                return nullptr;
            const bool object = in_object[depth - 1];
            if (*p == ',') {
                p = skip_whitespace(p + 1, end, lines);
                if (object && (p = skip_key(p, end, lines)) == nullptr)
                    return nullptr;
                break;
            }
            if (*p != (object ? '}' : ']'))
                return nullptr;
            ++p;
            --depth;
        }
    }
}

}  // namespace ctq::json_text
