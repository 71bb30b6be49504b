// Unit tests for --expect: parsing the bound, testing counts, and the failure line.
#include <catch2/catch.hpp>
#include <string>

#include "expectation.hpp"

using ctq::cli::Expectation;
using ctq::cli::failure_line;
using ctq::cli::Offender;
using ctq::cli::parse_expectation;

TEST_CASE("expect: the five forms parse", "[expect]") {
    const auto none = parse_expectation("none");
    REQUIRE(none);
    CHECK(none->kind == Expectation::Kind::Exactly);
    CHECK(none->bound == 0);
    const auto some = parse_expectation("some");
    REQUIRE(some);
    CHECK(some->kind == Expectation::Kind::More);
    CHECK(some->bound == 0);
    const auto exactly = parse_expectation("12");
    REQUIRE(exactly);
    CHECK(exactly->kind == Expectation::Kind::Exactly);
    CHECK(exactly->bound == 12);
    const auto fewer = parse_expectation("<3");
    REQUIRE(fewer);
    CHECK(fewer->kind == Expectation::Kind::Fewer);
    CHECK(fewer->bound == 3);
    const auto more = parse_expectation(">0");
    REQUIRE(more);
    CHECK(more->kind == Expectation::Kind::More);
    CHECK(more->bound == 0);
    CHECK(parse_expectation("<3")->text == "<3");
    CHECK(parse_expectation("999999999999999999")->bound == 999999999999999999u);
}

TEST_CASE("expect: anything else is refused", "[expect]") {
    for (const char* bad : {"", "None", "any", "-1", "+1", "<", ">", "<=3", "3.0", "1e3", " 3",
                            "3 ", "<<3", "0x10", "1000000000000000000"}) {
        INFO(bad);
        CHECK_FALSE(parse_expectation(bad));
    }
}

TEST_CASE("expect: counts against each form", "[expect]") {
    auto holds = [](const char* text, std::uint64_t count) {
        return parse_expectation(text)->holds(count);
    };
    CHECK(holds("none", 0));
    CHECK_FALSE(holds("none", 1));
    CHECK_FALSE(holds("some", 0));
    CHECK(holds("some", 1));
    CHECK(holds("some", 1000));
    CHECK(holds("2", 2));
    CHECK_FALSE(holds("2", 1));
    CHECK_FALSE(holds("2", 3));
    CHECK(holds("0", 0));
    CHECK(holds("<2", 1));
    CHECK(holds("<2", 0));
    CHECK_FALSE(holds("<2", 2));
    CHECK_FALSE(holds("<0", 0));
    CHECK(holds(">2", 3));
    CHECK_FALSE(holds(">2", 2));
}

TEST_CASE("expect: the failure line", "[expect]") {
    const Expectation none = *parse_expectation("none");
    CHECK(failure_line(none, 1, {{"a.json", 3, R"({"x":1})"}}) ==
          "ctq: expectation failed: --expect none, got 1: a.json#3 {\"x\":1}\n");
    // More outputs than are named: an ellipsis says so.
    CHECK(failure_line(none, 5, {{"a.json", 0, "1"}, {"b.json", 2, "2"}, {"b.json", 4, "3"}}) ==
          "ctq: expectation failed: --expect none, got 5: a.json#0 1; b.json#2 2; b.json#4 3; "
          "...\n");
    // Too few: nothing to name.
    CHECK(failure_line(*parse_expectation(">3"), 0, {}) ==
          "ctq: expectation failed: --expect >3, got 0\n");
    CHECK(failure_line(*parse_expectation("2"), 1, {{"<stdin>", 0, "\"s\""}}) ==
          "ctq: expectation failed: --expect 2, got 1: <stdin>#0 \"s\"\n");
}
