// --timeline: events counted per time bucket (minute, hour, day), optionally per key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ctq {

/// An eventTime as seconds since the epoch (UTC): "2024-11-28T13:05:12Z", with or without
/// fractions of a second, or with a space for the "T". nullopt for anything else.
std::optional<std::int64_t> event_seconds(std::string_view event_time);

/// "2024-11-28T13:05:12Z" for a time in seconds since the epoch.
std::string iso_time(std::int64_t seconds);

enum class Bucket { Minute, Hour, Day };

std::optional<Bucket> parse_bucket(std::string_view name);
std::string_view bucket_name(Bucket bucket);
std::int64_t bucket_seconds(Bucket bucket);

/// The bucket for a span of `span_seconds` between the first and last events when none is
/// named: the finest one that keeps the chart at about 120 bars or fewer (minute up to two
/// hours, hour up to five days, day beyond). The cloudtrail module's timeline_bucket agrees.
Bucket choose_bucket(std::int64_t span_seconds);

/// The counts of a timeline: for each key (one key, "", without --by), events per bucket. With
/// no bucket named, counts are kept per minute and merged into hours, then days, as the span
/// seen so far grows past what choose_bucket() gives minutes and hours: since the span only
/// grows, the counts are exactly those of counting with the final bucket from the start.
class Timeline {
public:
    explicit Timeline(std::optional<Bucket> fixed = std::nullopt);

    void add(std::int64_t seconds, const std::string& key, std::uint64_t times = 1);

    Bucket bucket() const { return bucket_; }
    bool empty() const { return rows_.empty(); }
    /// Start of the first and last buckets that hold events (0 when empty()).
    std::int64_t first_bucket() const;
    std::int64_t last_bucket() const;
    std::int64_t first_event() const { return first_; }
    std::int64_t last_event() const { return last_; }

    struct Row {
        std::string key;
        std::map<std::int64_t, std::uint64_t> counts;  // bucket start -> events
        std::uint64_t total = 0;
    };
    /// Every key's row, largest total first, ties by key.
    std::vector<Row> rows() const;

private:
    std::int64_t step() const { return bucket_seconds(bucket_); }
    void coarsen_to(Bucket bucket);

    std::optional<Bucket> fixed_;
    Bucket bucket_;
    std::unordered_map<std::string, Row> rows_;
    std::int64_t first_ = 0;
    std::int64_t last_ = 0;
};

/// "2024-11-28 13:05" (minute), "2024-11-28 13:00" (hour), "2024-11-28" (day).
std::string bucket_label(std::int64_t start, Bucket bucket);

struct ChartOptions {
    std::size_t width = 80;     // terminal columns
    std::size_t top = 10;       // with --by: rows for the most frequent keys, then one for the rest
    std::string by;             // the --by filter's text; empty: one bar per bucket
    std::uint64_t untimed = 0;  // events left out for want of a readable eventTime
    std::uint64_t keyless = 0;  // events left out because --by gave them no key
};

/// The timeline for a terminal. Without --by, one line per bucket from the first to the last
/// (empty ones too) with a bar of Unicode blocks in eighths of a cell, the largest count
/// filling the width left after the label and the counts. With --by, one row per key and one
/// column per bucket, each a block whose height (in eighths) is its count against the largest;
/// when the buckets outnumber the columns, each column adds up as many whole buckets as it
/// takes for them to fit, and the header says how long a column is.
std::string timeline_chart(const Timeline& timeline, const ChartOptions& options);

/// The timeline as tab-separated lines, by bucket then key: the bucket's start (ISO 8601),
/// the key (with --by; escaped as @tsv does), and the count last. Only buckets with events.
std::string timeline_tsv(const Timeline& timeline, bool with_keys);

}  // namespace ctq
