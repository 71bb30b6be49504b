// Unit tests for the streaming JSON reader: values, jq's stream semantics and error texts.
#include <algorithm>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/value/value.hpp"

namespace {

using ctq::JsonParseError;
using ctq::JsonReader;
using ctq::Kind;
using ctq::ReaderLimits;
using ctq::Value;

/// Hands out at most `chunk` bytes per read, to cut values at every possible place.
class ChunkedSource : public ctq::ByteSource {
public:
    ChunkedSource(std::string_view text, std::size_t chunk) : text_(text), chunk_(chunk) {}
    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::min({size, chunk_, text_.size() - pos_});
        std::copy_n(text_.data() + pos_, n, buffer);
        pos_ += n;
        return n;
    }

private:
    std::string_view text_;
    std::size_t chunk_;
    std::size_t pos_ = 0;
};

/// Compact JSON for comparisons; numbers print shortest, with their kept literal if any.
void render(const Value& v, std::string& out) {
    switch (v.kind()) {
        case Kind::Null: out += "null"; break;
        case Kind::False: out += "false"; break;
        case Kind::True: out += "true"; break;
        case Kind::Number: {
            if (const std::string* literal = v.number_literal()) {
                out += *literal;
            } else if (std::isnan(v.as_number())) {
                out += "NaN";
            } else {
                char buffer[64];
                const auto end = std::to_chars(buffer, buffer + sizeof buffer, v.as_number()).ptr;
                out.append(buffer, end);
            }
            break;
        }
        case Kind::String:
            out += '"';
            for (const char c : v.as_string()) {
                if (c == '"' || c == '\\') {
                    out += '\\';
                    out += c;
                } else if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
                    out += buffer;
                } else {
                    out += c;
                }
            }
            out += '"';
            break;
        case Kind::Array: {
            out += '[';
            const char* comma = "";
            for (const Value& item : v.as_array()) {
                out += comma;
                render(item, out);
                comma = ",";
            }
            out += ']';
            break;
        }
        case Kind::Object: {
            out += '{';
            const char* comma = "";
            for (const auto& [key, item] : v.as_object()) {
                out += comma;
                render(key.value(), out);
                out += ':';
                render(item, out);
                comma = ",";
            }
            out += '}';
            break;
        }
    }
}

std::string render(const Value& v) {
    std::string out;
    render(v, out);
    return out;
}

struct Outcome {
    std::vector<std::string> values;
    std::string error;  // empty when the whole input was read
    std::size_t line = 0;

    bool operator==(const Outcome& other) const {
        return values == other.values && error == other.error && line == other.line;
    }
};

Outcome read_with(ctq::ByteSource& source, ReaderLimits limits = {}) {
    Outcome outcome;
    JsonReader reader(source, limits);
    Value value;
    try {
        while (reader.next(value)) outcome.values.push_back(render(value));
    } catch (const JsonParseError& error) {
        outcome.error = error.what();
        Value after;
        CHECK_FALSE(reader.next(after));  // a parse error ends the input, as in jq
    }
    outcome.line = reader.line();
    return outcome;
}

/// Reads `text` whole, one byte at a time and three bytes at a time; all must agree.
Outcome read_all(std::string_view text, ReaderLimits limits = {}) {
    ctq::StringSource whole(text);
    Outcome outcome = read_with(whole, limits);
    for (const std::size_t chunk : {1, 3}) {
        ChunkedSource pieces(text, chunk);
        const Outcome chunked = read_with(pieces, limits);
        INFO("chunk size " << chunk << ", input " << text);
        CHECK(chunked.values == outcome.values);
        CHECK(chunked.error == outcome.error);
        CHECK(chunked.line == outcome.line);
    }
    return outcome;
}

std::vector<std::string> values_of(std::string_view text) {
    const Outcome outcome = read_all(text);
    INFO("input: " << text);
    CHECK(outcome.error.empty());
    return outcome.values;
}

std::string error_of(std::string_view text) {
    const Outcome outcome = read_all(text);
    INFO("input: " << text);
    CHECK_FALSE(outcome.error.empty());
    return outcome.error;
}

Value one(std::string_view text) {
    return ctq::parse_json(text);
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("scalars", "[json_reader]") {
    CHECK(values_of("null true false") == Strings{"null", "true", "false"});
    CHECK(one("null").is_null());
    CHECK(one("true").kind() == Kind::True);
    CHECK(one("false").kind() == Kind::False);
    CHECK(one("\"abc\"").as_string() == "abc");
    CHECK(one("\"\"").as_string().empty());
    CHECK(one("0").as_number() == 0);
    CHECK(one("-12").as_number() == -12);
    CHECK(one("3.25").as_number() == 3.25);
    CHECK(one("1e3").as_number() == 1000);
    CHECK(one("1E+3").as_number() == 1000);
    CHECK(one("25e-1").as_number() == 2.5);
    CHECK(one("0.1").as_number() == 0.1);
    CHECK(std::signbit(one("-0").as_number()));
    CHECK(one("123456789012345").number_literal() == nullptr);
}

TEST_CASE("containers keep order; a duplicated key keeps its first place and last value",
          "[json_reader]") {
    CHECK(render(one(R"({"b":1,"a":[1,"x",{"c":null}],"e":{}})")) ==
          R"({"b":1,"a":[1,"x",{"c":null}],"e":{}})");
    CHECK(render(one(R"( [ [] , [ [ ] ] , { } ] )")) == "[[],[[]],{}]");
    const Value v = one(R"({"a":1,"b":2,"a":3})");
    CHECK(render(v) == R"({"a":3,"b":2})");
    CHECK(v.as_object().size() == 2);
    // Enough keys for Object's hash index.
    std::string big = "{";
    for (int i = 0; i < 40; ++i) big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    big += "\"k7\":\"last\"}";
    const Value wide = one(big);
    CHECK(wide.as_object().size() == 40);
    CHECK(wide.field("k7").as_string() == "last");
    CHECK(wide.as_object().entry(7).first == "k7");
    CHECK(wide.field("k39").as_number() == 39);
}

TEST_CASE("strings: escapes, surrogates and bad UTF-8", "[json_reader]") {
    CHECK(one(R"("a\"b\\c\/d\b\f\n\r\t")").as_string() == "a\"b\\c/d\b\f\n\r\t");
    CHECK(one(R"("\u0041\u00e9\u20AC")").as_string() == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(one(R"("\u0000")").as_string() == std::string(1, '\0'));
    CHECK(one(R"("\ud83d\ude00")").as_string() == "\xF0\x9F\x98\x80");
    // A lone low surrogate becomes U+FFFD; a lone high one is an error (both as in jq 1.7.1).
    CHECK(one(R"("\udc00x")").as_string() == "\xEF\xBF\xBDx");
    CHECK(one("\"caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80\"").as_string() ==
          "caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80");
    // Bad UTF-8 is replaced as jq replaces it.
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(one("\"\xFF\"").as_string() == fffd);
    CHECK(one("\"\x80x\"").as_string() == fffd + "x");
    CHECK(one("\"\xC0\xAF\"").as_string() == fffd + fffd);   // C0 never starts a sequence
    CHECK(one("\"\xE0\x80\x80\"").as_string() == fffd);      // overlong
    CHECK(one("\"\xED\xA0\x80\"").as_string() == fffd);      // encoded surrogate
    CHECK(one("\"\xF4\x90\x80\x80\"").as_string() == fffd);  // past U+10FFFF
    CHECK(one("\"\xE2\x82x\xE2\x82\xAC\"").as_string() == fffd + "x\xE2\x82\xAC");
    CHECK(one("\"a\xF0\x9F\x98\"").as_string() == "a" + fffd);  // cut at the end
    CHECK(one("\"\xF0\\n\"").as_string() == fffd);  // jq: a cut sequence eats the string's rest
    CHECK(one(std::string("\"\xF0") + "A\"").as_string() == fffd);
    CHECK(one("[\"\xE2\x82\", \"x\"]").as_array().at(1).as_string() == "x");
    CHECK(one("{\"\xFF\":1}").as_object().entry(0).first == fffd);
    CHECK(one("\"\x7F\"").as_string() == "\x7F");  // DEL is not a control character here
}

TEST_CASE("numbers: ranges, big integers, nan", "[json_reader]") {
    CHECK(one("1e999").as_number() == HUGE_VAL);
    CHECK(one("-1e999").as_number() == -HUGE_VAL);
    CHECK(one("123e300000000000000000000").as_number() == HUGE_VAL);
    CHECK(one("1e-999").as_number() == 0);
    CHECK(one("0.0000001e-400").as_number() == 0);
    CHECK(std::signbit(one("-1e-999").as_number()));
    CHECK(one("4.9e-324").as_number() > 0);  // the smallest subnormal still reads
    CHECK(one("1.7976931348623157e308").as_number() == 1.7976931348623157e308);

    // Integers of more than 15 digits that a double cannot print back keep their text.
    const Value big = one("12345678901234567890");
    REQUIRE(big.number_literal() != nullptr);
    CHECK(*big.number_literal() == "12345678901234567890");
    CHECK(big.as_number() == 12345678901234567890.0);
    CHECK(*one("-12345678901234567890").number_literal() == "-12345678901234567890");
    CHECK(*one("9007199254740993").number_literal() == "9007199254740993");
    CHECK(*one("100000000000000000000").number_literal() == "100000000000000000000");
    CHECK(one("9007199254740992").number_literal() == nullptr);
    CHECK(one("1234567890123456").number_literal() == nullptr);
    CHECK(one("1e20").number_literal() == nullptr);  // not an integer literal
    CHECK(one("12345678901234567890.0").number_literal() == nullptr);
    CHECK(values_of("[123456789012345678901234567890]") ==
          Strings{"[123456789012345678901234567890]"});

    // jq's nan literal, which prints as null.
    for (const char* text : {"nan", "NaN", "-nan", "-NaN"}) {
        INFO(text);
        CHECK(std::isnan(one(text).as_number()));
    }
    CHECK(values_of("[nan,NaN]") == Strings{"[NaN,NaN]"});
}

TEST_CASE("error messages match jq 1.7.1", "[json_reader]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{\n", "Unfinished JSON term at EOF at line 2, column 0"},
        {"[1", "Unfinished JSON term at EOF at line 1, column 2"},
        {"\n\n}", "Unmatched '}' at line 3, column 1"},
        {"[}", "Unmatched '}' at line 1, column 2"},
        {R"({"a":})", "Unmatched '}' at line 1, column 6"},
        {"{]", "Unmatched ']' at line 1, column 2"},
        {"1]", "Unmatched ']' at line 1, column 2"},
        {R"({"a" "b"})", "Expected separator between values at line 1, column 8"},
        {"[1 2]", "Expected separator between values at line 1, column 5"},
        {"[1 1", "Expected separator between values at EOF at line 1, column 4"},
        {"1[2", "Unfinished JSON term at EOF at line 1, column 3"},
        {"[1[2]]", "Expected separator between values at line 1, column 3"},
        {R"({"a", "b"})", "Objects must consist of key:value pairs at line 1, column 5"},
        {R"({"a"})", "Objects must consist of key:value pairs at line 1, column 5"},
        {"[1}", "Objects must consist of key:value pairs at line 1, column 3"},
        {"[,1]", "Expected value before ',' at line 1, column 2"},
        {",", "Expected value before ',' at line 1, column 1"},
        {"[1,]", "Expected another array element at line 1, column 4"},
        {R"({"a":1,})", "Expected another key-value pair at line 1, column 8"},
        {"{:}", "Expected string key before ':' at line 1, column 2"},
        {"1:", "Expected string key before ':' at line 1, column 2"},
        {"[1:2]", "':' not as part of an object at line 1, column 3"},
        {R"({"a":1:2})", "':' not as part of an object at line 1, column 7"},
        {"{1:2}", "Object keys must be strings at line 1, column 3"},
        {"-", "Invalid numeric literal at EOF at line 1, column 1"},
        {"[01]", "Invalid numeric literal at line 1, column 4"},
        {"1. ", "Invalid numeric literal at line 1, column 3"},
        {".5", "Invalid numeric literal at EOF at line 1, column 2"},
        {"+1", "Invalid numeric literal at EOF at line 1, column 2"},
        {"1.5e", "Invalid numeric literal at EOF at line 1, column 4"},
        {"0x10", "Invalid numeric literal at EOF at line 1, column 4"},
        {"Infinity", "Invalid numeric literal at EOF at line 1, column 8"},
        {"NaN1", "Invalid numeric literal at EOF at line 1, column 4"},
        {"nana", "Invalid numeric literal at EOF at line 1, column 4"},
        {"{'a': 123}", "Invalid numeric literal at line 1, column 5"},  // jq 1.7.1's wording
        {"\f1", "Invalid numeric literal at EOF at line 1, column 2"},
        {"truex", "Invalid literal at EOF at line 1, column 5"},
        {"[tru]", "Invalid literal at line 1, column 5"},
        {"[tru\n]", "Invalid literal at line 2, column 0"},
        {"nul", "Invalid literal at EOF at line 1, column 3"},
        {"\"abc", "Unfinished string at EOF at line 1, column 4"},
        {"\"a\nbc", "Unfinished string at EOF at line 2, column 2"},
        {"\"\\", "Unfinished string at EOF at line 1, column 2"},
        {R"("\x")", "Invalid escape at line 1, column 4"},
        {R"("\u12")", "Invalid \\uXXXX escape at line 1, column 6"},
        {R"("\uZZZZ")", "Invalid characters in \\uXXXX escape at line 1, column 8"},
        {R"("\ud800")", "Invalid \\uXXXX\\uXXXX surrogate pair escape at line 1, column 8"},
        {R"("\ud800\u0041")", "Invalid \\uXXXX\\uXXXX surrogate pair escape at line 1, column 14"},
        {"\"a\x01\"",
         "Invalid string: control characters from U+0000 through U+001F must be escaped at "
         "line 1, column 4"},
        {"[\"a\nb\"]",
         "Invalid string: control characters from U+0000 through U+001F must be escaped at "
         "line 2, column 2"},
        {"\"a\x1E\"",
         "Invalid string: control characters from U+0000 through U+001F must be escaped at "
         "line 1, column 4"},
        {std::string("1\x1E") + "2", "Invalid numeric literal at EOF at line 1, column 3"},
        {"[1,\n2 3]\n4", "Expected separator between values at line 2, column 4"},
        // Errors inside a string are found at its closing quote, in order.
        {"\"\\q\x01\"", "Invalid escape at line 1, column 5"},
    };
    for (const auto& [text, message] : cases) {
        INFO("input: " << text);
        CHECK(error_of(text) == message);
    }
}

TEST_CASE("a NUL byte is an error, never an end of input", "[json_reader]") {
    using namespace std::string_literals;
    CHECK(error_of("1\0"s) == "Invalid numeric literal at EOF at line 1, column 2");
    CHECK(error_of("\0"s) == "Invalid numeric literal at EOF at line 1, column 1");
    CHECK(error_of("[1\0]"s) == "Invalid numeric literal at line 1, column 4");
    CHECK(error_of("[\0]"s) == "Invalid numeric literal at line 1, column 3");
    CHECK(error_of("\"a\0\""s) ==
          "Invalid string: control characters from U+0000 through U+001F must be escaped at "
          "line 1, column 4");
    const Outcome after = read_all("\"a\" \0 \"b\""s);
    CHECK(after.values == Strings{"\"a\""});
    CHECK(after.error == "Invalid numeric literal at line 1, column 6");
}

TEST_CASE("stream semantics: texts in a row, NDJSON", "[json_reader]") {
    CHECK(values_of("1 2") == Strings{"1", "2"});
    CHECK(values_of("[1] [2]") == Strings{"[1]", "[2]"});
    CHECK(values_of("[1][2]{}") == Strings{"[1]", "[2]", "{}"});
    CHECK(values_of("[1]2") == Strings{"[1]", "2"});
    CHECK(values_of("1\"a\"") == Strings{"1", "\"a\""});
    CHECK(values_of("1[2]") == Strings{"1", "[2]"});
    CHECK(values_of("1{}") == Strings{"1", "{}"});
    CHECK(values_of("\"a\"\"b\"") == Strings{"\"a\"", "\"b\""});
    CHECK(values_of("true false null") == Strings{"true", "false", "null"});
    CHECK(values_of("").empty());
    CHECK(values_of(" \n\t\r ").empty());
    const Outcome ndjson = read_all("{\"a\":1}\n{\"a\":2}\r\n\n{\"a\":3}\n");
    CHECK(ndjson.values == Strings{"{\"a\":1}", "{\"a\":2}", "{\"a\":3}"});
    CHECK(ndjson.error.empty());
    CHECK(ndjson.line == 4);  // at the end: every newline read
}

TEST_CASE("values before an error stay returned", "[json_reader]") {
    Outcome outcome = read_all("1 2 ]");
    CHECK(outcome.values == Strings{"1", "2"});
    CHECK(outcome.error == "Unmatched ']' at line 1, column 5");
    // As in jq, a number cut short by a bad structural character is lost with it.
    outcome = read_all("1 2,");
    CHECK(outcome.values == Strings{"1"});
    CHECK(outcome.error == "Expected value before ',' at line 1, column 4");
    outcome = read_all("[1,2]x");
    CHECK(outcome.values == Strings{"[1,2]"});
    CHECK(outcome.error == "Invalid numeric literal at EOF at line 1, column 6");
    outcome = read_all("{\"a\":1}\n{\"a\":2}\n{\"a\":");
    CHECK(outcome.values == Strings{"{\"a\":1}", "{\"a\":2}"});
    CHECK(outcome.error == "Unfinished JSON term at EOF at line 3, column 5");

    // The error comes on the call that reaches the bad text.
    ctq::StringSource source("[1] ]");
    JsonReader reader(source);
    Value value;
    REQUIRE(reader.next(value));
    CHECK(render(value) == "[1]");
    CHECK_THROWS_AS(reader.next(value), JsonParseError);
    CHECK_FALSE(reader.next(value));
}

TEST_CASE("line() is jq's input line number: newlines read, the value's own line included",
          "[json_reader]") {
    // jq reads a line at a time, so a value counts the newline that ends its line.
    ctq::StringSource source("1\n[2,\n3]\n\n\"x\"");
    JsonReader reader(source);
    Value value;
    REQUIRE(reader.next(value));
    CHECK(reader.line() == 1);
    REQUIRE(reader.next(value));
    CHECK(reader.line() == 3);
    REQUIRE(reader.next(value));
    CHECK(reader.line() == 4);  // the last line has no newline
    CHECK_FALSE(reader.next(value));
    CHECK(reader.line() == 4);

    // Values sharing a line share its number; a line without a newline at the end of the
    // input counts none (jq: `1 2\n3` gives 1 1 1, `[1]\n[2]\n` gives 1 2).
    ctq::StringSource shared("1 2\n3");
    JsonReader on_one_line(shared);
    for (const std::size_t expected : {1, 1, 1}) {
        REQUIRE(on_one_line.next(value));
        CHECK(on_one_line.line() == expected);
    }
    ctq::StringSource arrays("[1]\n[2]\n");
    JsonReader two_lines(arrays);
    for (const std::size_t expected : {1, 2}) {
        REQUIRE(two_lines.next(value));
        CHECK(two_lines.line() == expected);
    }

    // After a parse error, the line of the error, as jq's message shows.
    ctq::StringSource bad("1\n2 x\n3\n");
    JsonReader broken(bad);
    REQUIRE(broken.next(value));
    REQUIRE(broken.next(value));
    CHECK_THROWS_AS(broken.next(value), JsonParseError);
    CHECK(broken.line() == 2);
}

TEST_CASE("values cut across chunks", "[json_reader]") {
    // read_all already compares whole reads with 1- and 3-byte reads; these inputs also
    // cross the reader's own 64 KiB chunks.
    std::string long_text(200000, 'x');
    for (std::size_t i = 0; i < long_text.size(); i += 997) long_text[i] = 'y';
    const std::string doc = "[\"" + long_text + "\",\"caf\xC3\xA9\\n\"," + std::string(70000, ' ') +
                            "12345678901234567890123]";
    const Outcome outcome = read_all(doc);
    REQUIRE(outcome.values.size() == 1);
    CHECK(outcome.values[0] ==
          "[\"" + long_text + "\",\"caf\xC3\xA9\\u000a\"," + "12345678901234567890123]");

    std::string many = "[";
    for (int i = 0; i < 30000; ++i) many += "{\"key\":\"value\xE2\x82\xAC\",\"n\":-1.5e3},";
    many += "null]\n";
    const Value big = one(many);
    REQUIRE(big.as_array().size() == 30001);
    CHECK(render(big.as_array().at(29999)) == "{\"key\":\"value\xE2\x82\xAC\",\"n\":-1500}");

    std::string records;
    for (int i = 0; i < 5000; ++i)
        records += "{\"i\":" + std::to_string(i) + ",\"s\":\"\\u00e9\"}\n";
    ChunkedSource one_byte(records, 1);
    const Outcome streamed = read_with(one_byte);
    CHECK(streamed.values.size() == 5000);
    CHECK(streamed.values.back() == "{\"i\":4999,\"s\":\"\xC3\xA9\"}");
    CHECK(streamed.line == 5000);
}

TEST_CASE("a UTF-8 byte order mark at the start is skipped", "[json_reader]") {
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(values_of(bom + "[1]") == Strings{"[1]"});
    CHECK(values_of(bom).empty());
    CHECK(values_of(bom.substr(0, 2)).empty());  // a cut-off BOM alone: jq reads nothing either
    // Columns start after the BOM.
    CHECK(error_of(bom + "}") == "Unmatched '}' at line 1, column 1");
    // Only at the very start.
    CHECK(error_of(" " + bom + "1") == "Invalid numeric literal at EOF at line 1, column 5");
    CHECK(error_of(bom + bom + "1") == "Invalid numeric literal at EOF at line 1, column 4");
    CHECK(error_of(bom.substr(0, 2) + "1") == "Malformed BOM");
    CHECK(error_of(bom.substr(0, 1) + "1") == "Malformed BOM");
    CHECK(one(bom + " 7 ").as_number() == 7);
}

TEST_CASE("nesting deeper than the limit is an error", "[json_reader]") {
    const std::size_t limit = ReaderLimits{}.max_depth;
    // (Not rendered: the test's recursive printer would need a deep native stack.)
    const std::string deep_ok = std::string(limit, '[') + std::string(limit, ']');
    ctq::StringSource deep_source(deep_ok);
    JsonReader deep_reader(deep_source);
    Value deep;
    REQUIRE(deep_reader.next(deep));
    std::size_t levels = 1;
    for (const Value* v = &deep; !v->as_array().empty(); v = &v->as_array()[0]) ++levels;
    CHECK(levels == limit);
    CHECK_FALSE(deep_reader.next(deep));
    const std::string too_deep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
    ctq::StringSource source(too_deep);
    CHECK(read_with(source).error ==
          "Exceeds depth limit for parsing at line 1, column " + std::to_string(limit + 1));
    // Hostile depth fails fast instead of exhausting the stack.
    const std::string hostile(5000000, '[');
    ctq::StringSource hostile_source(hostile);
    CHECK(read_with(hostile_source).error ==
          "Exceeds depth limit for parsing at line 1, column " + std::to_string(limit + 1));
    // As in jq, an object's pending key counts as a level too.
    CHECK(read_all(R"({"a":{"a":1}})", ReaderLimits{4}).error.empty());
    CHECK(read_all(R"({"a":{"a":{}}})", ReaderLimits{4}).error ==
          "Exceeds depth limit for parsing at line 1, column 11");
    CHECK(read_all("[[[]]]", ReaderLimits{3}).error.empty());
    CHECK(read_all("[[[[]]]]", ReaderLimits{3}).error ==
          "Exceeds depth limit for parsing at line 1, column 4");
}

TEST_CASE("parse_json reads exactly one text, with fromjson's messages", "[json_reader]") {
    CHECK(render(ctq::parse_json(" {\"a\": [1, 2]}\n")) == "{\"a\":[1,2]}");
    // fromjson appends " (while parsing '<text>')" to these, as jq does.
    const auto message = [](std::string_view text) -> std::string {
        try {
            ctq::parse_json(text);
        } catch (const JsonParseError& error) {
            return error.what();
        }
        return "(no error)";
    };
    CHECK(message("") == "Expected JSON value");
    CHECK(message(" ") == "Expected JSON value");
    CHECK(message("1 2") == "Unexpected extra JSON values");
    CHECK(message("[1]2") == "Unexpected extra JSON values");
    CHECK(message("1 2 ]") == "Unexpected extra JSON values");  // jq stops at the second text
    CHECK(message("[1") == "Unfinished JSON term at EOF at line 1, column 2");
    CHECK(message("{\"a\":1} x") == "Invalid numeric literal at EOF at line 1, column 9");
    CHECK(message("1 ]") == "Unmatched ']' at line 1, column 3");
    CHECK(message("NaN1") == "Invalid numeric literal at EOF at line 1, column 4");
    CHECK(std::isnan(ctq::parse_json("nan").as_number()));
}

TEST_CASE("StreamSource reads a stdio stream", "[json_reader]") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    const std::string text = "{\"eventName\":\"ConsoleLogin\"}\n[1,2]\n";
    REQUIRE(std::fwrite(text.data(), 1, text.size(), file) == text.size());
    std::fflush(file);
    std::rewind(file);
    ctq::StreamSource source(file);
    const Outcome outcome = read_with(source);
    std::fclose(file);
    CHECK(outcome.values == Strings{"{\"eventName\":\"ConsoleLogin\"}", "[1,2]"});
    CHECK(outcome.error.empty());
}

namespace {

std::filesystem::path json_test_suite_dir() {
#ifdef CTQ_JSONTESTSUITE_DIR
    return CTQ_JSONTESTSUITE_DIR;
#else
    // tests/unit/<this file> -> the source tree's root, beside which `shared/` lives.
    const std::filesystem::path root =
        std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
    return root / ".." / "shared" / "conformance" / "JSONTestSuite" / "test_parsing";
#endif
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("JSONTestSuite: y_ accepted, n_ rejected, i_ never crash", "[json_reader]") {
    const std::filesystem::path dir = json_test_suite_dir();
    if (!std::filesystem::is_directory(dir)) {
        WARN("JSONTestSuite not found at " << dir.string() << "; skipped");
        return;
    }
    // n_ files that jq's reader accepts, with how many values it reads from them:
    const std::map<std::string, std::size_t> stream_exceptions = {
        // several texts in a row form a valid stream
        {"n_structure_double_array.json", 2},                  // [][]
        {"n_structure_object_with_trailing_garbage.json", 2},  // {"a": true} "x"
        // an input with no text at all is an empty stream
        {"n_structure_no_data.json", 0},
        {"n_single_space.json", 0},
        {"n_structure_UTF8_BOM_no_data.json", 0},
        // jq's NaN literal
        {"n_number_NaN.json", 1},   // [NaN]
        {"n_number_-NaN.json", 1},  // [-NaN]
    };
    std::size_t seen = 0;
    std::size_t exceptions_seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 2 || name[1] != '_')
            continue;
        const std::string text = file_text(entry.path());
        const Outcome outcome = read_all(text);
        INFO(name);
        ++seen;
        switch (name[0]) {
            case 'y':
                CHECK(outcome.error.empty());
                CHECK(outcome.values.size() == 1);
                CHECK_NOTHROW(ctq::parse_json(text));
                break;
            case 'n':
                if (const auto it = stream_exceptions.find(name); it != stream_exceptions.end()) {
                    ++exceptions_seen;
                    CHECK(outcome.error.empty());
                    CHECK(outcome.values.size() == it->second);
                    if (it->second != 1)
                        CHECK_THROWS_AS(ctq::parse_json(text), JsonParseError);
                } else {
                    CHECK_FALSE(outcome.error.empty());
                    CHECK_THROWS_AS(ctq::parse_json(text), JsonParseError);
                }
                break;
            default: break;  // i_: either way is fine, and read_all ran it three ways
        }
    }
    CHECK(seen > 300);
    CHECK(exceptions_seen == stream_exceptions.size());
}

TEST_CASE("whether the input read so far ends with a newline", "[json_reader]") {
    auto ends_with_newline = [](const std::string& text) {
        ctq::StringSource source(text);
        ctq::JsonReader reader(source);
        ctq::Value value;
        while (reader.next(value)) {
        }
        return reader.ends_with_newline();
    };
    CHECK(ends_with_newline(""));
    CHECK(ends_with_newline("1\n2\n"));
    CHECK_FALSE(ends_with_newline("1\n2"));
    CHECK_FALSE(ends_with_newline("1\n2\n "));
    CHECK(ends_with_newline("{\"Records\": []}\n"));
}
