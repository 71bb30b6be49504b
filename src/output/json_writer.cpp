// JSON output byte-identical to jq 1.7.1: layout, string escapes, number format, colours.
#include "ctq/output/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ctq {

namespace {

// jq prints "<skipped: too deep>" for any value nested deeper than this
// (MAX_PRINT_DEPTH in jv_print.c: 256 in jq 1.7.1, 10000 in jq 1.8, whose
// limit we follow so that values the reader accepts print whole); the root
// is at depth 0.
constexpr std::size_t kMaxPrintDepth = 10000;
constexpr std::string_view kSkipped = "<skipped: too deep>";
constexpr std::string_view kReset = "\x1b[0m";

// jq 1.7.1 keeps each JQ_COLORS field in a 16-byte buffer holding ESC [ ... m NUL.
constexpr std::size_t kMaxColorField = 12;
constexpr std::size_t kColorFields = 8;

// Which bytes break the fast path of a string: control characters, '"', '\\'
// and DEL always; bytes >= 0x80 only in ASCII mode (-a).
constexpr std::array<bool, 256> make_escape_table() {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    table['"'] = true;
    table['\\'] = true;
    table[0x7f] = true;
    return table;
}
constexpr std::array<bool, 256> make_ascii_escape_table() {
    std::array<bool, 256> table = make_escape_table();
    for (int c = 0x80; c < 0x100; ++c) table[c] = true;
    return table;
}
constexpr std::array<bool, 256> kNeedsEscape = make_escape_table();
constexpr std::array<bool, 256> kNeedsEscapeAscii = make_ascii_escape_table();

constexpr char kHex[] = "0123456789abcdef";

void append_u_escape(std::string& out, unsigned unit) {
    char buf[6] = {'\\',
                   'u',
                   kHex[(unit >> 12) & 0xf],
                   kHex[(unit >> 8) & 0xf],
                   kHex[(unit >> 4) & 0xf],
                   kHex[unit & 0xf]};
    out.append(buf, sizeof buf);
}

// Escapes one byte below 0x80 that the table flagged.
void append_ascii_escape(std::string& out, unsigned char c) {
    switch (c) {
        case '"': out.append("\\\"", 2); break;
        case '\\': out.append("\\\\", 2); break;
        case '\b': out.append("\\b", 2); break;
        case '\t': out.append("\\t", 2); break;
        case '\n': out.append("\\n", 2); break;
        case '\f': out.append("\\f", 2); break;
        case '\r': out.append("\\r", 2); break;
        default: append_u_escape(out, c); break;  // other controls and DEL
    }
}

// Decodes one UTF-8 sequence at s[i] (s[i] >= 0x80); returns its length and
// sets `cp`, or returns 1 with cp = U+FFFD for a malformed byte. jq's strings
// are always valid UTF-8, so the replacement only guards against bad input.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t min;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        len = 2, cp = b0 & 0x1f, min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        len = 3, cp = b0 & 0x0f, min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        cp = 0xfffd;
        return 1;
    }
    if (i + len > s.size()) {
        cp = 0xfffd;
        return 1;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xc0) != 0x80) {
            cp = 0xfffd;
            return 1;
        }
        cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        cp = 0xfffd;
        return 1;
    }
    return len;
}

// Writes d (finite, not NaN) into buf the way jq's jvp_dtoa_fmt does; returns the end.
char* format_finite(char* buf, double d) {
    char* p = buf;
    // Integers below 1e16 always take the plain layout, so skip the digit search.
    if (d > -1e16 && d < 1e16 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
        if (d == 0 && std::signbit(d))
            *p++ = '-';
        return std::to_chars(p, p + 24, static_cast<std::int64_t>(d)).ptr;
    }
    if (std::signbit(d)) {
        *p++ = '-';
        d = -d;
    }
    // Shortest round-trip digits, as "D.DDDDe+XX".
    char sci[32];
    char* end = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific).ptr;
    char digits[20];
    int ndigits = 0;
    const char* q = sci;
    for (; q < end && *q != 'e'; ++q) {
        if (*q != '.')
            digits[ndigits++] = *q;
    }
    int exponent = 0;
    std::from_chars(q + 1 + (q[1] == '+'), end, exponent);
    const int decpt = exponent + 1;  // value = 0.DIGITS x 10^decpt

    if (decpt <= -4 || decpt > ndigits + 15) {
        *p++ = digits[0];
        if (ndigits > 1) {
            *p++ = '.';
            std::memcpy(p, digits + 1, static_cast<std::size_t>(ndigits - 1));
            p += ndigits - 1;
        }
        *p++ = 'e';
        int e = decpt - 1;
        *p++ = e < 0 ? '-' : '+';
        if (e < 0)
            e = -e;
        if (e < 10)
            *p++ = '0';
        return std::to_chars(p, p + 4, e).ptr;
    }
    if (decpt <= 0) {
        *p++ = '0';
        *p++ = '.';
        std::memset(p, '0', static_cast<std::size_t>(-decpt));
        p += -decpt;
        std::memcpy(p, digits, static_cast<std::size_t>(ndigits));
        return p + ndigits;
    }
    if (decpt >= ndigits) {
        std::memcpy(p, digits, static_cast<std::size_t>(ndigits));
        p += ndigits;
        std::memset(p, '0', static_cast<std::size_t>(decpt - ndigits));
        return p + (decpt - ndigits);
    }
    std::memcpy(p, digits, static_cast<std::size_t>(decpt));
    p += decpt;
    *p++ = '.';
    std::memcpy(p, digits + decpt, static_cast<std::size_t>(ndigits - decpt));
    return p + (ndigits - decpt);
}

void append_number(std::string& out, double d) {
    if (std::isnan(d)) {
        out.append("null", 4);
        return;
    }
    // jq clamps infinities so the output stays valid JSON.
    if (d > DBL_MAX)
        d = DBL_MAX;
    if (d < -DBL_MAX)
        d = -DBL_MAX;
    char buf[48];
    out.append(buf, format_finite(buf, d));
}

void append_number_value(std::string& out, const Value& v) {
    const double d = v.as_number();
    if (!std::isnan(d)) {
        if (const std::string* literal = v.number_literal()) {
            out += *literal;
            return;
        }
    }
    append_number(out, d);
}

// One open array or object on the explicit stack.
struct Frame {
    const Array* array = nullptr;    // set for arrays
    const Object* object = nullptr;  // set for objects
    std::size_t index = 0;
    std::size_t size = 0;
    std::size_t depth = 0;
    std::size_t order_begin = 0;  // with -S: where this object's sorted entries start in the pool
    const std::string* color = nullptr;  // full escape sequence, or nullptr without colour
};

// How much text a drained writer gathers before handing it on.
constexpr std::size_t kDrainAt = 1u << 16;

class Writer {
public:
    Writer(std::string& out, const WriterOptions& options) : out_(out), options_(options) {
        pretty_ = options.tab || options.indent > 0;
        indent_char_ = options.tab ? '\t' : ' ';
        indent_unit_ = options.tab ? 1 : static_cast<std::size_t>(std::max(options.indent, 0));
        if (options.color) {
            const Palette& pal = options.palette;
            const std::string* sgr[] = {&pal.null_color,   &pal.false_color,  &pal.true_color,
                                        &pal.number_color, &pal.string_color, &pal.array_color,
                                        &pal.object_color};
            for (std::size_t i = 0; i < 7; ++i) colors_[i] = "\x1b[" + *sgr[i] + "m";
            key_color_ = "\x1b[" + pal.key_color + "m";
        }
    }

    void run(const Value& root, const std::function<void()>* drain) {
        open_value(root, options_.base_depth);
        if (!drain) {
            while (!stack_.empty()) step();
            return;
        }
        while (!stack_.empty()) {
            step();
            if (out_.size() >= kDrainAt)
                (*drain)();
        }
    }

private:
    void newline_indent(std::size_t depth) {
        out_ += '\n';
        out_.append(depth * indent_unit_, indent_char_);
    }

    void append_string(std::string_view s) { write_json_string(out_, s, options_.ascii); }

    // Writes a scalar or an empty container entirely, or opens a non-empty
    // container and pushes its frame. Returns true if a frame was pushed.
    bool open_value(const Value& v, std::size_t depth) {
        const std::string* color = nullptr;
        if (options_.color) {
            color = &colors_[static_cast<std::size_t>(v.kind())];
            out_ += *color;
        }
        bool pushed = false;
        if (depth > kMaxPrintDepth) {
            out_.append(kSkipped);
        } else {
            switch (v.kind()) {
                case Kind::Null: out_.append("null", 4); break;
                case Kind::False: out_.append("false", 5); break;
                case Kind::True: out_.append("true", 4); break;
                case Kind::Number: append_number_value(out_, v); break;
                case Kind::String: append_string(v.as_string()); break;
                case Kind::Array: {
                    const Array& items = v.as_array();
                    if (items.empty()) {
                        out_.append("[]", 2);
                        break;
                    }
                    out_ += '[';
                    Frame f;
                    f.array = &items;
                    f.size = items.size();
                    f.depth = depth;
                    f.color = color;
                    stack_.push_back(f);
                    pushed = true;
                    break;
                }
                case Kind::Object: {
                    const Object& obj = v.as_object();
                    if (obj.empty()) {
                        out_.append("{}", 2);
                        break;
                    }
                    out_ += '{';
                    Frame f;
                    f.object = &obj;
                    f.size = obj.size();
                    f.depth = depth;
                    f.color = color;
                    if (options_.sort_keys) {
                        f.order_begin = order_.size();
                        for (const auto& entry : obj) order_.push_back(&entry);
                        // Byte order, as jq's jv_keys (std::string compares unsigned).
                        std::sort(order_.begin() + static_cast<std::ptrdiff_t>(f.order_begin),
                                  order_.end(), [](const Object::Entry* a, const Object::Entry* b) {
                                      return a->first < b->first;
                                  });
                    }
                    stack_.push_back(f);
                    pushed = true;
                    break;
                }
            }
        }
        if (!pushed && color)
            out_.append(kReset);
        return pushed;
    }

    // Emits the next member of the innermost open container, or closes it.
    void step() {
        Frame& f = stack_.back();
        if (f.index == f.size) {
            close_frame();
            return;
        }
        const std::size_t i = f.index++;
        if (i != 0)
            out_ += ',';
        if (pretty_)
            newline_indent(f.depth + 1);
        const Value* child;
        if (f.array) {
            child = &(*f.array)[i];
        } else {
            const Object::Entry& entry =
                options_.sort_keys ? *order_[f.order_begin + i] : f.object->entry(i);
            if (f.color) {
                out_.append(kReset);
                out_ += key_color_;
            }
            append_string(entry.first);
            if (f.color) {
                out_.append(kReset);
                out_ += *f.color;
            }
            out_ += ':';
            if (pretty_)
                out_ += ' ';
            if (f.color)
                out_.append(kReset);
            child = &entry.second;
        }
        // jq re-emits the container's colour after every member; for a nested
        // container that happens when it closes. `f` may dangle after the push.
        const std::string* color = f.color;
        if (!open_value(*child, f.depth + 1) && color)
            out_ += *color;
    }

    void close_frame() {
        const Frame f = stack_.back();
        stack_.pop_back();
        if (f.object && options_.sort_keys)
            order_.resize(f.order_begin);
        if (pretty_)
            newline_indent(f.depth);
        if (f.color)
            out_ += *f.color;
        out_ += f.array ? ']' : '}';
        if (f.color) {
            out_.append(kReset);
            if (!stack_.empty())
                out_ += *stack_.back().color;
        }
    }

    std::string& out_;
    const WriterOptions& options_;
    bool pretty_ = false;
    char indent_char_ = ' ';
    std::size_t indent_unit_ = 0;
    std::string colors_[7];
    std::string key_color_;
    std::vector<Frame> stack_;
    std::vector<const Object::Entry*> order_;
};

}  // namespace

bool Palette::apply_jq_colors(const std::string& spec) {
    // Mirrors jq 1.7.1's jq_set_colors: up to eight ':'-separated fields of
    // digits and ';' (at most 12 characters each), later fields ignored, an
    // empty field giving ESC[m; any bad field rejects the whole value.
    Palette result;
    std::string* fields[kColorFields] = {
        &result.null_color,   &result.false_color, &result.true_color,   &result.number_color,
        &result.string_color, &result.array_color, &result.object_color, &result.key_color};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < kColorFields && pos < spec.size(); ++i) {
        std::size_t end = spec.find(':', pos);
        if (end == std::string::npos)
            end = spec.size();
        const std::string_view field(spec.data() + pos, end - pos);
        if (field.size() > kMaxColorField)
            return false;
        for (char c : field) {
            if (!((c >= '0' && c <= '9') || c == ';'))
                return false;
        }
        fields[i]->assign(field);
        pos = end < spec.size() ? end + 1 : end;
    }
    *this = std::move(result);
    return true;
}

void write_json(std::string& out, const Value& value, const WriterOptions& options) {
    Writer(out, options).run(value, nullptr);
}

void write_json(std::string& out, const Value& value, const WriterOptions& options,
                const std::function<void()>& drain) {
    Writer(out, options).run(value, &drain);
}

std::string to_json(const Value& value) {
    std::string out;
    static const WriterOptions compact = [] {
        WriterOptions o;
        o.indent = 0;
        return o;
    }();
    write_json(out, value, compact);
    return out;
}

std::string format_number(double d) {
    std::string out;
    append_number(out, d);
    return out;
}

void write_json_string(std::string& out, std::string_view s, bool ascii) {
    out += '"';
    const std::array<bool, 256>& needs_escape = ascii ? kNeedsEscapeAscii : kNeedsEscape;
    const char* data = s.data();
    const std::size_t n = s.size();
    std::size_t run = 0;  // start of the pending run of bytes copied verbatim
    std::size_t i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (!needs_escape[c]) {
            ++i;
            continue;
        }
        out.append(data + run, i - run);
        if (c < 0x80) {
            append_ascii_escape(out, c);
            ++i;
        } else {
            std::uint32_t cp;
            i += decode_utf8(s, i, cp);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                append_u_escape(out, 0xd800 | (cp >> 10));
                append_u_escape(out, 0xdc00 | (cp & 0x3ff));
            } else {
                append_u_escape(out, cp);
            }
        }
        run = i;
    }
    out.append(data + run, n - run);
    out += '"';
}

void write_tsv_field(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
}

}  // namespace ctq
