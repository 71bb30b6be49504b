// String builtins: prefixes, trimming, case, splitting, code points.
#include <cmath>
#include <string>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"
#include "value/utf8.hpp"

namespace ctq {

namespace {

[[noreturn]] void fail(const Value& v, const std::string& what) {
    throw JqError(describe_value(v) + " " + what);
}

Value startswith(const Value& in, const Value* args) {
    if (!in.is_string() || !args[0].is_string())
        throw JqError("startswith() requires string inputs");
    return Value::boolean(
        in.as_string().compare(0, args[0].as_string().size(), args[0].as_string()) == 0);
}

Value endswith(const Value& in, const Value* args) {
    if (!in.is_string() || !args[0].is_string())
        throw JqError("endswith() requires string inputs");
    const std::string_view s = in.as_string();
    const std::string_view suffix = args[0].as_string();
    return Value::boolean(s.size() >= suffix.size() &&
                          s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0);
}

// ltrimstr/rtrimstr leave non-string inputs and arguments untouched, as jq does.
Value ltrimstr(const Value& in, const Value* args) {
    if (!in.is_string() || !args[0].is_string())
        return in;
    const std::string_view prefix = args[0].as_string();
    if (in.as_string().compare(0, prefix.size(), prefix) != 0)
        return in;
    return Value::string(in.as_string().substr(prefix.size()));
}

Value rtrimstr(const Value& in, const Value* args) {
    if (!in.is_string() || !args[0].is_string())
        return in;
    const std::string_view s = in.as_string();
    const std::string_view suffix = args[0].as_string();
    if (s.size() < suffix.size() ||
        s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return in;
    }
    return Value::string(s.substr(0, s.size() - suffix.size()));
}

Value trimstr(const Value& in, const Value* args) {
    const Value left = ltrimstr(in, args);
    return rtrimstr(left, args);
}

// The code points jq 1.8's trim functions strip: Unicode White_Space.
bool is_unicode_space(std::uint32_t c) {
    switch (c) {
        case 0x09:
        case 0x0A:
        case 0x0B:
        case 0x0C:
        case 0x0D:
        case 0x20:
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000: return true;
        default: return c >= 0x2000 && c <= 0x200A;
    }
}

Value trim_impl(const Value& in, bool left, bool right) {
    if (!in.is_string())
        throw JqError("trim input must be a string");
    const std::string_view s = in.as_string();
    std::size_t begin = 0;
    std::size_t end = s.size();
    if (left) {
        while (begin < end) {
            std::size_t next = begin;
            if (!is_unicode_space(next_code_point(s, next)))
                break;
            begin = next;
        }
    }
    if (right) {
        while (end > begin) {
            std::size_t start = end - 1;
            while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
            std::size_t probe = start;
            if (!is_unicode_space(next_code_point(s, probe)))
                break;
            end = start;
        }
    }
    return Value::string(s.substr(begin, end - begin));
}

Value trim(const Value& in, const Value*) {
    return trim_impl(in, true, true);
}
Value ltrim(const Value& in, const Value*) {
    return trim_impl(in, true, false);
}
Value rtrim(const Value& in, const Value*) {
    return trim_impl(in, false, true);
}

Value change_case(const Value& in, bool upper) {
    if (!in.is_string())
        fail(in, upper ? "cannot be uppercased" : "cannot be lowercased");
    std::string s(in.as_string());
    for (char& c : s) {
        if (upper && c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (!upper && c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return Value::string(std::move(s));
}

Value ascii_downcase(const Value& in, const Value*) {
    return change_case(in, false);
}
Value ascii_upcase(const Value& in, const Value*) {
    return change_case(in, true);
}

Value explode(const Value& in, const Value*) {
    if (!in.is_string())
        fail(in, "cannot be exploded");
    const std::string_view s = in.as_string();
    Array out;
    for (std::size_t pos = 0; pos < s.size();)
        out.push_back(Value::number(next_code_point(s, pos)));
    return Value::array(std::move(out));
}

// Invalid code points (negative, past U+10FFFF, surrogates) become U+FFFD, as in jq 1.8.
Value implode(const Value& in, const Value*) {
    if (!in.is_array())
        throw JqError("implode input must be an array");
    std::string out;
    for (const Value& c : in.as_array()) {
        if (!c.is_number() || std::isnan(c.as_number())) {
            throw JqError(describe_value(c) +
                          " can't be imploded, unicode codepoint needs to be numeric");
        }
        const double d = std::floor(c.as_number());
        const bool valid = d >= 0 && d <= 0x10FFFF && !(d >= 0xD800 && d < 0xE000);
        append_utf8(out, valid ? static_cast<std::uint32_t>(d) : 0xFFFD);
    }
    return Value::string(std::move(out));
}

Value split(const Value& in, const Value* args) {
    if (!in.is_string() || !args[0].is_string())
        throw JqError("split input and separator must be strings");
    return binary_op(BinOp::Div, in, args[0]);
}

// Offsets of `needle` in `hay`, counted in code points as jq 1.8 does.
Value string_indices(const Value& in, const Value* args) {
    if (!in.is_string())
        fail(in, "cannot be searched, as it is not a string");
    if (!args[0].is_string())
        fail(args[0], "is not a string");
    const std::string_view hay = in.as_string();
    const std::string_view needle = args[0].as_string();
    Array out;
    if (needle.empty())
        return Value::array(std::move(out));
    std::size_t code_points = 0;
    std::size_t counted_to = 0;
    for (std::size_t at = hay.find(needle); at != std::string::npos;
         at = hay.find(needle, at + 1)) {
        code_points += utf8_length(std::string_view(hay).substr(counted_to, at - counted_to));
        counted_to = at;
        out.push_back(Value::number(static_cast<double>(code_points)));
    }
    return Value::array(std::move(out));
}

Value join(const Value& in, const Value* args) {
    if (!in.is_array())
        throw JqError("Cannot iterate over " + describe_value(in));
    if (!args[0].is_string()) {
        if (in.as_array().empty())
            return Value::string("");
        throw JqError(describe_value(args[0]) + " and " + describe_value(Value::string("")) +
                      " cannot be added");
    }
    const std::string_view sep = args[0].as_string();
    std::string out;
    bool first = true;
    for (const Value& x : in.as_array()) {
        if (!first)
            out += sep;
        first = false;
        switch (x.kind()) {
            case Kind::Null: break;
            case Kind::String: out += x.as_string(); break;
            case Kind::Number:
            case Kind::True:
            case Kind::False: out += to_string_value(x); break;
            default:
                throw JqError(describe_value(Value::string(out)) + " and " + describe_value(x) +
                              " cannot be added");
        }
    }
    return Value::string(std::move(out));
}

Value ascii(const Value& in, const Value*) {
    // Checked before the cast: a double outside int's range (infinite, 1e300) is undefined.
    const double code = in.is_number() ? in.as_number() : -1;
    if (!(code >= 0 && code <= 127))
        fail(in, "cannot be converted to ASCII");
    std::string s(1, static_cast<char>(static_cast<int>(code)));
    return Value::string(std::move(s));
}

const Builtin kStrings[] = {
    {"startswith", 1, startswith},
    {"endswith", 1, endswith},
    {"ltrimstr", 1, ltrimstr},
    {"rtrimstr", 1, rtrimstr},
    {"trimstr", 1, trimstr},
    {"trim", 0, trim},
    {"ltrim", 0, ltrim},
    {"rtrim", 0, rtrim},
    {"ascii_downcase", 0, ascii_downcase},
    {"ascii_upcase", 0, ascii_upcase},
    {"explode", 0, explode},
    {"implode", 0, implode},
    {"split", 1, split},
    {"_strindices", 1, string_indices},
    {"join", 1, join},
    {"ascii", 0, ascii},
};

}  // namespace

void register_string_builtins(Registry& registry) {
    registry.add(kStrings);
}

}  // namespace ctq
