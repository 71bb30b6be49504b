// Unit tests for --records: the events found inside each CloudTrail carrier shape.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/input/records.hpp"
#include "ctq/output/json_writer.hpp"

namespace {

std::vector<std::string> unwrap(const std::string& json) {
    std::vector<ctq::Value> values;
    ctq::unwrap_records(ctq::parse_json(json), values);
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(ctq::to_json(v));
    return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("records: each carrier shape yields its events", "[records]") {
    CHECK(unwrap(R"({"Records":[{"a":1},{"a":2}]})") == V{R"({"a":1})", R"({"a":2})"});
    CHECK(unwrap(R"({"a":1})") == V{R"({"a":1})"});
    CHECK(unwrap(R"([{"a":1},{"Records":[{"a":2}]}])") == V{R"({"a":1})", R"({"a":2})"});
    CHECK(unwrap(R"({"Events":[{"EventId":"x","CloudTrailEvent":"{\"a\":1}"}]})") ==
          V{R"({"a":1})"});
    CHECK(unwrap(R"({"EventId":"x","CloudTrailEvent":"{\"a\":1}"})") == V{R"({"a":1})"});
    CHECK(unwrap(R"({"events":[{"message":"{\"a\":1}"},{"message":"{\"a\":2}"}]})") ==
          V{R"({"a":1})", R"({"a":2})"});
    CHECK(unwrap(R"({"logGroup":"g","logEvents":[{"id":"1","message":"{\"a\":1}"}]})") ==
          V{R"({"a":1})"});
    CHECK(unwrap(R"({"detail-type":"AWS API Call via CloudTrail","detail":{"a":1}})") ==
          V{R"({"a":1})"});
    CHECK(unwrap(R"({"Records":[]})").empty());
    CHECK(unwrap("3") == V{"3"});
}

TEST_CASE("records: an embedded event that is not JSON is an input error", "[records]") {
    CHECK_THROWS_AS(unwrap(R"({"events":[{"message":"not json"}]})"), ctq::JsonParseError);
}
