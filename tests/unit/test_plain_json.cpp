// Unit tests for walking plain JSON (src/input/plain_json.hpp): skipping a container nobody
// looks at, with a reader that skips giving the same lines and errors as one that does not,
// and echoing a record as write_json prints it.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../../src/input/plain_json.hpp"
#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/json_writer.hpp"

namespace {

// How much of `text` skip_container() takes from its start; -1 when it leaves it alone.
long skipped(const std::string& text, std::size_t* newlines = nullptr) {
    ctq::json_text::SkippedLines lines;
    const char* end = ctq::json_text::skip_container(text.data(), text.data() + text.size(), lines);
    if (newlines)
        *newlines = lines.count;
    return end ? static_cast<long>(end - text.data()) : -1;
}

long whole(const std::string& text) {
    return static_cast<long>(text.size());
}

// Every value of `text` read under what `filter` can see, with its input line, then the
// error; with `stream`, as record streaming hands them out.
std::vector<std::string> read_under(const std::string& filter, const std::string& text,
                                    bool stream = false) {
    const auto program = ctq::Program::compile(filter, {});
    const ctq::Demand demand = ctq::input_demand(*program);
    ctq::StringSource source(text);
    ctq::JsonReader reader(source);
    reader.set_demand(&demand);
    reader.set_stream_records(stream);
    std::vector<std::string> out;
    try {
        ctq::Value value;
        while (reader.next(value))
            out.push_back(ctq::to_json(value) + " @" + std::to_string(reader.line()));
    } catch (const ctq::JsonParseError& error) {
        out.push_back(std::string("error: ") + error.what());
    }
    return out;
}

}  // namespace

TEST_CASE("plain containers are skipped to their end", "[plain_json]") {
    for (const std::string text :
         {"[]", "{}", "[1,-2.5e+3,0,true,false,null]", R"({"a":{"b":[{"c":"d"}]},"e":[]})",
          " [ 1 , { \"k\" : \"v\" } ] "}) {
        INFO(text);
        const std::size_t start = text.find_first_not_of(' ');
        const std::size_t stop = text.find_last_not_of(' ') + 1;
        CHECK(skipped(text.substr(start)) == static_cast<long>(stop - start));
    }
    const std::string escapes = R"(["a\"b\\c\/d\b\f\n\r\tz\u00e9\udc00"])";
    CHECK(skipped(escapes) == whole(escapes));
    const std::string bad_utf8 = "[\"caf\xc3\xa9\", \"bad \xff byte\"]";
    CHECK(skipped(bad_utf8) == whole(bad_utf8));  // mended later, not rejected
    CHECK(skipped("[1]]") == 3);
    CHECK(skipped("{\"a\":1}, 2") == 7);
}

TEST_CASE("newlines inside are counted", "[plain_json]") {
    std::size_t newlines = 0;
    const std::string text = "[\n1,\r\n{\"a\":\n2}\n]";
    CHECK(skipped(text, &newlines) == whole(text));
    CHECK(newlines == 4);
}

TEST_CASE("anything unusual is left to the reader's state machine", "[plain_json]") {
    for (const std::string text : {"[1,2,]",      "[1 2]",
                                   "{\"a\" 1}",   "{\"a\":}",
                                   "{1:2}",       "[01]",
                                   "[1.]",        "[1e]",
                                   "[-]",         "[nan]",
                                   "[NaN]",       "[tru]",
                                   "[truex]",     "[1x]",
                                   "[\"\\x\"]",   "[\"\\ud800\\udc00\"]",
                                   "[\"\\u12\"]", "[\"tab\there\"]",
                                   "[\"open",     "[1,",
                                   "{\"a\":1,}",  "[}",
                                   "{]",          "[,1]"}) {
        INFO(text);
        CHECK(skipped(text) == -1);
    }
    // Too deep for its own stack: the state machine keeps jq's depth limit.
    CHECK(skipped(std::string(64, '[') + std::string(64, ']')) == 128);
    CHECK(skipped(std::string(65, '[') + std::string(65, ']')) == -1);
    // Cut off by the end of what has been read: the reader reads on, token by token.
    CHECK(skipped("[1,2") == -1);
    CHECK(skipped("[1,2]") == whole("[1,2]"));
}

// What a read leaves when the values are set aside: the input line after each, then the error.
std::vector<std::string> lines_and_error(std::vector<std::string> read) {
    for (std::string& entry : read) {
        if (entry.rfind("error: ", 0) != 0)
            entry = entry.substr(entry.rfind(" @"));
    }
    return read;
}

TEST_CASE("a reader that skips reads the same lines and errors", "[plain_json]") {
    const std::vector<std::string> texts = {
        "{\"a\":1,\"skip\":{\"k\":[1,\n2,\n{\"x\":\"y\"}]},\"b\":2}\n{\"a\":3}",
        "{\"a\":1,\"skip\":[1,\n2]\n,}",
        "{\"a\":1,\"skip\":[\n\"\\ud800\"]}",
        "{\"a\":1,\"skip\":[\"\\ud800\\udc00\"],\"z\":[\n1,\n]}",
        "{\"a\":1,\"skip\":{\"x\":nan}}\n{\"a\":[\n1]}",
        "{\"Records\":[{\"eventName\":\"A\",\"p\":{\"q\":[1,\n2]}},\n{\"x\":[]}],\"a\":1}\n[1]",
        "{\"Records\":[{\"eventName\":\"A\",\"p\":{\"q\":[1,\n2,]}}]}",
        "[{\"a\":{\"b\":1}},\n{\"a\":2,\"c\":{\"d\":[true]}}]\n{\"s\":[\n\n1]} 3",
        // After the named fields, the rest of an object: repeats, escapes, errors, newlines.
        "[{\"a\":1,\"b\":[1,\n2],\"c\":{\"a\":5}},\n{\"a\":2,\"a\":3}]",
        "[{\"a\":1,\"b\":2,\n\"\\u0061\":4},{\"a\":1,\"x\":tru}]",
        "[{\"a\":1,\"b\":2,}]",
        "[{\"a\":1 , \"b\" : [\n] \n}, {\"a\":1,\"b\":\"\x01\"}]",
        "{\"Records\":[{\"eventName\":\"A\",\"z\":[\n1],\"eventName\":\"B\"},{\"eventName\":\"C\","
        "\"q\":{}}]}",
    };
    for (const std::string& text : texts) {
        INFO(text);
        for (const char* filter : {".a", "length", ".Records | length", ".[0].a", "1", "map(.a)",
                                   ".Records[] | .eventName"}) {
            INFO(filter);
            // A filter that sees everything gets no skipping: the token-by-token read.
            CHECK(lines_and_error(read_under(filter, text)) ==
                  lines_and_error(read_under(".", text)));
            // Streaming records or not depends on the filter; the error may not.
            const std::string streamed = read_under(filter, text, true).back();
            const std::string full = read_under(".", text, true).back();
            CHECK((streamed == full ||
                   (streamed.rfind("error: ", 0) != 0 && full.rfind("error: ", 0) != 0)));
        }
    }
    CHECK(read_under(".a", "{\"s\":[\n\n1],\"a\":1}\n{\"a\":2}") ==
          std::vector<std::string>{R"({"a":1} @3)", R"({"a":2} @3)"});
}

namespace {

// What echo_value() prints for `text` in `style`, or "(left to the reader)".
std::string echoed(const std::string& text, const ctq::WriterOptions& style) {
    std::string out;
    ctq::json_text::SkippedLines lines;
    const char* end =
        ctq::json_text::echo_value(text.data(), text.data() + text.size(), style, out, lines);
    return end ? out : "(left to the reader)";
}

std::vector<ctq::WriterOptions> styles() {
    std::vector<ctq::WriterOptions> all(4);
    all[0].indent = 0;
    all[1].indent = 2;
    all[2].tab = true;
    all[3].indent = 5;
    all[3].base_depth = 2;
    return all;
}

}  // namespace

TEST_CASE("a plain container echoes as write_json prints it, in every style", "[plain_json]") {
    const std::vector<std::string> texts = {
        "{}",
        "[ ]",
        "{ \"a\" : [ 1 , { } , [ ] ] ,\n\"b\":null}",
        R"({"s":"tab\t q\" sl\/ e\u00e9 nul\u0000 ctl\u001f del\u007f","x":"\u00e9"})",
        "{\"raw "
        "del\":\"\x7f\",\"bad\":\"\xff\xfe\",\"cut\":\"\xe2\x82\",\"euro\":\"\xe2\x82\xac\"}",
        R"({"lone":"\udc00","n":[0,-0,1.0,1.50,1e2,1E-3,-12.5e+3,123456789012345,1234567890123456]})",
        R"([12345678901234567890,0.1,1e400,-1e400,-0.0,100000000000000000001,5e-324,true,false])",
        R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})",
    };
    for (const std::string& text : texts) {
        INFO(text);
        const ctq::Value value = ctq::parse_json(text);
        for (const ctq::WriterOptions& style : styles()) {
            std::string expected;
            ctq::write_json(expected, value, style);
            CHECK(echoed(text, style) == expected);
        }
    }
}

TEST_CASE("what echoing cannot be sure of is left to the reader", "[plain_json]") {
    for (const std::string& text : std::vector<std::string>{
             R"({"a":1,"b":2,"a":3})", R"({"o":{"k":[],"k":{}}})", R"({"k\u0061":1})",
             "{\"\xff\":1,\"\xfe\":2}", R"({"hi":"\ud83d\ude00"})", "{\"x\":nan}", "{\"x\":[1,2]",
             "[1,2,]", std::string(65, '[') + std::string(65, ']')}) {
        INFO(text);
        CHECK(echoed(text, styles()[0]) == "(left to the reader)");
    }
    // The same key in sibling objects, or a key of the parent again in a child, is no repeat.
    CHECK(echoed(R"({"a":{"a":1},"b":{"a":2}})", styles()[0]) == R"({"a":{"a":1},"b":{"a":2}})");
    CHECK(ctq::json_text::can_echo(styles()[1]));
    ctq::WriterOptions colour;
    colour.color = true;
    ctq::WriterOptions ascii;
    ascii.ascii = true;
    ctq::WriterOptions sorted;
    sorted.sort_keys = true;
    CHECK_FALSE(ctq::json_text::can_echo(colour));
    CHECK_FALSE(ctq::json_text::can_echo(ascii));
    CHECK_FALSE(ctq::json_text::can_echo(sorted));
}

TEST_CASE("the rest of an object after its named fields is skipped to its close", "[plain_json]") {
    const std::vector<std::string_view> named = {"a", "eventName"};
    auto rest = [&](const std::string& text) {
        ctq::json_text::SkippedLines lines;
        const char* close = ctq::json_text::skip_rest_of_object(
            text.data(), text.data() + text.size(), named, lines);
        return close ? static_cast<long>(close - text.data()) : -1;
    };
    CHECK(rest(R"("b":1,"c":{"a":2},"d":[{"eventName":3}]})") == 39);
    CHECK(rest(" \n\"b\" : 1 \n}") == 11);
    CHECK(rest(R"("b":1,"a":2})") == -1);       // a named field again: its value wins
    CHECK(rest(R"("b":1,"\u0061":2})") == -1);  // a key with an escape might be one
    CHECK(rest(R"("b":1,})") == -1);
    CHECK(rest(R"("b":1])") == -1);
    CHECK(rest(R"("b":1)") == -1);  // cut off: the reader reads on
    // A named field given again after the rest began: the walk gives up, the last value wins.
    CHECK(read_under("map(.a)", R"([{"a":1,"b":2,"a":3},{"a":4,"c":[5]}])") ==
          std::vector<std::string>{"[{\"a\":3},{\"a\":4}] @0"});
}

TEST_CASE("records left unseen after a limit are only validated", "[plain_json]") {
    auto read = [](const std::string& text, bool skip = true) {
        ctq::StringSource source(text);
        ctq::JsonReader reader(source);
        reader.set_stream_records(true);
        std::vector<std::string> out;
        try {
            ctq::Value value;
            while (reader.next(value)) {
                out.push_back(ctq::to_json(value));
                if (skip && out.back() == R"({"a":1})")
                    reader.skip_rest_of_records();
            }
        } catch (const ctq::JsonParseError& error) {
            out.push_back(std::string("error: ") + error.what());
        }
        return out;
    };
    CHECK(read(R"({"Records":[{"a":1},{"b":[2]},{"c":3}]} {"Records":[{"d":4}]})") ==
          std::vector<std::string>{R"({"a":1})", "null", "null", R"({"Records":[]})", R"({"d":4})",
                                   R"({"Records":[]})"});
    // Damage in a record left unseen is reported as it would be anyway.
    const std::string damaged = "{\"Records\":[{\"a\":1},\n{\"b\":[2,]}]}";
    CHECK(read(damaged).back() == "error: Expected another array element at line 2, column 9");
    CHECK(read(damaged).back() == read(damaged, false).back());
}
