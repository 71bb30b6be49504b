// Unit tests for skipping a container nobody looks at (src/input/json_skip.hpp), and for the
// reader that uses it: the same values, lines and errors as reading token by token.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../../src/input/json_skip.hpp"
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

TEST_CASE("plain containers are skipped to their end", "[json_skip]") {
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

TEST_CASE("newlines inside are counted", "[json_skip]") {
    std::size_t newlines = 0;
    const std::string text = "[\n1,\r\n{\"a\":\n2}\n]";
    CHECK(skipped(text, &newlines) == whole(text));
    CHECK(newlines == 4);
}

TEST_CASE("anything unusual is left to the reader's state machine", "[json_skip]") {
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

TEST_CASE("a reader that skips reads the same lines and errors", "[json_skip]") {
    const std::vector<std::string> texts = {
        "{\"a\":1,\"skip\":{\"k\":[1,\n2,\n{\"x\":\"y\"}]},\"b\":2}\n{\"a\":3}",
        "{\"a\":1,\"skip\":[1,\n2]\n,}",
        "{\"a\":1,\"skip\":[\n\"\\ud800\"]}",
        "{\"a\":1,\"skip\":[\"\\ud800\\udc00\"],\"z\":[\n1,\n]}",
        "{\"a\":1,\"skip\":{\"x\":nan}}\n{\"a\":[\n1]}",
        "{\"Records\":[{\"eventName\":\"A\",\"p\":{\"q\":[1,\n2]}},\n{\"x\":[]}],\"a\":1}\n[1]",
        "{\"Records\":[{\"eventName\":\"A\",\"p\":{\"q\":[1,\n2,]}}]}",
        "[{\"a\":{\"b\":1}},\n{\"a\":2,\"c\":{\"d\":[true]}}]\n{\"s\":[\n\n1]} 3",
    };
    for (const std::string& text : texts) {
        INFO(text);
        for (const char* filter : {".a", "length", ".Records | length", ".[0].a", "1"}) {
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
