// --since/--until: the time window over eventTime, and path dates for skipping files unopened.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ctq/value/value.hpp"

namespace ctq {

struct TimeWindow {
    std::optional<std::int64_t> since;  // seconds since the epoch, inclusive
    std::optional<std::int64_t> until;  // inclusive
    bool active() const { return since.has_value() || until.has_value(); }

    /// Whether a record passes: its eventTime is inside (records without a readable
    /// eventTime are kept, so the window never hides what it cannot date).
    bool keeps_record(const Value& record) const;
    /// Whether a walked path may hold records inside, judged from the dates in it
    /// (`.../YYYY/MM/DD/...`, `_YYYYMMDDTHHMMZ_` in a file name) with one hour of slack.
    bool keeps_path(const std::string& path, bool is_directory) const;
};

/// Parses ISO 8601 UTC ("2024-11-28T13:00:00Z", "2024-11-28T13:00Z", "2024-11-28") or a
/// time relative to `now`: "36h", "7d", "90m", "30s". nullopt when it is neither.
std::optional<std::int64_t> parse_window_time(const std::string& text, std::int64_t now);

}  // namespace ctq
