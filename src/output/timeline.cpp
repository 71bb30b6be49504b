// Events per time bucket: eventTime parsing, bucket choice, and counting (timeline.hpp).
#include "ctq/output/timeline.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "ctq/input/input_window.hpp"

namespace ctq {

std::optional<std::int64_t> event_seconds(std::string_view event_time) {
    // parse_window_time also takes "36h": an eventTime must at least start with a date.
    if (event_time.size() < 10 || event_time[4] != '-' || event_time[7] != '-')
        return std::nullopt;
    std::string text(event_time);
    if (text.size() > 10 && text[10] == ' ')
        text[10] = 'T';
    if (text.size() > 10 && text.back() != 'Z')  // "2024-10-17 21:48:45.000000000"
        text += 'Z';
    return parse_window_time(text, 0);
}

std::string iso_time(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(text, n);
}

std::optional<Bucket> parse_bucket(std::string_view name) {
    if (name == "minute")
        return Bucket::Minute;
    if (name == "hour")
        return Bucket::Hour;
    if (name == "day")
        return Bucket::Day;
    return std::nullopt;
}

std::string_view bucket_name(Bucket bucket) {
    switch (bucket) {
        case Bucket::Minute: return "minute";
        case Bucket::Hour: return "hour";
        case Bucket::Day: return "day";
    }
    return "day";
}

std::int64_t bucket_seconds(Bucket bucket) {
    switch (bucket) {
        case Bucket::Minute: return 60;
        case Bucket::Hour: return 3600;
        case Bucket::Day: return 86400;
    }
    return 86400;
}

Bucket choose_bucket(std::int64_t span_seconds) {
    if (span_seconds <= 2 * 3600)
        return Bucket::Minute;
    if (span_seconds <= 5 * 86400)
        return Bucket::Hour;
    return Bucket::Day;
}

namespace {

// Floor division: times before 1970 still fall in the bucket that starts before them.
std::int64_t bucket_start(std::int64_t seconds, std::int64_t step) {
    std::int64_t start = seconds / step * step;
    if (start > seconds)
        start -= step;
    return start;
}

}  // namespace

Timeline::Timeline(std::optional<Bucket> fixed)
    : fixed_(fixed), bucket_(fixed.value_or(Bucket::Minute)) {}

void Timeline::add(std::int64_t seconds, const std::string& key, std::uint64_t times) {
    if (rows_.empty()) {
        first_ = last_ = seconds;
    } else {
        first_ = std::min(first_, seconds);
        last_ = std::max(last_, seconds);
    }
    if (!fixed_) {
        const Bucket wanted = choose_bucket(last_ - first_);
        if (wanted > bucket_)
            coarsen_to(wanted);
    }
    const auto [at, fresh] = rows_.try_emplace(key);
    Row& row = at->second;
    if (fresh)
        row.key = key;
    row.counts[bucket_start(seconds, step())] += times;
    row.total += times;
}

void Timeline::coarsen_to(Bucket bucket) {
    bucket_ = bucket;
    for (auto& [key, row] : rows_) {
        std::map<std::int64_t, std::uint64_t> merged;
        for (const auto& [start, count] : row.counts) merged[bucket_start(start, step())] += count;
        row.counts = std::move(merged);
    }
}

std::int64_t Timeline::first_bucket() const {
    return bucket_start(first_, step());
}

std::int64_t Timeline::last_bucket() const {
    return bucket_start(last_, step());
}

std::vector<Timeline::Row> Timeline::rows() const {
    std::vector<Row> rows;
    rows.reserve(rows_.size());
    for (const auto& [key, row] : rows_) rows.push_back(row);
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.total != b.total ? a.total > b.total : a.key < b.key;
    });
    return rows;
}

}  // namespace ctq
