// Unit tests for projection in the JSON reader: only what a filter can see is built.
#include <atomic>
#include <catch2/catch.hpp>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/json_writer.hpp"

namespace {

// Every value of `text`, read under what `filter` can see, as compact JSON; an error's
// message ends the list.
std::vector<std::string> read_for(const std::string& filter, const std::string& text) {
    const auto program = ctq::Program::compile(filter, {});
    const ctq::Demand demand = ctq::input_demand(*program);
    ctq::StringSource source(text);
    ctq::JsonReader reader(source);
    reader.set_demand(&demand);
    std::vector<std::string> out;
    try {
        ctq::Value value;
        while (reader.next(value)) out.push_back(ctq::to_json(value));
    } catch (const ctq::JsonParseError& error) {
        out.push_back(std::string("error: ") + error.what());
    }
    return out;
}

std::vector<std::string> read_all(const std::string& text) {
    return read_for(".", text);
}

const char* const kDocument =
    R"({"Records":[{"eventName":"A","requestParameters":{"bucketName":"b","key":[1,2]},)"
    R"("userIdentity":{"type":"IAMUser","userName":"u"}},{"eventName":"B","x":null}],"n":1})";

}  // namespace

TEST_CASE("only the fields a filter names are built", "[projection]") {
    CHECK(read_for(".Records[] | .eventName", kDocument) ==
          std::vector<std::string>{R"({"Records":[{"eventName":"A"},{"eventName":"B"}]})"});
    CHECK(read_for(".Records[0].userIdentity.userName", kDocument) ==
          std::vector<std::string>{R"({"Records":[{"userIdentity":{"userName":"u"}},{}]})"});
    CHECK(read_for(".n", kDocument) == std::vector<std::string>{R"({"n":1})"});
}

TEST_CASE("what is only counted or tested stands in as null or an empty container",
          "[projection]") {
    CHECK(read_for(".Records | length", kDocument) ==
          std::vector<std::string>{R"({"Records":[null,null]})"});
    CHECK(read_for(".Records[] | .requestParameters | type", kDocument) ==
          std::vector<std::string>{R"({"Records":[{"requestParameters":{}},{}]})"});
    CHECK(read_for(".Records[0] | keys", kDocument) ==
          std::vector<std::string>{
              R"({"Records":[{"eventName":null,"requestParameters":null,"userIdentity":null},)"
              R"({"eventName":null,"x":null}]})"});
    CHECK(read_for("1", kDocument) == std::vector<std::string>{"null"});
}

TEST_CASE("a filter that sees everything gets everything", "[projection]") {
    CHECK(read_for("tojson", kDocument) == read_all(kDocument));
    CHECK(
        read_for(".Records[] | tojson", kDocument) ==
        std::vector<std::string>{R"({"Records":)" + read_for(".Records", kDocument)[0].substr(11)});
    CHECK(read_all(kDocument) == std::vector<std::string>{kDocument});
}

TEST_CASE("sort_by keeps a value it cannot sort whole, for its error", "[projection]") {
    const std::string object = R"({"a":{"x":1,"y":2,"z":[3]}})";
    CHECK(read_for("sort_by(.x) | .[0].y", object) == read_all(object));
    CHECK(read_for("sort_by(.x) | .[0].y", R"([{"x":1,"y":2,"z":[3]}])") ==
          std::vector<std::string>{R"([{"x":1,"y":2}])"});
}

TEST_CASE("for field hints, an object missing a named field keeps all its keys", "[projection]") {
    const auto program = ctq::Program::compile(".Records[] | .eventName", {});
    const ctq::Demand demand = ctq::input_demand(*program);
    const std::atomic<bool> hints_wanted{true};
    ctq::StringSource source(
        R"({"Records":[{"eventName":"A","x":1},{"eventname":"B","y":{"z":2}}],"n":3})");
    ctq::JsonReader reader(source);
    reader.set_demand(&demand, &hints_wanted);
    ctq::Value value;
    REQUIRE(reader.next(value));
    // The first record has the field: its other keys go. The second lacks it: a hint may
    // need its keys (not their values) to suggest .eventname.
    CHECK(ctq::to_json(value) == R"({"Records":[{"eventName":"A"},{"eventname":null,"y":null}]})");
}

TEST_CASE("duplicate keys resolve as in a full read", "[projection]") {
    const std::string text = R"({"a":{"x":1},"b":2,"a":{"y":3,"x":4}})";
    CHECK(read_for(".a.x", text) == std::vector<std::string>{R"({"a":{"x":4}})"});
    CHECK(read_for(".b", text) == std::vector<std::string>{R"({"b":2})"});
}

TEST_CASE("invalid JSON in a part nobody looks at fails exactly as a full read does",
          "[projection]") {
    const std::vector<std::string> broken = {
        R"({"a":1,"skip":[1,2,]})",       R"({"a":1,"skip":{"k" 1}})",
        R"({"a":1,"skip":"\x"})",         R"({"a":1,"skip":01})",
        R"({"a":1,"skip":[}})",           R"({"a":1,"skip":{"k":1,}})",
        R"({"a":1,"skip":{1:2}})",        R"({"a":1,"skip":"unterminated)",
        R"({"a":1,"skip":tru})",          R"({"a":1,"skip":[1 2]})",
        R"({"a":1,"skip":{"k":1}} {"a")", "{\"a\":1,\"skip\":\"\x01\"}",
        R"([{"a":1},{"skip":[[[]]]}]])",  R"({"a":1,"skip":nan1})",
    };
    for (const std::string& text : broken) {
        INFO(text);
        CHECK(read_for(".a", text).back() == read_all(text).back());
        CHECK(read_for("length", text).back() == read_all(text).back());
        CHECK(read_for("1", text).back() == read_all(text).back());
    }
}
