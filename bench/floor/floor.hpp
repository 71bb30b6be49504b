// What the floor programs share: jq's way of writing a string, and a buffered stdout.
// Each program does the work of one benchmark case with simdjson On-Demand and prints what
// ctq and jq print for it, so that the ratio ctq/floor compares like with like.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace floor_bench {

// Appends s as a JSON string the way jq writes it: \" \\ \n \t \r \b \f, \u00XX for the other
// control characters and DEL, everything else (UTF-8 included) as it is.
inline void append_json_string(std::string& out, std::string_view s) {
    static const char* const hex = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (u < 0x20 || u == 0x7f) {
                    out += "\\u00";
                    out += hex[u >> 4];
                    out += hex[u & 15];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

// Output gathered in memory and written in large blocks.
class Output {
public:
    ~Output() { flush(); }
    std::string& text() { return text_; }
    void maybe_flush() {
        if (text_.size() > (1 << 20))
            flush();
    }
    void flush() {
        std::fwrite(text_.data(), 1, text_.size(), stdout);
        text_.clear();
    }

private:
    std::string text_;
};

}  // namespace floor_bench
