// The explorer's sample: documents cut after the sample's last record, the rest counted.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "ctq/explore/sample.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"

using namespace ctq::explore;

namespace {

const std::string kLog = std::string(CTQ_SOURCE_DIR) + "/samples/cloudtrail_log.json";

Sample::Status counted(const Sample& sample) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    Sample::Status status = sample.status();
    while (!status.counting_done && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        status = sample.status();
    }
    return status;
}

ctq::Value whole_log() {
    std::ifstream in(kLog);
    std::stringstream text;
    text << in.rdbuf();
    return ctq::parse_json(text.str());
}

}  // namespace

TEST_CASE("a document is cut after the sample's last record", "[sample]") {
    SampleSettings settings;
    settings.files = {kLog};
    settings.limit = 5;
    Sample sample(settings, [] {});
    const Sample::Status status = counted(sample);
    REQUIRE(status.counting_done);
    CHECK(status.records_seen == 300);
    CHECK(status.files_done == 1);
    CHECK(status.error.empty());
    const auto snapshot = sample.snapshot();
    REQUIRE(snapshot);
    CHECK(snapshot->records == 5);
    CHECK_FALSE(snapshot->whole_input);
    REQUIRE(snapshot->values.size() == 1);
    const ctq::Value records = snapshot->values[0].field("Records");
    REQUIRE(records.as_array().size() == 5);
    const ctq::Value all = whole_log().field("Records");
    for (std::size_t i = 0; i < 5; ++i)
        CHECK(ctq::to_json(records.at(static_cast<std::ptrdiff_t>(i))) ==
              ctq::to_json(all.at(static_cast<std::ptrdiff_t>(i))));
    // The completion index is the sample's.
    CHECK(
        snapshot->index.keys_at(Path{{PathStep::Kind::Key, "Records"}, {PathStep::Kind::Each, ""}})
            .front()
            .count == 5);
}

TEST_CASE("a sample that holds everything says so; --records makes events inputs", "[sample]") {
    SampleSettings settings;
    settings.files = {kLog};
    settings.input.records = true;
    Sample sample(settings, [] {});
    REQUIRE(counted(sample).counting_done);
    const auto snapshot = sample.snapshot();
    REQUIRE(snapshot);
    CHECK(snapshot->whole_input);
    CHECK(snapshot->records == 300);
    REQUIRE(snapshot->values.size() == 300);
    CHECK(snapshot->values[0].field("eventVersion").is_string());
}

TEST_CASE("an unreadable input is reported as batch ctq reports it", "[sample]") {
    SampleSettings settings;
    settings.files = {"/nonexistent/ctq-sample-test.json", kLog};
    Sample sample(settings, [] {});
    const Sample::Status status = counted(sample);
    CHECK(status.error.rfind("ctq: error: ", 0) == 0);
    CHECK(status.error.find("/nonexistent/ctq-sample-test.json") != std::string::npos);
    CHECK(status.records_seen == 300);
}

TEST_CASE("numbers are written with thousands separators", "[sample]") {
    CHECK(with_commas(0) == "0");
    CHECK(with_commas(999) == "999");
    CHECK(with_commas(1000) == "1,000");
    CHECK(with_commas(48213) == "48,213");
    CHECK(with_commas(1234567) == "1,234,567");
}
