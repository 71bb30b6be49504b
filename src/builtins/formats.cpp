// The @formats: @text @json @csv @tsv @html @uri @urid @sh @base64 @base64d.
#include <string>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/output/json_writer.hpp"
#include "input/json_reader_text.hpp"

namespace ctq {

namespace {

const Array& row_of(const Value& in, const char* format) {
    if (!in.is_array()) {
        throw JqError(describe_value(in) + " cannot be " + format +
                      "-formatted, only an array can be");
    }
    return in.as_array();
}

// A row for @csv or @tsv: the array's elements joined by `separator`, strings written by
// `quote`, other scalars as JSON (null as nothing); arrays and objects are refused.
template <class Quote>
std::string row(const Value& in, const char* format, char separator, Quote&& quote) {
    std::string out;
    bool first = true;
    for (const Value& x : row_of(in, format)) {
        if (!first)
            out += separator;
        first = false;
        switch (x.kind()) {
            case Kind::Null: break;
            case Kind::True: out += "true"; break;
            case Kind::False: out += "false"; break;
            case Kind::Number: out += to_json(x); break;
            case Kind::String: quote(x.as_string(), out); break;
            default: throw JqError(describe_value(x) + " is not valid in a " + format + " row");
        }
    }
    return out;
}

std::string csv(const Value& in) {
    return row(in, "csv", ',', [](std::string_view text, std::string& out) {
        out += '"';
        for (char c : text) {
            if (c == '"')
                out += '"';
            out += c;
        }
        out += '"';
    });
}

std::string tsv(const Value& in) {
    return row(in, "tsv", '\t',
               [](std::string_view text, std::string& out) { write_tsv_field(out, text); });
}

std::string html(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '\'': out += "&apos;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

std::string uri(const std::string& s) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        if (unreserved(c)) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string uri_decode(const Value& in) {
    const std::string_view s = in.as_string();
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
        const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            throw JqError(describe_value(in) + " is not a valid uri encoding");
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    // The decoded bytes must be UTF-8 (jq 1.8).
    std::string checked = out;
    std::string spare;
    json_text::repair_utf8(checked, spare);
    if (checked != out)
        throw JqError(describe_value(in) + " is not a valid uri encoding");
    return out;
}

std::string shell_quote(const Value& x) {
    switch (x.kind()) {
        case Kind::String: {
            std::string out = "'";
            for (char c : x.as_string()) {
                if (c == '\'') {
                    out += "'\\''";
                } else {
                    out += c;
                }
            }
            return out + "'";
        }
        case Kind::Array:
        case Kind::Object: throw JqError(describe_value(x) + " can not be escaped for shell");
        default: return to_json(x);
    }
}

std::string sh(const Value& in) {
    if (!in.is_array())
        return shell_quote(in);
    std::string out;
    bool first = true;
    for (const Value& x : in.as_array()) {
        if (!first)
            out += ' ';
        first = false;
        out += shell_quote(x);
    }
    return out;
}

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::string& s) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(s[i]) << 16) |
                           (static_cast<unsigned char>(s[i + 1]) << 8) |
                           static_cast<unsigned char>(s[i + 2]);
        out += kBase64[(n >> 18) & 63];
        out += kBase64[(n >> 12) & 63];
        out += kBase64[(n >> 6) & 63];
        out += kBase64[n & 63];
    }
    if (i < s.size()) {
        unsigned n = static_cast<unsigned char>(s[i]) << 16;
        if (i + 1 < s.size())
            n |= static_cast<unsigned char>(s[i + 1]) << 8;
        out += kBase64[(n >> 18) & 63];
        out += kBase64[(n >> 12) & 63];
        out += i + 1 < s.size() ? kBase64[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_decode(const Value& in) {
    const std::string_view s = in.as_string();
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t symbols = 0;
    for (char c : s) {
        if (c == '=')
            break;
        const char* at = std::char_traits<char>::find(kBase64, 64, c);
        if (!at)
            throw JqError(describe_value(in) + " is not valid base64 data");
        buffer = (buffer << 6) | static_cast<unsigned>(at - kBase64);
        bits += 6;
        ++symbols;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    if (symbols % 4 == 1)
        throw JqError(describe_value(in) + " trailing base64 byte found");
    return out;
}

std::string text(const Value& in) {
    return to_string_value(in);
}
std::string json(const Value& in) {
    return to_json(in);
}
// The string formats apply to `tostring` of their input.
std::string html_of(const Value& in) {
    return html(to_string_value(in));
}
std::string uri_of(const Value& in) {
    return uri(to_string_value(in));
}
std::string urid_of(const Value& in) {
    return uri_decode(Value::string(to_string_value(in)));
}
std::string base64_of(const Value& in) {
    return base64(to_string_value(in));
}
std::string base64d_of(const Value& in) {
    return base64_decode(Value::string(to_string_value(in)));
}

struct FormatEntry {
    std::string_view name;
    std::string (*apply)(const Value&);
};

constexpr FormatEntry kFormatTable[] = {
    {"text", text},
    {"json", json},
    {"csv", csv},
    {"tsv", tsv},
    {"sh", sh},
    {"html", html_of},
    {"uri", uri_of},
    {"urid", urid_of},
    {"base64", base64_of},
    {"base64d", base64d_of},
};

}  // namespace

Value apply_format(std::string_view name, const Value& input) {
    for (const FormatEntry& format : kFormatTable) {
        if (format.name == name)
            return Value::string(format.apply(input));
    }
    throw JqError(std::string(name) + " is not a valid format");
}

namespace {

Value format(const Value& in, const Value* args) {
    if (!args[0].is_string())
        throw JqError(describe_value(args[0]) + " is not a valid format");
    return apply_format(args[0].as_string(), in);
}

const Builtin kFormats[] = {
    {"format", 1, format},
};

}  // namespace

void register_format_builtins(Registry& registry) {
    registry.add(kFormats);
}

}  // namespace ctq
