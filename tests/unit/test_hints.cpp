// Unit tests for field-name hints: a misspelled field is noticed and the right key suggested.
#include <catch2/catch.hpp>

#include "support.hpp"

namespace {

std::vector<std::string> hints_for(const std::string& filter, const std::vector<std::string>& inputs) {
    const auto program = ctq::Program::compile(filter, {});
    ctq::Interpreter interpreter(*program, {}, {});
    ctq::HintCollector hints;
    interpreter.collect_hints(&hints);
    for (const std::string& input : inputs) {
        interpreter.run(ctq::parse_json(input), [](const ctq::Value&) { return true; });
    }
    return hints.hints();
}

const std::string kRecord =
    R"({"eventName":"GetObject","requestParameters":{"bucketName":"b","key":"k"},"userIdentity":{"userName":"glitch"}})";

}  // namespace

TEST_CASE("a field in the wrong case gets its real spelling suggested", "[hints]") {
    CHECK(hints_for("select(.eventname == \"x\")", {kRecord}) ==
          std::vector<std::string>{".eventname matched nothing; did you mean .eventName?"});
    CHECK(hints_for(".requestParameters.bucketname", {kRecord}) ==
          std::vector<std::string>{
              ".requestParameters.bucketname matched nothing; did you mean .requestParameters.bucketName?"});
}

TEST_CASE("small typos are caught, unrelated names are not", "[hints]") {
    CHECK(hints_for(".userIdentity.usrName", {kRecord}) ==
          std::vector<std::string>{".userIdentity.usrName matched nothing; did you mean .userIdentity.userName?"});
    CHECK(hints_for(".errorCode", {kRecord}).empty());
}

TEST_CASE("a field that matched any record gives no hint", "[hints]") {
    CHECK(hints_for(".errorcode", {kRecord, R"({"errorcode":"AccessDenied"})"}).empty());
    CHECK(hints_for(".eventName", {kRecord}).empty());
}

TEST_CASE("fields asked of null or of empty objects give no hint", "[hints]") {
    CHECK(hints_for(".a.eventname", {"{}"}).empty());
    CHECK(hints_for(".eventname", {"null"}).empty());
}

TEST_CASE("each path is reported once, in order of first use", "[hints]") {
    CHECK(hints_for("[.eventname, .eventname, .requestParameters.Key]", {kRecord, kRecord}) ==
          std::vector<std::string>{".eventname matched nothing; did you mean .eventName?",
                                   ".requestParameters.Key matched nothing; did you mean .requestParameters.key?"});
}
