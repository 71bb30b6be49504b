// Tests for --timeline's counting: eventTime parsing, bucket choice, coarsening, and output.
#include <catch2/catch.hpp>
#include <string>

#include "ctq/output/bars.hpp"
#include "ctq/output/timeline.hpp"

namespace {

std::int64_t at(const char* time) {
    return ctq::event_seconds(time).value();
}

}  // namespace

TEST_CASE("timeline: eventTime forms", "[timeline]") {
    CHECK(ctq::event_seconds("2024-11-28T13:05:12Z") == 1732799112);
    CHECK(ctq::event_seconds("2024-11-28T13:05:12.345Z") == 1732799112);
    CHECK(ctq::event_seconds("2024-11-28 13:05:12") == 1732799112);
    CHECK(ctq::event_seconds("2024-11-28 13:05:12.000000000") == 1732799112);
    CHECK_FALSE(ctq::event_seconds("36h"));
    CHECK_FALSE(ctq::event_seconds("yesterday"));
    CHECK_FALSE(ctq::event_seconds("2024-11-28T13:05:12+02:00"));
    CHECK(ctq::iso_time(1732799112) == "2024-11-28T13:05:12Z");
}

TEST_CASE("timeline: the bucket chosen from the span", "[timeline]") {
    using ctq::Bucket;
    CHECK(ctq::choose_bucket(0) == Bucket::Minute);
    CHECK(ctq::choose_bucket(2 * 3600) == Bucket::Minute);
    CHECK(ctq::choose_bucket(2 * 3600 + 1) == Bucket::Hour);
    CHECK(ctq::choose_bucket(5 * 86400) == Bucket::Hour);
    CHECK(ctq::choose_bucket(5 * 86400 + 1) == Bucket::Day);
    CHECK(ctq::parse_bucket("hour") == Bucket::Hour);
    CHECK_FALSE(ctq::parse_bucket("week"));
    CHECK(ctq::bucket_label(at("2024-11-28T13:05:00Z"), Bucket::Minute) == "2024-11-28 13:05");
    CHECK(ctq::bucket_label(at("2024-11-28T00:00:00Z"), Bucket::Day) == "2024-11-28");
}

TEST_CASE("timeline: a named bucket counts per bucket", "[timeline]") {
    ctq::Timeline timeline(ctq::Bucket::Hour);
    timeline.add(at("2024-11-28T13:05:00Z"), "");
    timeline.add(at("2024-11-28T13:59:59Z"), "");
    timeline.add(at("2024-11-28T15:00:00Z"), "");
    CHECK(timeline.bucket() == ctq::Bucket::Hour);
    CHECK(ctq::timeline_tsv(timeline, false) ==
          "2024-11-28T13:00:00Z\t2\n"
          "2024-11-28T15:00:00Z\t1\n");
}

TEST_CASE("timeline: minutes merged into hours, then days, as the span grows", "[timeline]") {
    ctq::Timeline timeline;
    timeline.add(at("2024-11-28T13:05:10Z"), "a");
    timeline.add(at("2024-11-28T13:05:50Z"), "b");
    timeline.add(at("2024-11-28T13:07:00Z"), "a");
    CHECK(timeline.bucket() == ctq::Bucket::Minute);
    CHECK(ctq::timeline_tsv(timeline, true) ==
          "2024-11-28T13:05:00Z\ta\t1\n"
          "2024-11-28T13:05:00Z\tb\t1\n"
          "2024-11-28T13:07:00Z\ta\t1\n");
    timeline.add(at("2024-11-28T16:00:00Z"), "a");  // a span of 3 hours: hours
    CHECK(timeline.bucket() == ctq::Bucket::Hour);
    CHECK(ctq::timeline_tsv(timeline, true) ==
          "2024-11-28T13:00:00Z\ta\t2\n"
          "2024-11-28T13:00:00Z\tb\t1\n"
          "2024-11-28T16:00:00Z\ta\t1\n");
    timeline.add(at("2024-12-05T00:00:00Z"), "b");  // a week: days
    CHECK(timeline.bucket() == ctq::Bucket::Day);
    CHECK(ctq::timeline_tsv(timeline, true) ==
          "2024-11-28T00:00:00Z\ta\t3\n"
          "2024-11-28T00:00:00Z\tb\t1\n"
          "2024-12-05T00:00:00Z\tb\t1\n");
    // An earlier event widens the span too.
    ctq::Timeline early;
    early.add(at("2024-11-28T13:00:00Z"), "");
    early.add(at("2024-11-28T10:00:00Z"), "");
    CHECK(early.bucket() == ctq::Bucket::Hour);
    CHECK(early.first_bucket() == at("2024-11-28T10:00:00Z"));
    CHECK(early.last_bucket() == at("2024-11-28T13:00:00Z"));
}

TEST_CASE("timeline: keys by total, TSV escapes", "[timeline]") {
    ctq::Timeline timeline(ctq::Bucket::Day);
    timeline.add(at("2024-11-28T13:00:00Z"), "x");
    timeline.add(at("2024-11-28T14:00:00Z"), "tab\there", 3);
    const auto rows = timeline.rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].key == "tab\there");
    CHECK(rows[0].total == 3);
    CHECK(ctq::timeline_tsv(timeline, true) ==
          "2024-11-28T00:00:00Z\ttab\\there\t3\n"
          "2024-11-28T00:00:00Z\tx\t1\n");
}

TEST_CASE("timeline: bars in eighths", "[timeline]") {
    CHECK(ctq::bar_eighths(0, 10, 5) == 0);
    CHECK(ctq::bar_eighths(10, 10, 5) == 40);
    CHECK(ctq::bar_eighths(5, 10, 5) == 20);
    CHECK(ctq::bar_eighths(1, 1000, 5) == 1);  // never drawn as nothing
    CHECK(ctq::horizontal_bar(0).empty());
    CHECK(ctq::horizontal_bar(8) == "█");
    CHECK(ctq::horizontal_bar(19) == "██▍");
    CHECK(ctq::vertical_block(0) == " ");
    CHECK(ctq::vertical_block(4) == "▄");
    CHECK(ctq::vertical_block(8) == "█");
}

TEST_CASE("timeline: the chart on a terminal", "[timeline]") {
    ctq::Timeline timeline(ctq::Bucket::Hour);
    timeline.add(at("2024-11-28T13:05:00Z"), "", 4);
    timeline.add(at("2024-11-28T15:00:00Z"), "", 1);
    ctq::ChartOptions options;
    options.width = 40;  // "2024-11-28 13:00 │" + bar + " 4": 20 cells for the bar
    CHECK(ctq::timeline_chart(timeline, options) ==
          "events per hour\n"
          "2024-11-28 13:00 → 2024-11-28 15:00 UTC\n"
          "5 events\n"
          "2024-11-28 13:00 │████████████████████ 4\n"
          "2024-11-28 14:00 │ 0\n"
          "2024-11-28 15:00 │█████ 1\n");
}

TEST_CASE("timeline: rows per key fold buckets into the width", "[timeline]") {
    ctq::Timeline timeline(ctq::Bucket::Hour);
    for (int hour = 0; hour < 10; ++hour) {
        const std::string time = "2024-11-28T0" + std::to_string(hour) + ":00:00Z";
        timeline.add(at(time.c_str()), "alice", static_cast<std::uint64_t>(hour + 1));
    }
    timeline.add(at("2024-11-28T00:00:00Z"), "bob", 2);
    timeline.add(at("2024-11-28T09:00:00Z"), "carol", 1);
    ctq::ChartOptions options;
    options.by = ".who";
    options.top = 2;
    options.width = 13 + 2 + 2 + 2 + 5;  // label 13, " │", "│ ", a count of 2: 5 columns
    const std::string chart = ctq::timeline_chart(timeline, options);
    // 10 hours in 5 columns: two hours a column. alice: 3, 7, 11, 15, 19 of 19 at most.
    CHECK(chart ==
          "events per hour by .who\n"
          "2024-11-28 00:00 → 2024-11-28 09:00 UTC\n"
          "58 events\n"
          "one column = 2 hours\n"
          "alice         │▁▃▅▆█│ 55\n"
          "bob           │▁    │  2\n"
          "(1 other key) │    ▁│  1\n"
          "               2024-11-28 00:00\n");
}
