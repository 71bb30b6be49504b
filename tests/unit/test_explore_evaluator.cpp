// The explorer's runs: on the sample off the calling thread, errors as ctq words them, and a
// new run cancelling the stale one.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "ctq/explore/evaluator.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"

using namespace ctq::explore;

namespace {

std::shared_ptr<const SampleSnapshot> small_sample() {
    auto sample = std::make_shared<SampleSnapshot>();
    for (const char* text : {R"({"Records":[{"eventName":"A"},{"eventName":"B"}]})",
                             R"({"Records":[{"eventName":"C"}]})"}) {
        ctq::Value v = ctq::parse_json(text);
        v.share();
        sample->values.push_back(v);
        sample->origins.push_back("log.json:1");
    }
    sample->records = 3;
    return sample;
}

Results::Status finished(const Results& results) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    Results::Status status = results.status();
    while (!status.done && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        status = results.status();
    }
    return status;
}

std::vector<std::string> texts(const Results& results) {
    std::vector<std::string> out;
    for (const ctq::Value& v : results.outputs(0, 100)) out.push_back(ctq::to_json(v));
    return out;
}

}  // namespace

TEST_CASE("a run on the sample gives the filter's outputs", "[evaluator]") {
    Evaluator evaluator({}, [] {});
    auto results = evaluator.run_sample(".Records[].eventName", false, small_sample());
    const Results::Status status = finished(*results);
    REQUIRE(status.done);
    CHECK_FALSE(status.failure);
    CHECK(texts(*results) == std::vector<std::string>{"\"A\"", "\"B\"", "\"C\""});
    auto slurped = evaluator.run_sample("length", true, small_sample());
    finished(*slurped);
    CHECK(texts(*slurped) == std::vector<std::string>{"2"});
}

TEST_CASE("errors carry ctq's message and where in the filter", "[evaluator]") {
    Evaluator evaluator({}, [] {});
    auto syntax = evaluator.run_sample(".Records[", false, small_sample());
    Results::Status status = finished(*syntax);
    REQUIRE(status.failure);
    CHECK(status.failure->compile);
    CHECK(status.failure->message.rfind("ctq: error: syntax error", 0) == 0);
    REQUIRE(status.failure->span);
    CHECK(status.failure->span->begin == 9);

    auto runtime = evaluator.run_sample(".Records[0].eventName + 1", false, small_sample());
    status = finished(*runtime);
    REQUIRE(status.failure);
    CHECK_FALSE(status.failure->compile);
    CHECK(status.failure->message ==
          "ctq: error (at log.json:1): string (\"A\") and number (1) cannot be added");
    CHECK(status.errors == 2);  // one per input, as jq goes on to the next
    CHECK(status.failure->span);
}

TEST_CASE("a new run cancels the stale one", "[evaluator]") {
    Evaluator evaluator({}, [] {});
    auto endless = evaluator.run_sample("[repeat(1)] | length", false, small_sample());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(endless->status().done);
    auto next = evaluator.run_sample(".Records | length", false, small_sample());
    const Results::Status stale = finished(*endless);
    CHECK(stale.done);
    CHECK(stale.cancelled);
    finished(*next);
    CHECK(texts(*next) == std::vector<std::string>{"2", "1"});
}
