// Walking plain JSON at byte speed: skipping and echoing (see plain_json.hpp).
//
// One walker serves both jobs. It follows the grammar and hands what it meets to a sink:
// SkipSink keeps nothing, EchoSink prints as write_json would. Either may refuse (false),
// and then the walk ends with null.
#include "plain_json.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

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

// A string from its opening quote: just past the closing one, or null. Bytes from 0x80 up
// pass: the reader mends bad UTF-8 rather than rejecting it. With kTellPlain, sets `plain`
// when the text between the quotes is exactly what the value holds and the writer prints
// unescaped: no escapes, no DEL, valid UTF-8.
template <bool kTellPlain>
const char* scan_string(const char* p, const char* end, bool& plain) {
    ++p;
    plain = true;
    for (;;) {
        p = skip_plain_string<kTellPlain>(p, end);
        if (p >= end)
            return nullptr;
        const unsigned char c = byte_at(p);
        if (c == '"')
            return p + 1;
        if (kTellPlain && c == 0x7f) {
            plain = false;
            ++p;
            continue;
        }
        if (c >= 0x80) {
            const int length = kTellPlain ? valid_utf8_sequence(p, end) : 1;
            plain = plain && length > 0;
            p += length > 0 ? length : 1;
            continue;
        }
        if (c != '\\' || end - p < 2)
            return nullptr;  // a control character, which is an error
        plain = false;
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
// ends (the next byte is whitespace, structure or a quote). `number` tells which it was.
const char* scan_literal(const char* p, const char* end, bool& number) {
    const char* q = p;
    const char c = *q;
    number = !(c == 't' || c == 'f' || c == 'n');
    if (!number) {
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

// Validation only.
struct SkipSink {
    static constexpr bool kTellsPlain = false;
    static constexpr bool kPlainKeys = false;
    void open(char, std::size_t) {}
    void empty(char) {}
    void next(std::size_t) {}
    void close(char, std::size_t) {}
    bool key(const char*, const char*, std::size_t, bool) { return true; }
    bool string(const char*, const char*, bool) { return true; }
    bool literal(const char*, const char*, bool) { return true; }
};

// Prints what write_json prints for the value the reader makes. Depths count the walker's
// open containers; the value itself sits at the style's base depth.
class EchoSink {
public:
    static constexpr bool kTellsPlain = true;
    static constexpr bool kPlainKeys = true;
    EchoSink(const WriterOptions& style, std::string& out) : style_(style), out_(out) {
        pretty_ = style.tab || style.indent > 0;
        indent_char_ = style.tab ? '\t' : ' ';
        indent_unit_ = style.tab ? 1 : static_cast<std::size_t>(style.indent);
    }

    void open(char c, std::size_t depth) {
        out_ += c;
        newline_indent(depth);
        if (c == '{')
            levels_[depth - 1] = Level{keys_, 0};
    }
    void empty(char c) { out_.append(c == '{' ? "{}" : "[]", 2); }
    void next(std::size_t depth) {
        out_ += ',';
        newline_indent(depth);
    }
    void close(char c, std::size_t depth) {
        newline_indent(depth - 1);
        out_ += c;
        if (c == '}')
            keys_ = levels_[depth - 1].first_key;
    }
    // Only keys that are their own text: then two keys are the same exactly when their
    // bytes are, and an object that repeats one is left to the reader (the last value wins,
    // at the first key's place).
    bool key(const char* begin, const char* end, std::size_t depth, bool plain) {
        if (!plain || keys_ == kMaxKeys)
            return false;
        const auto size = static_cast<std::size_t>(end - begin);
        Level& level = levels_[depth - 1];
        const std::uint64_t bit = std::uint64_t{1} << ((size * 31 + byte_at(begin) * 7 +
                                                        (size > 0 ? byte_at(end - 1) : 0)) &
                                                       63);
        if (level.seen & bit) {
            for (std::size_t i = level.first_key; i < keys_; ++i) {
                if (key_sizes_[i] == size && std::memcmp(key_starts_[i], begin, size) == 0)
                    return false;
            }
        }
        level.seen |= bit;
        key_starts_[keys_] = begin;
        key_sizes_[keys_] = size;
        ++keys_;
        out_.append(begin - 1, size + 2);
        out_ += ':';
        if (pretty_)
            out_ += ' ';
        return true;
    }
    bool string(const char* begin, const char* end, bool plain) {
        if (plain) {
            out_.append(begin - 1, static_cast<std::size_t>(end - begin) + 2);
            return true;
        }
        if (decode_string(begin, end, scratch_, spare_) != nullptr)
            return false;
        write_json_string(out_, scratch_, false);
        return true;
    }
    bool literal(const char* begin, const char* end, bool number) {
        const auto size = static_cast<std::size_t>(end - begin);
        // Short integers print as they are written; other numbers as the writer prints the
        // reader's value of them.
        const char* digits = begin + (*begin == '-' ? 1 : 0);
        const bool short_integer =
            size - static_cast<std::size_t>(digits - begin) <= 15 &&
            std::find_if(digits, end, [](char c) { return c < '0' || c > '9'; }) == end &&
            !(*begin == '-' && *digits == '0');
        if (!number || short_integer) {
            out_.append(begin, size);
            return true;
        }
        const char* error = nullptr;
        const Value value = literal_value(begin, end, error);
        if (error != nullptr)
            return false;
        write_json(out_, value, style_);
        return true;
    }

private:
    static constexpr std::size_t kMaxKeys = 1024;
    struct Level {
        std::size_t first_key;  // this object's keys are key_starts_[first_key..keys_)
        std::uint64_t seen;     // a bit per key, by a cheap hash of it
    };

    void newline_indent(std::size_t depth) {
        if (!pretty_)
            return;
        out_ += '\n';
        out_.append((style_.base_depth + depth) * indent_unit_, indent_char_);
    }

    const WriterOptions& style_;
    std::string& out_;
    bool pretty_ = false;
    char indent_char_ = ' ';
    std::size_t indent_unit_ = 0;
    Level levels_[kMaxSkipDepth];
    const char* key_starts_[kMaxKeys];
    std::size_t key_sizes_[kMaxKeys];
    std::size_t keys_ = 0;
    std::string scratch_;
    std::string spare_;
};

// Validation, and no key of the object walked (depth 1) among `named`: a repeat of a field
// the reader has kept would replace its value.
struct RestSink : SkipSink {
    static constexpr bool kPlainKeys = true;
    explicit RestSink(const std::vector<std::string_view>& named) : named(named) {}
    bool key(const char* begin, const char* end, std::size_t depth, bool plain) const {
        if (depth != 1)
            return true;
        if (!plain)
            return false;
        const std::string_view key(begin, static_cast<std::size_t>(end - begin));
        return std::find(named.begin(), named.end(), key) == named.end();
    }
    const std::vector<std::string_view>& named;
};

template <class Sink>
const char* walk_string(const char* p, const char* end, Sink& sink) {
    bool plain = false;
    const char* after = scan_string<Sink::kTellsPlain>(p, end, plain);
    if (after == nullptr || !sink.string(p + 1, after - 1, plain))
        return nullptr;
    return after;
}

// At an object member's key: past the key, the colon and the whitespace around it.
template <class Sink>
const char* walk_key(const char* p, const char* end, std::size_t depth, SkippedLines& lines,
                     Sink& sink) {
    if (p >= end || *p != '"')
        return nullptr;
    bool plain = false;
    const char* after = scan_string<Sink::kPlainKeys>(p, end, plain);
    if (after == nullptr)
        return nullptr;
    if (!sink.key(p + 1, after - 1, depth, plain))
        return nullptr;
    p = skip_whitespace(after, end, lines);
    if (p >= end || *p != ':')
        return nullptr;
    return skip_whitespace(p + 1, end, lines);
}

// From the first byte of a value to just past it. With `rest_of_object`, `p` is instead just
// past a comma between an object's members, and the walk ends at that object's '}'.
template <class Sink>
const char* walk(const char* p, const char* end, SkippedLines& lines, Sink& sink,
                 bool rest_of_object = false) {
    bool in_object[kMaxSkipDepth];
    std::size_t depth = 0;
    if (rest_of_object) {
        in_object[depth++] = true;
        p = walk_key(skip_whitespace(p, end, lines), end, depth, lines, sink);
        if (p == nullptr)
            return nullptr;
    }
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
                sink.open(c, depth);
                if (c == '{' && (p = walk_key(p, end, depth, lines, sink)) == nullptr)
                    return nullptr;
                continue;  // to the first element
            }
            sink.empty(c);
            ++p;
            --depth;
        } else if (c == '"') {
            if ((p = walk_string(p, end, sink)) == nullptr)
                return nullptr;
        } else {
            bool number = false;
            const char* after = scan_literal(p, end, number);
            if (after == nullptr || !sink.literal(p, after, number))
                return nullptr;
            p = after;
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
                sink.next(depth);
                p = skip_whitespace(p + 1, end, lines);
                if (object && (p = walk_key(p, end, depth, lines, sink)) == nullptr)
                    return nullptr;
                break;
            }
            const char close = object ? '}' : ']';
            if (*p != close)
                return nullptr;
            if (rest_of_object && depth == 1)
                return p;
            sink.close(close, depth);
            ++p;
            --depth;
        }
    }
}

}  // namespace

const char* skip_container(const char* p, const char* end, SkippedLines& lines) {
    SkipSink sink;
    return walk(p, end, lines, sink);
}

const char* skip_rest_of_object(const char* p, const char* end,
                                const std::vector<std::string_view>& named, SkippedLines& lines) {
    RestSink sink(named);
    return walk(p, end, lines, sink, true);
}

bool can_echo(const WriterOptions& style) {
    return !style.color && !style.ascii && !style.sort_keys;
}

const char* echo_value(const char* p, const char* end, const WriterOptions& style, std::string& out,
                       SkippedLines& lines) {
    EchoSink sink(style, out);
    return walk(p, end, lines, sink);
}

}  // namespace ctq::json_text
