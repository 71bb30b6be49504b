// Unit tests for the demand analysis: what a filter can see of its input documents.
#include <catch2/catch.hpp>

#include "ctq/lang/demand.hpp"
#include "ctq/lang/program.hpp"

namespace {

std::string demand_of(const std::string& filter) {
    const auto program = ctq::Program::compile(filter, {});
    return ctq::input_demand(*program).describe();
}

const char* const kRecordFields =
    "eventName: whole, eventSource: whole, eventTime: whole, sourceIPAddress: whole, "
    "userIdentity: {userName: whole}";

}  // namespace

TEST_CASE("the walkthrough filter reads five fields of each record", "[demand]") {
    CHECK(demand_of(".Records[] | select(.eventSource == \"s3.amazonaws.com\") | [.eventTime, "
                    ".eventName, .userIdentity.userName // \"N/A\", .sourceIPAddress // \"N/A\"] "
                    "| @tsv") == std::string("{Records: {*: {") + kRecordFields + "}}}");
}

TEST_CASE("aggregations read only the fields they group or count by", "[demand]") {
    CHECK(demand_of("[.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add") ==
          "{Records: {*: {eventName: whole}}}");
    CHECK(demand_of(".Records | map(.awsRegion) | unique") == "{Records: {*: {awsRegion: whole}}}");
    CHECK(demand_of("reduce .Records[] as $r ({}; .[$r.sourceIPAddress] += 1)") ==
          "{Records: {*: {sourceIPAddress: whole}}}");
    CHECK(demand_of("first(.Records[] | select(.eventName == \"ConsoleLogin\")) | .eventTime") ==
          "{Records: {*: {eventName: whole, eventTime: whole}}}");
}

TEST_CASE("sorting and grouping move elements: they need what the output needs", "[demand]") {
    CHECK(demand_of(".Records | sort_by(.eventTime) | [.[0].eventID, .[-1].eventID]") ==
          "{Records: {[*]: {eventID: whole, eventTime: whole}}}");
    CHECK(demand_of(".Records | group_by(.eventName) | map({n: .[0].eventName, c: length})") ==
          "{Records: {[*]: {eventName: whole}}}");
    CHECK(demand_of(".Records | max_by(.eventTime) | .eventName") ==
          "{Records: {[*]: {eventName: whole, eventTime: whole}}}");
    CHECK(demand_of(".Records | unique_by(.awsRegion) | length") ==
          "{Records: {[*]: {awsRegion: whole}}}");
}

TEST_CASE("counting needs the elements but none of their contents", "[demand]") {
    CHECK(demand_of(".Records | length") == "{Records: {*: none}}");
    CHECK(demand_of("{n: (.Records | length)}") == "{Records: {*: none}}");
    CHECK(demand_of("[.Records[] | select(.errorCode)] | length") ==
          "{Records: {*: {errorCode: kind}}}");
    CHECK(demand_of("keys") == "{*: none}");
    CHECK(demand_of(".a | type") == "{a: kind}");
}

TEST_CASE("whatever is printed is needed whole", "[demand]") {
    CHECK(demand_of(".") == "whole");
    CHECK(demand_of("limit(2; .Records[])") == "{Records: {*: whole}}");
    CHECK(demand_of(".Records | sort_by(.eventTime)") == "{Records: {[*]: whole}}");
    CHECK(demand_of("{total: (.Records | length), failed: ([.Records[] | select(.errorCode)] "
                    "| length)}") == "{Records: {*: {errorCode: kind}}}");
    CHECK(demand_of("1, \"x\"") == "none");
}

TEST_CASE("variables carry what their uses need back to where they were bound", "[demand]") {
    CHECK(demand_of(". as $d | $d.a.b") == "{a: {b: whole}}");
    CHECK(demand_of(".Records[] as $r | {} | .x = $r.eventName") ==
          "{Records: {*: {eventName: whole}}}");
    CHECK(demand_of("def f($x): $x.a; f(.b)") == "{b: {a: whole}}");
    CHECK(demand_of(".a as [$x, $y] | $x") == "{a: whole}");
    CHECK(demand_of("try error(.a) catch .") == "{a: whole}");
    CHECK(demand_of(".x as $v | try error(\"e\") catch $v.y") == "{x: {y: whole}}");
}

TEST_CASE("functions written in jq are followed into their bodies", "[demand]") {
    CHECK(demand_of("def g(f): .a | f; g(.b)") == "{a: {b: whole}}");
    CHECK(demand_of(".Records | map(.tags | map(.k))") ==
          "{Records: {*: {tags: {*: {k: whole}}}}}");
    CHECK(demand_of(".items | any(.ok)") == "{items: {*: {ok: kind}}}");
    CHECK(demand_of("isempty(.a[])") == "{a: {*: none}}");
}

TEST_CASE("what the analysis cannot follow needs everything", "[demand]") {
    CHECK(demand_of("..") == "whole");
    CHECK(demand_of("[inputs | .a]") == "whole");
    CHECK(demand_of("input.a") == "whole");
    CHECK(demand_of("def r: .a | r; r") == "whole");
    CHECK(demand_of("[paths]") == "whole");
    CHECK(demand_of("walk(.)") == "whole");
    CHECK(demand_of(".a |= 1") == "whole");
    CHECK(demand_of("tojson") == "whole");
    CHECK(demand_of(".[\"a\"], .[0]") == "{*: whole, a: whole}");
}

TEST_CASE("joining demands widens them", "[demand]") {
    ctq::Demand d = ctq::Demand::field("a", ctq::Demand::kind());
    d.join(ctq::Demand::field("b", ctq::Demand::whole()));
    CHECK(d.describe() == "{a: kind, b: whole}");
    d.join(ctq::Demand::field("a", ctq::Demand::field("c", ctq::Demand::whole())));
    CHECK(d.describe() == "{a: {c: whole}, b: whole}");
    d.join(ctq::Demand::every(ctq::Demand::none()));
    CHECK(d.describe() == "{*: none, a: {c: whole}, b: whole}");
    CHECK(d.of_key("b")->describe() == "whole");
    CHECK(d.of_key("z")->describe() == "none");
    CHECK(ctq::Demand::field("a", ctq::Demand::kind()).of_key("z") == nullptr);
    ctq::Demand every_kind = ctq::Demand::every(ctq::Demand::kind());
    every_kind.join(ctq::Demand::field("a", ctq::Demand::field("c", ctq::Demand::whole())));
    CHECK(every_kind.of_key("a")->describe() == "{c: whole}");
    CHECK(every_kind.of_key("b")->describe() == "kind");
    CHECK(every_kind.element().describe() == "whole");
    CHECK(ctq::Demand::every(ctq::Demand::kind()).element().describe() == "kind");
    d.join(ctq::Demand::whole());
    CHECK(d.is_whole());
}
