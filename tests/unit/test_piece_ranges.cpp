// Unit tests for cutting one file into pieces: the guessed cuts (plan_pieces), the text form
// of a piece (--ranges / --range), and the reading that proves the cuts.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "ctq/input/file_pieces.hpp"
#include "ctq/input/piece_ranges.hpp"
#include "temp_file.hpp"

using ctq::format_piece_range;
using ctq::parse_piece_range;
using ctq::PieceRange;

using ctq::test::TempFile;

namespace {

// A record whose nested object also starts after `},`, as "resources" elements do: only the
// eventVersion one is a record's start.
std::string record(int i) {
    return "{\"eventVersion\":\"1.08\",\"eventID\":\"" + std::to_string(i) +
           "\",\"resources\":[{\"a\":1},{\"ARN\":\"x\"}],\"note\":\"" + std::string(200, 'n') +
           "\"}";
}

std::string records_document(int count) {
    std::string text = "{\"Records\":[";
    for (int i = 0; i < count; ++i) text += (i ? "," : "") + record(i);
    return text + "]}";
}

std::string ndjson(int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += record(i) + "\n";
    return text;
}

}  // namespace

TEST_CASE("ranges: a spec reads back as it was written", "[ranges]") {
    PieceRange first;
    first.end = 4096;
    first.in_records = true;
    CHECK(format_piece_range(first) == "0-4096,records");
    PieceRange later;
    later.start = 4096;
    later.end = 9000;
    later.line = 12;
    later.column = 7;
    later.index = 31;
    CHECK(format_piece_range(later) == "4096-9000,line=12,column=7,index=31");
    for (const PieceRange& range : {first, later}) {
        const auto back = parse_piece_range(format_piece_range(range));
        REQUIRE(back);
        CHECK(*back == range);
    }
}

TEST_CASE("ranges: specs that are not pieces are refused", "[ranges]") {
    for (const char* spec :
         {"", "-", "10", "10-", "-10", "10-5", "5-5", "a-b", "0-10,line=1", "10-20",
          "10-20,line=1,column=3", "10-20,line=0,column=0,index=0",
          "10-20,line=1,column=11,index=0", "10-20,line=1,column=0,index=0,line=2",
          "10-20,line=1,column=0,index=0,extra", "10-20,line=1,column=0,index=x", " 0-10",
          "0-10 "}) {
        INFO(spec);
        CHECK_FALSE(parse_piece_range(spec));
    }
    CHECK(parse_piece_range("10-20,index=0,column=2,line=3"));  // any order
}

TEST_CASE("ranges: cuts are guessed at records of the Records array", "[ranges]") {
    const TempFile file(records_document(200));
    const auto plan = ctq::plan_pieces(file.path, 8192);
    REQUIRE(plan);
    CHECK(plan->in_records);
    REQUIRE(plan->starts.size() >= 3);
    CHECK(plan->starts.front() == 0);
    std::FILE* f = std::fopen(file.path.c_str(), "rb");
    for (std::size_t i = 1; i < plan->starts.size(); ++i) {
        char head[16] = {};
        std::fseek(f, static_cast<long>(plan->starts[i]), SEEK_SET);
        REQUIRE(std::fread(head, 1, 15, f) == 15);
        CHECK(std::string(head) == "{\"eventVersion\"");
    }
    std::fclose(f);
    CHECK_FALSE(ctq::plan_pieces(file.path, 1 << 20));  // smaller than two pieces
}

TEST_CASE("ranges: the proof keeps the cuts and their exact origins", "[ranges]") {
    SECTION("NDJSON") {
        const TempFile file(ndjson(200));
        const auto plan = ctq::plan_pieces(file.path, 8192);
        REQUIRE(plan);
        CHECK_FALSE(plan->in_records);
        const ctq::RangeProof proof = ctq::prove_ranges(file.path, *plan, {});
        CHECK(proof.error.empty());
        REQUIRE(proof.ranges.size() == plan->starts.size());
        const std::size_t line_size = record(0).size() + 1;  // the ids grow, but slowly
        for (std::size_t i = 1; i < proof.ranges.size(); ++i) {
            const PieceRange& range = proof.ranges[i];
            CHECK(range.start == proof.ranges[i - 1].end);
            CHECK(range.column == 0);
            CHECK(range.line == range.index + 1);  // one value per line
            CHECK(range.index >= range.start / (line_size + 3));
        }
        CHECK(proof.ranges.back().end == std::filesystem::file_size(file.path));
    }
    SECTION("damage ends the cutting: its piece runs to the end") {
        std::string text = ndjson(200);
        text[text.size() / 2] = '#';
        const TempFile file(text);
        const auto plan = ctq::plan_pieces(file.path, 8192);
        REQUIRE(plan);
        const ctq::RangeProof proof = ctq::prove_ranges(file.path, *plan, {});
        CHECK(proof.damaged);
        CHECK(proof.error.find(file.path) != std::string::npos);
        CHECK(proof.ranges.size() < plan->starts.size());
        CHECK(proof.ranges.back().end == text.size());
    }
    SECTION("a cut that does not hold is left out") {
        // A nested object that starts a line of pretty-printed text looks like a text's start.
        std::string text = ndjson(40) + "{\n  \"nested\":\n  {\"a\": 1}\n}\n" + ndjson(40);
        const std::size_t fake = text.find("  {\"a\"") + 2;
        const TempFile file(text);
        ctq::PiecePlan plan;
        const std::size_t real = text.find("{", text.find("\n}\n"));
        REQUIRE(text[fake] == '{');
        plan.starts = {0, fake, real};
        const ctq::RangeProof proof = ctq::prove_ranges(file.path, plan, {});
        CHECK(proof.error.empty());
        REQUIRE(proof.ranges.size() == 2);
        CHECK(proof.ranges[0].end == real);
        CHECK(proof.ranges[1].index == 41);
        CHECK(proof.ranges[1].line == 45);
        CHECK(proof.ranges[1].end == text.size());
    }
}
