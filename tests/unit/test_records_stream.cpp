// Unit tests for record streaming in the JSON reader: same events and errors as whole documents.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/input/records.hpp"
#include "ctq/output/json_writer.hpp"

namespace {

// Events of `text` as --records sees them, plus the error that ended the input (if any).
std::vector<std::string> events(const std::string& text, bool stream) {
    ctq::StringSource source(text);
    ctq::JsonReader reader(source);
    reader.set_stream_records(stream);
    std::vector<std::string> out;
    try {
        ctq::Value v;
        while (reader.next(v)) {
            std::vector<ctq::Value> found;
            if (reader.last_was_record()) {
                found.push_back(v);
            } else {
                ctq::unwrap_records(v, found);
            }
            for (const auto& e : found) out.push_back(ctq::to_json(e));
        }
    } catch (const ctq::JsonParseError& error) {
        out.push_back(std::string("error: ") + error.what());
    }
    return out;
}

}  // namespace

TEST_CASE("streamed records equal the whole document's", "[records]") {
    const char* inputs[] = {
        R"({"Records":[{"a":1},{"b":[1,2]},3]})",
        R"({"x":1,"Records":[],"y":2} {"Records":[{"a":1}]})",
        R"({"Records":{"a":1}})",
        R"({"Records":"s"} [1,2] 3)",
        R"({"Records":[{"a":{"Records":[1,2]}}]})",
        "{\"Records\":[\n{\"a\":1},\n{\"a\":2}\n]}\n{\"a\":3}\n",
        R"({"Records":[1,2)",
        R"({"Records":[1,2,]})",
        R"({"Records":[1 2]})",
        R"({"Records":[,1]})",
        R"({"Records":[1,2]]})",
        R"({"Records":[1,2],})",
        R"({"Records":[{"a":1},{"a":)",
    };
    for (const char* text : inputs) {
        INFO(text);
        auto whole = events(text, false);
        auto streamed = events(text, true);
        // Invalid input: the streamed run hands out the records before the damage as well.
        if (!whole.empty() && whole.back().rfind("error: ", 0) == 0) {
            REQUIRE(!streamed.empty());
            CHECK(streamed.back() == whole.back());
        } else {
            CHECK(streamed == whole);
        }
    }
}
