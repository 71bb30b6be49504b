// Unit tests for the JSON writer; every expectation is jq 1.7.1's exact output.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include "ctq/output/json_writer.hpp"

using namespace ctq;

namespace {

Value num(double d) {
    return Value::number(d);
}
Value str(std::string s) {
    return Value::string(std::move(s));
}

Value arr(std::initializer_list<Value> items) {
    return Value::array(Array(items));
}

Value obj(std::initializer_list<std::pair<std::string, Value>> entries) {
    Object o;
    for (const auto& [key, value] : entries) o.set(key, value);
    return Value::object(std::move(o));
}

std::string dump(const Value& v, const WriterOptions& options = {}) {
    std::string out;
    write_json(out, v, options);
    return out;
}

WriterOptions compact() {
    WriterOptions o;
    o.indent = 0;
    return o;
}

// {"a":[1,{"b":null}],"c":[],"d":{}}
Value sample() {
    return obj({{"a", arr({num(1), obj({{"b", Value::null()}})})}, {"c", arr({})}, {"d", obj({})}});
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// `depth` nested arrays (or single-key objects) around `leaf`, built in a loop.
Value nest_arrays(Value v, std::size_t depth) {
    for (std::size_t i = 0; i < depth; ++i) v = Value::array(Array{v});
    return v;
}

Value nest_objects(Value v, std::size_t depth) {
    for (std::size_t i = 0; i < depth; ++i) {
        Object o;
        o.set("a", std::move(v));
        v = Value::object(std::move(o));
    }
    return v;
}

}  // namespace

TEST_CASE("format_number matches jq 1.7.1's dtoa layout", "[json_writer]") {
    const std::pair<double, const char*> cases[] = {
        {1e-05, "1e-05"},
        {1e17, "1e+17"},
        {1e16, "1e+16"},
        {1e15, "1000000000000000"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {1.234e-05, "1.234e-05"},
        {0.0001, "0.0001"},
        {0.001, "0.001"},
        {123456789012345678.0, "123456789012345680"},
        {0.0, "0"},
        {-0.0, "-0"},
        {2.5e-07, "2.5e-07"},
        {1.5e300, "1.5e+300"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        {1.5 * 2, "3"},
        {100, "100"},
        {1.5, "1.5"},
        {-1.5, "-1.5"},
        {5e-324, "5e-324"},
        {2.2250738585072014e-308, "2.2250738585072014e-308"},
        {1e21, "1e+21"},
        {1e22, "1e+22"},
        {1.2345678901234568e29, "123456789012345680000000000000"},
        {1.2345678901234568e21, "1234567890123456800000"},
        {12345678901234567.0, "12345678901234568"},
        {9007199254740993.0, "9007199254740992"},
        {9.999999999999999e-05, "9.999999999999999e-05"},
        {1e100, "1e+100"},
        {-1e-07, "-1e-07"},
        {4.35, "4.35"},
        {0.000123, "0.000123"},
        {123.456, "123.456"},
        {1e308, "1e+308"},
        {1.1e-10, "1.1e-10"},
        {0.5, "0.5"},
        {-1000, "-1000"},
        {3.03e18, "3.03e+18"},
        {3.03e17, "303000000000000000"},
        {1.5e17, "1.5e+17"},
        {5.86e22, "5.86e+22"},
        {-2.0397151557832332e220, "-2.0397151557832332e+220"},
    };
    for (const auto& [d, expected] : cases) {
        INFO("expected " << expected);
        CHECK(format_number(d) == expected);
    }
}

TEST_CASE("non-finite numbers print as jq prints them", "[json_writer]") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(format_number(inf) == "1.7976931348623157e+308");
    CHECK(format_number(-inf) == "-1.7976931348623157e+308");
    CHECK(format_number(std::nan("")) == "null");
    CHECK(to_json(arr({num(inf), num(-inf), num(std::nan(""))})) ==
          "[1.7976931348623157e+308,-1.7976931348623157e+308,null]");
}

TEST_CASE("a kept number literal prints verbatim", "[json_writer]") {
    CHECK(to_json(Value::number_with_literal(1e20, "100000000000000000000")) ==
          "100000000000000000000");
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(to_json(Value::number_with_literal(inf, "1E+1000")) == "1E+1000");
    CHECK(to_json(arr({Value::number_with_literal(1e-5, "0.00001")})) == "[0.00001]");
}

TEST_CASE("writer: scalars", "[json_writer]") {
    CHECK(to_json(Value::null()) == "null");
    CHECK(to_json(Value::boolean(true)) == "true");
    CHECK(to_json(Value::boolean(false)) == "false");
    CHECK(to_json(str("")) == "\"\"");
    CHECK(dump(num(42)) == "42");  // pretty changes nothing for scalars
}

TEST_CASE("string escaping", "[json_writer]") {
    const std::string s = std::string("\0\x01\b\t\n\x0b\f\r\x1b\x1f\x7f /\"\\ ", 16) +
                          "\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80";  // é U+2028 😀
    const std::string escaped = R"("\u0000\u0001\b\t\n\u000b\f\r\u001b\u001f\u007f /\"\\ )";
    SECTION("default keeps non-ASCII and U+2028 raw, escapes DEL, leaves / alone") {
        std::string out;
        write_json_string(out, s, false);
        CHECK(out == escaped + "\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\"");
    }
    SECTION("-a escapes everything beyond 0x7f in lowercase hex, astral as surrogates") {
        std::string out;
        write_json_string(out, s, true);
        CHECK(out == escaped + R"(\u00e9\u2028\ud83d\ude00")");
    }
    SECTION("-a on the BMP and plane edges") {
        std::string out;
        // U+FFFF, U+FEFF, U+10FFFF
        write_json_string(out, "\xef\xbf\xbf\xef\xbb\xbf\xf4\x8f\xbf\xbf", true);
        CHECK(out == R"("\uffff\ufeff\udbff\udfff")");
    }
    SECTION("every control character") {
        std::string all;
        for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
        std::string out;
        write_json_string(out, all, false);
        CHECK(out ==
              R"("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
              R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c)"
              R"(\u001d\u001e\u001f")");
    }
    SECTION("a long string with nothing to escape is copied as is") {
        const std::string plain(10000, 'x');
        std::string out;
        write_json_string(out, plain, false);
        CHECK(out == "\"" + plain + "\"");
    }
    SECTION("malformed UTF-8 passes through, and becomes U+FFFD under -a") {
        std::string out;
        write_json_string(out,
                          "a\xff"
                          "b\xc3",
                          false);
        CHECK(out ==
              "\"a\xff"
              "b\xc3\"");
        out.clear();
        write_json_string(out,
                          "a\xff"
                          "b\xc3",
                          true);
        CHECK(out == R"("a\ufffdb\ufffd")");
    }
    SECTION("keys are escaped the same way") {
        WriterOptions o = compact();
        o.ascii = true;
        CHECK(dump(obj({{"\xc3\xa9\n", str("\xf0\x9f\x98\x80")}}), o) ==
              R"({"\u00e9\n":"\ud83d\ude00"})");
    }
}

TEST_CASE("layout: pretty, indent widths, tab, compact", "[json_writer]") {
    const Value v = sample();
    CHECK(dump(v) ==
          "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n"
          "  \"c\": [],\n  \"d\": {}\n}");
    WriterOptions o;
    o.indent = 1;
    CHECK(dump(v, o) ==
          "{\n \"a\": [\n  1,\n  {\n   \"b\": null\n  }\n ],\n \"c\": [],\n \"d\": {}\n}");
    o.indent = 7;
    CHECK(dump(v, o) ==
          "{\n       \"a\": [\n              1,\n              {\n"
          "                     \"b\": null\n              }\n       ],\n"
          "       \"c\": [],\n       \"d\": {}\n}");
    o.indent = 2;
    o.tab = true;
    CHECK(dump(v, o) ==
          "{\n\t\"a\": [\n\t\t1,\n\t\t{\n\t\t\t\"b\": null\n\t\t}\n\t],\n"
          "\t\"c\": [],\n\t\"d\": {}\n}");
    CHECK(dump(v, compact()) == R"({"a":[1,{"b":null}],"c":[],"d":{}})");
    CHECK(to_json(v) == R"({"a":[1,{"b":null}],"c":[],"d":{}})");
}

TEST_CASE("empty containers stay on one line", "[json_writer]") {
    const Value v = arr({arr({arr({arr({})})}), obj({{"a", obj({{"b", obj({})}})}})});
    CHECK(dump(v) ==
          "[\n  [\n    [\n      []\n    ]\n  ],\n"
          "  {\n    \"a\": {\n      \"b\": {}\n    }\n  }\n]");
    CHECK(to_json(v) == R"([[[[]]],{"a":{"b":{}}}])");
    CHECK(dump(arr({})) == "[]");
    CHECK(dump(obj({})) == "{}");
}

TEST_CASE("write_json appends to what is already in the buffer", "[json_writer]") {
    std::string out = "prefix:";
    write_json(out, arr({num(1), num(2)}), compact());
    CHECK(out == "prefix:[1,2]");
}

TEST_CASE("keys keep insertion order unless sorted", "[json_writer]") {
    // {"b":1,"a":{"z":[{"y":1,"x":2}],"é":1,"Z":2,"":3,"aa":4,"a":5},"A":[]}
    const Value v = obj({{"b", num(1)},
                         {"a", obj({{"z", arr({obj({{"y", num(1)}, {"x", num(2)}})})},
                                    {"\xc3\xa9", num(1)},
                                    {"Z", num(2)},
                                    {"", num(3)},
                                    {"aa", num(4)},
                                    {"a", num(5)}})},
                         {"A", arr({})}});
    CHECK(to_json(v) ==
          "{\"b\":1,\"a\":{\"z\":[{\"y\":1,\"x\":2}],\"\xc3\xa9\":1,\"Z\":2,"
          "\"\":3,\"aa\":4,\"a\":5},\"A\":[]}");
    WriterOptions o = compact();
    o.sort_keys = true;
    // Byte order, recursively (so "é" sorts after "z").
    CHECK(dump(v, o) ==
          "{\"A\":[],\"a\":{\"\":3,\"Z\":2,\"a\":5,\"aa\":4,\"z\":[{\"x\":2,"
          "\"y\":1}],\"\xc3\xa9\":1},\"b\":1}");
    o.ascii = true;
    CHECK(dump(v, o) ==
          "{\"A\":[],\"a\":{\"\":3,\"Z\":2,\"a\":5,\"aa\":4,\"z\":[{\"x\":2,"
          "\"y\":1}],\"\\u00e9\":1},\"b\":1}");
}

TEST_CASE("large objects keep order and sort", "[json_writer]") {
    Object o;
    std::string expected_unsorted = "{";
    for (int i = 40; i > 0; --i) {
        const std::string key = "k" + std::to_string(i);
        o.set(key, num(i));
        expected_unsorted += "\"" + key + "\":" + std::to_string(i) + (i > 1 ? "," : "}");
    }
    const Value v = Value::object(std::move(o));
    CHECK(to_json(v) == expected_unsorted);
    WriterOptions opts = compact();
    opts.sort_keys = true;
    const std::string sorted = dump(v, opts);
    CHECK(sorted.rfind("{\"k1\":1,\"k10\":10,\"k11\":11,", 0) == 0);
    CHECK(sorted.size() == expected_unsorted.size());
}

TEST_CASE("colour output is byte-identical to jq -C", "[json_writer]") {
    // {"a":[1,{"b":null,"c":true,"d":false}],"e":"x","f":[],"g":{}}
    const Value v = obj({{"a", arr({num(1), obj({{"b", Value::null()},
                                                 {"c", Value::boolean(true)},
                                                 {"d", Value::boolean(false)}})})},
                         {"e", str("x")},
                         {"f", arr({})},
                         {"g", obj({})}});
    WriterOptions o;
    o.color = true;
    SECTION("pretty") {
        CHECK(dump(v, o) ==
              "\x1b[1;39m{\n"
              "  \x1b[0m\x1b[1;34m\"a\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m[\n"
              "    \x1b[0;39m1\x1b[0m\x1b[1;39m,\n"
              "    \x1b[1;39m{\n"
              "      \x1b[0m\x1b[1;34m\"b\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;90mnull\x1b[0m"
              "\x1b[1;39m,\n"
              "      \x1b[0m\x1b[1;34m\"c\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;39mtrue\x1b[0m"
              "\x1b[1;39m,\n"
              "      \x1b[0m\x1b[1;34m\"d\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;39mfalse\x1b[0m"
              "\x1b[1;39m\n"
              "    \x1b[1;39m}\x1b[0m\x1b[1;39m\n"
              "  \x1b[1;39m]\x1b[0m\x1b[1;39m,\n"
              "  \x1b[0m\x1b[1;34m\"e\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;32m\"x\"\x1b[0m"
              "\x1b[1;39m,\n"
              "  \x1b[0m\x1b[1;34m\"f\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m[]\x1b[0m\x1b[1;39m,\n"
              "  \x1b[0m\x1b[1;34m\"g\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m{}\x1b[0m\x1b[1;39m\n"
              "\x1b[1;39m}\x1b[0m");
    }
    SECTION("compact") {
        o.indent = 0;
        CHECK(dump(v, o) ==
              "\x1b[1;39m{\x1b[0m\x1b[1;34m\"a\"\x1b[0m\x1b[1;39m:\x1b[0m\x1b[1;39m["
              "\x1b[0;39m1\x1b[0m\x1b[1;39m,\x1b[1;39m{\x1b[0m\x1b[1;34m\"b\"\x1b[0m"
              "\x1b[1;39m:\x1b[0m\x1b[0;90mnull\x1b[0m\x1b[1;39m,\x1b[0m\x1b[1;34m\"c\"\x1b[0m"
              "\x1b[1;39m:\x1b[0m\x1b[0;39mtrue\x1b[0m\x1b[1;39m,\x1b[0m\x1b[1;34m\"d\"\x1b[0m"
              "\x1b[1;39m:\x1b[0m\x1b[0;39mfalse\x1b[0m\x1b[1;39m\x1b[1;39m}\x1b[0m\x1b[1;39m"
              "\x1b[1;39m]\x1b[0m\x1b[1;39m,\x1b[0m\x1b[1;34m\"e\"\x1b[0m\x1b[1;39m:\x1b[0m"
              "\x1b[0;32m\"x\"\x1b[0m\x1b[1;39m,\x1b[0m\x1b[1;34m\"f\"\x1b[0m\x1b[1;39m:"
              "\x1b[0m\x1b[1;39m[]\x1b[0m\x1b[1;39m,\x1b[0m\x1b[1;34m\"g\"\x1b[0m\x1b[1;39m:"
              "\x1b[0m\x1b[1;39m{}\x1b[0m\x1b[1;39m\x1b[1;39m}\x1b[0m");
    }
    SECTION("nested arrays, compact") {
        o.indent = 0;
        CHECK(dump(arr({num(1), arr({num(2)})}), o) ==
              "\x1b[1;39m[\x1b[0;39m1\x1b[0m\x1b[1;39m,\x1b[1;39m[\x1b[0;39m2\x1b[0m\x1b[1;39m"
              "\x1b[1;39m]\x1b[0m\x1b[1;39m\x1b[1;39m]\x1b[0m");
    }
    SECTION("empty containers and scalars at the top") {
        CHECK(dump(arr({}), o) == "\x1b[1;39m[]\x1b[0m");
        CHECK(dump(obj({}), o) == "\x1b[1;39m{}\x1b[0m");
        CHECK(dump(str("\x1f"), o) == "\x1b[0;32m\"\\u001f\"\x1b[0m");
        CHECK(dump(arr({obj({})}), o) ==
              "\x1b[1;39m[\n  \x1b[1;39m{}\x1b[0m\x1b[1;39m\n"
              "\x1b[1;39m]\x1b[0m");
    }
    SECTION("-S --tab") {
        o.tab = true;
        o.sort_keys = true;
        const Value w = obj({{"b", obj({{"y", str("\xc3\xa9")}, {"x", arr({})}})}, {"a", num(1)}});
        CHECK(dump(w, o) ==
              "\x1b[1;39m{\n"
              "\t\x1b[0m\x1b[1;34m\"a\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;39m1\x1b[0m\x1b[1;39m,\n"
              "\t\x1b[0m\x1b[1;34m\"b\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m{\n"
              "\t\t\x1b[0m\x1b[1;34m\"x\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m[]\x1b[0m"
              "\x1b[1;39m,\n"
              "\t\t\x1b[0m\x1b[1;34m\"y\"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;32m\"\xc3\xa9\"\x1b[0m"
              "\x1b[1;39m\n"
              "\t\x1b[1;39m}\x1b[0m\x1b[1;39m\n"
              "\x1b[1;39m}\x1b[0m");
    }
    SECTION("-a -c") {
        o.indent = 0;
        o.ascii = true;
        CHECK(dump(obj({{"\xc3\xa9", str("\xf0\x9f\x98\x80")}}), o) ==
              "\x1b[1;39m{\x1b[0m\x1b[1;34m\"\\u00e9\"\x1b[0m\x1b[1;39m:\x1b[0m\x1b[0;32m"
              "\"\\ud83d\\ude00\"\x1b[0m\x1b[1;39m\x1b[1;39m}\x1b[0m");
    }
    SECTION("arrays and objects use their own colours for their punctuation") {
        REQUIRE(o.palette.apply_jq_colors("31:32:33:34:35:36:37:38"));
        o.indent = 0;
        CHECK(dump(arr({obj({{"k", Value::null()}}), Value::boolean(false)}), o) ==
              "\x1b[36m[\x1b[37m{\x1b[0m\x1b[38m\"k\"\x1b[0m\x1b[37m:\x1b[0m\x1b[31mnull\x1b[0m"
              "\x1b[37m\x1b[37m}\x1b[0m\x1b[36m,\x1b[32mfalse\x1b[0m\x1b[36m\x1b[36m]\x1b[0m");
    }
}

TEST_CASE("JQ_COLORS parsing follows jq 1.7.1", "[json_writer]") {
    const Palette defaults;
    CHECK(defaults.null_color == "0;90");
    CHECK(defaults.key_color == "1;34");

    Palette p;
    SECTION("a partial spec replaces only the leading fields") {
        REQUIRE(p.apply_jq_colors("0;31:0;32"));
        CHECK(p.null_color == "0;31");
        CHECK(p.false_color == "0;32");
        CHECK(p.true_color == "0;39");
        CHECK(p.key_color == "1;34");
    }
    SECTION("all eight fields; extra fields are ignored unchecked") {
        REQUIRE(p.apply_jq_colors("1:2:3:4:5:6:7:8:garbage"));
        CHECK(p.number_color == "4");
        CHECK(p.object_color == "7");
        CHECK(p.key_color == "8");
    }
    SECTION("an empty field gives ESC[m, a trailing colon changes nothing") {
        REQUIRE(p.apply_jq_colors("::1;33:"));
        CHECK(p.null_color.empty());
        CHECK(p.false_color.empty());
        CHECK(p.true_color == "1;33");
        CHECK(p.number_color == "0;39");
        WriterOptions o;
        o.color = true;
        o.palette = p;
        CHECK(dump(Value::null(), o) == "\x1b[mnull\x1b[0m");
    }
    SECTION("the empty string keeps the defaults") {
        REQUIRE(p.apply_jq_colors(""));
        CHECK(p.null_color == "0;90");
    }
    SECTION("fields of up to 12 characters are accepted") {
        REQUIRE(p.apply_jq_colors("38;5;123;1;4"));
        CHECK(p.null_color == "38;5;123;1;4");
        CHECK_FALSE(p.apply_jq_colors("1;38;2;135;200"));  // 14 characters
    }
    SECTION("anything but digits and ';' is rejected and changes nothing") {
        REQUIRE(p.apply_jq_colors("0;31"));
        CHECK_FALSE(p.apply_jq_colors("0;32:garbage;30"));
        CHECK_FALSE(p.apply_jq_colors("1;30 "));
        CHECK_FALSE(p.apply_jq_colors("0;32:0;33:0;34:0;35:0;36:0;37:1;31:x"));
        CHECK(p.null_color == "0;31");
        CHECK(p.false_color == "0;39");
    }
    SECTION("a valid spec starts again from the defaults") {
        REQUIRE(p.apply_jq_colors("1:2:3"));
        REQUIRE(p.apply_jq_colors("4"));
        CHECK(p.null_color == "4");
        CHECK(p.false_color == "0;39");
    }
}

TEST_CASE("values deeper than 10000 levels print as <skipped: too deep>", "[json_writer]") {
    SECTION("10000 levels print in full") {
        const Value v = nest_arrays(num(1), 10000);
        CHECK(to_json(v) == std::string(10000, '[') + "1" + std::string(10000, ']'));
    }
    SECTION("the 10001th level is skipped, scalar or not") {
        const Value v = nest_arrays(num(1), 10001);
        CHECK(to_json(v) ==
              std::string(10001, '[') + "<skipped: too deep>" + std::string(10001, ']'));
        const Value w = nest_arrays(arr({}), 10001);
        CHECK(to_json(w) ==
              std::string(10001, '[') + "<skipped: too deep>" + std::string(10001, ']'));
    }
    SECTION("pretty and coloured") {
        const Value v = nest_arrays(num(1), 10001);
        const std::string pretty = dump(v);
        CHECK(pretty.find("\n" + std::string(2 * 10001, ' ') + "<skipped: too deep>\n") !=
              std::string::npos);
        WriterOptions o = compact();
        o.color = true;
        CHECK(dump(v, o) == repeat("\x1b[1;39m[", 10001) + "\x1b[0;39m<skipped: too deep>\x1b[0m" +
                                repeat("\x1b[1;39m\x1b[1;39m]\x1b[0m", 10001));
    }
    SECTION("objects") {
        const Value v = nest_objects(Value::null(), 10100);
        CHECK(to_json(v) ==
              repeat("{\"a\":", 10001) + "<skipped: too deep>" + std::string(10001, '}'));
    }
}

TEST_CASE("a million levels of nesting print without native recursion", "[json_writer]") {
    SECTION("arrays") {
        const Value v = nest_arrays(num(1), 1000000);
        std::string expected;
        for (std::size_t depth = 0; depth < 10001; ++depth) {
            expected += "[\n" + std::string(2 * (depth + 1), ' ');
        }
        expected += "<skipped: too deep>";
        for (std::size_t depth = 10001; depth-- > 0;) {
            expected += "\n" + std::string(2 * depth, ' ') + "]";
        }
        CHECK(dump(v) == expected);
    }
    SECTION("objects, sorted and coloured") {
        const Value v = nest_objects(str("x"), 1000000);
        WriterOptions o = compact();
        o.sort_keys = true;
        o.color = true;
        // The value at depth 10001 is itself an object, so it takes the object colour.
        CHECK(dump(v, o) ==
              repeat("\x1b[1;39m{\x1b[0m\x1b[1;34m\"a\"\x1b[0m\x1b[1;39m:\x1b[0m", 10001) +
                  "\x1b[1;39m<skipped: too deep>\x1b[0m" +
                  repeat("\x1b[1;39m\x1b[1;39m}\x1b[0m", 10001));
    }
}

TEST_CASE("a drained writer hands on its text in pieces that add up to the whole",
          "[json_writer]") {
    Array records;
    for (int i = 0; i < 20000; ++i)
        records.push_back(obj({{"eventName", str("GetObject")}, {"n", num(i)}, {"tags", arr({})}}));
    const Value doc = obj({{"Records", Value::array(std::move(records))}});
    for (const WriterOptions& options : {WriterOptions{}, compact()}) {
        std::string whole;
        write_json(whole, doc, options);
        std::string out;
        std::string drained;
        std::size_t drains = 0;
        std::size_t largest = 0;
        write_json(out, doc, options, [&] {
            ++drains;
            largest = std::max(largest, out.size());
            drained += out;
            out.clear();
        });
        drained += out;
        CHECK(drained == whole);
        CHECK(drains >= whole.size() / (1u << 17));
        // The text waiting is never much more than one buffer: a member at a time is added.
        CHECK(largest < (1u << 16) + 256);
    }
}
