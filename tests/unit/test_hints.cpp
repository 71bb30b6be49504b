// Unit tests for field-name hints: a misspelled field is noticed and the right key suggested.
#include <catch2/catch.hpp>

#include "ctq/lang/parser.hpp"
#include "support.hpp"

namespace {

std::vector<std::string> hints_for(const std::string& filter,
                                   const std::vector<std::string>& inputs) {
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
          std::vector<std::string>{".requestParameters.bucketname matched nothing; did you mean "
                                   ".requestParameters.bucketName?"});
}

TEST_CASE("small typos are caught, unrelated names are not", "[hints]") {
    CHECK(hints_for(".userIdentity.usrName", {kRecord}) ==
          std::vector<std::string>{
              ".userIdentity.usrName matched nothing; did you mean .userIdentity.userName?"});
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
          std::vector<std::string>{
              ".eventname matched nothing; did you mean .eventName?",
              ".requestParameters.Key matched nothing; did you mean .requestParameters.key?"});
}

TEST_CASE("compile-error hints for the classic mistakes", "[hints]") {
    using ctq::compile_error_hints;
    CHECK(compile_error_hints("syntax error", "select(.a == \xE2\x80\x9Cx\xE2\x80\x9D)")
              .at(0)
              .find("curly quotes") != std::string::npos);
    CHECK(compile_error_hints("syntax error", "'.Records[]'").at(0).find("single quote") !=
          std::string::npos);
    CHECK(compile_error_hints("syntax error: unexpected end of file",
                              ".Records[] | select(.a == 1") ==
          std::vector<std::string>{"1 unclosed '(': add ')'"});
    CHECK(compile_error_hints("syntax error", ".a]") ==
          std::vector<std::string>{"1 ']' without a matching '['"});
    CHECK(compile_error_hints("syntax error", ".a[\"(\"]").empty());
    CHECK(compile_error_hints("eventName/0 is not defined", "select(eventName == \"x\")") ==
          std::vector<std::string>{"to read the field, write .eventName (with a dot)"});
}

TEST_CASE("filter hints: = where == was meant", "[hints]") {
    const ctq::SourceFile source{"<test>", ".Records[] | select(.eventName = \"ConsoleLogin\")"};
    const auto parsed = ctq::parse(source);
    CHECK(ctq::filter_hints(*parsed.body) ==
          std::vector<std::string>{
              "select(A = B) assigns and keeps every input; to compare, write select(A == B)"});
    const ctq::SourceFile fine{"<test>", ".Records[] | select(.eventName == \"ConsoleLogin\")"};
    CHECK(ctq::filter_hints(*ctq::parse(fine).body).empty());
}
