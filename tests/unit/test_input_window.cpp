// Unit tests for --since/--until: time parsing, record filtering and path-date pruning.
#include <catch2/catch.hpp>
#include <string>

#include "ctq/input/input_window.hpp"
#include "ctq/input/json_reader.hpp"

using ctq::parse_window_time;
using ctq::TimeWindow;

TEST_CASE("window times: ISO 8601 UTC and relative", "[window]") {
    const std::int64_t t = 1732798800;  // 2024-11-28T13:00:00Z
    CHECK(parse_window_time("2024-11-28T13:00:00Z", 0) == t);
    CHECK(parse_window_time("2024-11-28T13:00Z", 0) == t);
    CHECK(parse_window_time("2024-11-28", 0) == t - 13 * 3600);
    CHECK(parse_window_time("36h", t) == t - 36 * 3600);
    CHECK(parse_window_time("7d", t) == t - 7 * 86400);
    CHECK(parse_window_time("90m", t) == t - 90 * 60);
    CHECK_FALSE(parse_window_time("yesterday", t));
    CHECK_FALSE(parse_window_time("2024-13-01", t));
    CHECK_FALSE(parse_window_time("2024-11-28T13:00:00+02:00", t));
}

TEST_CASE("window: records are kept by eventTime", "[window]") {
    TimeWindow w;
    w.since = parse_window_time("2024-11-28T10:00:00Z", 0);
    w.until = parse_window_time("2024-11-28T12:00:00Z", 0);
    CHECK(w.keeps_record(ctq::parse_json(R"({"eventTime":"2024-11-28T10:00:00Z"})")));
    CHECK(w.keeps_record(ctq::parse_json(R"({"eventTime":"2024-11-28T12:00:00Z"})")));
    CHECK_FALSE(w.keeps_record(ctq::parse_json(R"({"eventTime":"2024-11-28T09:59:59Z"})")));
    CHECK_FALSE(w.keeps_record(ctq::parse_json(R"({"eventTime":"2024-11-28T12:00:01Z"})")));
    CHECK(w.keeps_record(ctq::parse_json(R"({"eventName":"x"})")));  // undated: kept
    CHECK(TimeWindow{}.keeps_record(ctq::parse_json("1")));
}

TEST_CASE("window: dated folders and file names are pruned with an hour of slack", "[window]") {
    TimeWindow w;
    w.since = parse_window_time("2024-11-28T00:30:00Z", 0);
    w.until = parse_window_time("2024-11-28T06:00:00Z", 0);
    const std::string base = "AWSLogs/1/CloudTrail/us-east-1/";
    CHECK(w.keeps_path(base + "2024", true));
    CHECK_FALSE(w.keeps_path(base + "2023", true));
    CHECK(w.keeps_path(base + "2024/11", true));
    CHECK_FALSE(w.keeps_path(base + "2024/10", true));
    CHECK(w.keeps_path(base + "2024/11/28", true));
    CHECK(w.keeps_path(base + "2024/11/27", true));  // ends within the hour before `since`
    CHECK_FALSE(w.keeps_path(base + "2024/11/26", true));
    CHECK_FALSE(w.keeps_path(base + "2024/11/29", true));
    CHECK(w.keeps_path(base + "2024/11/28/1_CloudTrail_us-east-1_20241128T0700Z_x.json.gz", false));
    CHECK_FALSE(
        w.keeps_path(base + "2024/11/28/1_CloudTrail_us-east-1_20241128T0705Z_x.json.gz", false));
    CHECK(w.keeps_path(base + "2024/11/28/1_CloudTrail_us-east-1_20241128T0035Z_x.json.gz", false));
    CHECK_FALSE(
        w.keeps_path(base + "2024/11/28/1_CloudTrail_us-east-1_20241128T0025Z_x.json.gz", false));
    CHECK(w.keeps_path("logs/other.json", false));
}
