// Completion in the explorer: the path at the cursor, fields ranked by how often the sample
// has them, builtins, values in string literals; and the command line it shows.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ctq/eval/interpreter.hpp"
#include "ctq/explore/completion.hpp"
#include "ctq/explore/explorer.hpp"
#include "ctq/explore/lazy_lines.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"

using namespace ctq::explore;
using ctq::parse_json;

namespace {

// Three records: userIdentity in all, userAgent in two, errorCode in one.
const char* const kDocument = R"({"Records":[
  {"eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","arn":"arn:a"},"userAgent":"x",
   "requestParameters":{"bucketName":"b1"}},
  {"eventName":"ConsoleLogin","userIdentity":{"type":"Root"},"userAgent":"y","errorCode":"E",
   "requestParameters":{"bucketName":"b2","key":"k"}},
  {"eventName":"GetObject","userIdentity":{"type":"IAMUser"},"x-amz-id":"1",
   "requestParameters":{"bucketName":"b1"}}]})";

KeyIndex sample_index() {
    KeyIndex index;
    index.add(parse_json(kDocument));
    return index;
}

std::vector<std::string> labels(const Completion& c) {
    std::vector<std::string> out;
    for (const Candidate& candidate : c.candidates) out.push_back(candidate.label);
    return out;
}

Completion at_end(const std::string& filter, const KeyIndex& index, bool slurp = false) {
    return complete(filter, filter.size(), index, {"select", "sort", "sort_by", "split"}, slurp);
}

}  // namespace

TEST_CASE("a field after an index completes from the keys at that path", "[completion]") {
    const KeyIndex index = sample_index();
    const Completion c = at_end(".Records[0].userI", index);
    CHECK(c.context.kind == CursorContext::Kind::Field);
    REQUIRE(labels(c) == std::vector<std::string>{"userIdentity"});
    CHECK(c.candidates[0].replacement == "userIdentity");
    CHECK(c.context.begin == 12);
}

TEST_CASE("fields are ranked by frequency, then by name", "[completion]") {
    const KeyIndex index = sample_index();
    const Completion c = at_end(".Records[].user", index);
    CHECK(labels(c) == std::vector<std::string>{"userIdentity", "userAgent"});
    CHECK(c.candidates[0].count == 3);
    CHECK(c.candidates[1].count == 2);
    const Completion all = at_end(".Records[].", index);
    REQUIRE(all.candidates.size() == 6);
    CHECK(all.candidates.back().label == "x-amz-id");
}

TEST_CASE("completion follows pipes, select and map", "[completion]") {
    const KeyIndex index = sample_index();
    CHECK(labels(at_end(".Records[] | .requestParameters | .buck", index)) ==
          std::vector<std::string>{"bucketName"});
    CHECK(labels(at_end(".Records[] | select(.userIdentity.ty", index)) ==
          std::vector<std::string>{"type"});
    CHECK(labels(at_end(".Records | map(.requestParameters.k", index)) ==
          std::vector<std::string>{"key"});
    CHECK(labels(at_end(".Records | map(.userIdentity) | .[0].a", index)) ==
          std::vector<std::string>{"arn"});
    // After select(...) the path is the selected value's again.
    CHECK(labels(at_end(".Records[] | select(.errorCode) | .requestParameters.k", index)) ==
          std::vector<std::string>{"key"});
    // Inside brackets and parentheses, terms start from the input of the bracket.
    CHECK(labels(at_end(".Records[] | [.eventName, .userA", index)) ==
          std::vector<std::string>{"userAgent"});
    CHECK(labels(at_end(".Records[] | {name: .eventN", index)) ==
          std::vector<std::string>{"eventName"});
}

TEST_CASE("a key that is not an identifier goes in quoted", "[completion]") {
    const KeyIndex index = sample_index();
    const Completion c = at_end(".Records[].x", index);
    REQUIRE(labels(c) == std::vector<std::string>{"x-amz-id"});
    CHECK(c.candidates[0].replacement == "\"x-amz-id\"");
    const Completion quoted = at_end(".Records[].\"x-am", index);
    CHECK(quoted.context.quoted);
    REQUIRE(quoted.candidates.size() == 1);
    CHECK(quoted.candidates[0].replacement == "x-amz-id\"");
}

TEST_CASE("case-blind matches come after exact ones", "[completion]") {
    const KeyIndex index = sample_index();
    CHECK(labels(at_end(".Records[].USERA", index)) == std::vector<std::string>{"userAgent"});
}

TEST_CASE("inside a string compared with a field, observed values", "[completion]") {
    const KeyIndex index = sample_index();
    const Completion c = at_end(".Records[] | select(.eventName == \"Cons", index);
    CHECK(c.context.kind == CursorContext::Kind::Value);
    REQUIRE(labels(c) == std::vector<std::string>{"ConsoleLogin"});
    CHECK(c.candidates[0].replacement == "ConsoleLogin\"");
    CHECK(c.candidates[0].count == 2);
    // Ranked by frequency: b1 twice, b2 once.
    CHECK(labels(at_end(".Records[] | select(.requestParameters.bucketName != \"b", index)) ==
          std::vector<std::string>{"b1", "b2"});
    // A string passed to a function of the field's value.
    CHECK(labels(at_end(".Records[] | .eventName | startswith(\"Get", index)) ==
          std::vector<std::string>{"GetObject"});
}

TEST_CASE("a bare word completes builtin names", "[completion]") {
    const KeyIndex index = sample_index();
    const Completion c = at_end(".Records[] | so", index);
    CHECK(c.context.kind == CursorContext::Kind::Builtin);
    CHECK(labels(c) == std::vector<std::string>{"sort", "sort_by"});
    CHECK(common_prefix(c.candidates) == "sort");
}

TEST_CASE("with -s the input is the array of inputs", "[completion]") {
    const KeyIndex index = sample_index();
    CHECK(labels(at_end(".[0].Rec", index, true)) == std::vector<std::string>{"Records"});
    CHECK(at_end(".Rec", index, true).candidates.empty());
}

TEST_CASE("an unknown path offers the keys seen anywhere", "[completion]") {
    const KeyIndex index = sample_index();
    const Completion c = at_end(".Records[] as $r | $r.userIdentity | .. | .ar", index);
    CHECK(labels(c) == std::vector<std::string>{"arn"});
    CHECK(at_end("", index).candidates.empty());
    CHECK(at_end("\"abc\" | ", index).candidates.empty());
}

TEST_CASE("the command line quotes for the shell", "[command_line]") {
    ExploreConfig config;
    config.files = {"logs/a b.json", "x.json"};
    config.fixed_args = {"--records", "--arg", "who", "it's"};
    Toggles toggles;
    toggles.raw = true;
    toggles.compact = true;
    toggles.table = true;
    CHECK(command_line(config, ".a | select(.b == \"it's\")", toggles) ==
          "ctq -rc --table --records --arg who 'it'\\''s' '.a | select(.b == \"it'\\''s\")' "
          "'logs/a b.json' x.json");
    CHECK(shell_quote("-x") == "-x");
    CHECK(shell_quote("a;b") == "'a;b'");
    CHECK(shell_quote("") == "''");
}

TEST_CASE("a cancelled run stops, and try cannot catch it", "[cancel]") {
    const auto program = ctq::Program::compile(
        "try (def f: f; [limit(1; repeat(1))] | f) "
        "catch \"caught\"",
        {});
    ctq::Interpreter interpreter(*program, {}, {});
    std::atomic<bool> cancel{true};
    interpreter.set_cancel_flag(&cancel);
    CHECK_THROWS_AS(interpreter.run(ctq::Value::null(), [](const ctq::Value&) { return true; }),
                    ctq::CancelledSignal);
}

namespace {

// What LazyLines gives, joined again, for comparing with write_json's text.
std::string joined(const ctq::Value& v, const ctq::WriterOptions& writer, bool raw = false) {
    LazyLines lines(v, writer, raw);
    std::string out, line;
    bool first = true;
    while (lines.next(line)) {
        if (!first)
            out += '\n';
        out += line;
        first = false;
    }
    return out;
}

}  // namespace

TEST_CASE("outputs formatted by pieces read as the writer prints them whole", "[lazy_lines]") {
    std::string big = R"({"Records":[)";
    for (int i = 0; i < 150; ++i) {
        big += (i ? "," : "") + std::string(R"({"z":1,"a":{"n":[1,2,{"k":null}],"e":{}},"s":"x)") +
               std::to_string(i) + R"(","t":[],"u":true})";
    }
    big += R"(],"b":"\u00e9\n","deep":[[[[[[1]]]]]]})";
    const ctq::Value doc = parse_json(big);
    for (int indent : {2, 4, 0}) {
        for (bool sort : {false, true}) {
            for (bool color : {false, true}) {
                ctq::WriterOptions w;
                w.indent = indent;
                w.sort_keys = sort;
                w.color = color;
                std::string whole;
                ctq::write_json(whole, doc, w);
                const std::string got = joined(doc, w);
                if (indent != 0 || whole.size() <= LazyLines::kMaxLine) {
                    CHECK(got == whole);
                } else {  // one compact line, cut
                    const std::size_t kept = got.size() - std::string(" …").size();
                    CHECK(kept <= LazyLines::kMaxLine);
                    CHECK(got.substr(0, kept) == whole.substr(0, kept));
                    CHECK(got.substr(kept) == " …");
                }
            }
        }
    }
    ctq::WriterOptions tab;
    tab.tab = true;
    std::string whole;
    ctq::write_json(whole, doc, tab);
    CHECK(joined(doc, tab) == whole);
}

TEST_CASE("raw strings split into lines, and long compact lines are cut", "[lazy_lines]") {
    ctq::WriterOptions w;
    CHECK(joined(ctq::Value::string("a\nb\n"), w, true) == "a\nb\n");
    CHECK(joined(ctq::Value::string(""), w, true).empty());
    w.indent = 0;
    ctq::Array many(100000, ctq::Value::string("0123456789"));
    LazyLines lines(ctq::Value::array(std::move(many)), w, false);
    std::string line;
    REQUIRE(lines.next(line));
    CHECK(line.size() < LazyLines::kMaxLine + 8);
    CHECK(line.substr(line.size() - 4) == " …");
    CHECK_FALSE(lines.next(line));
}
