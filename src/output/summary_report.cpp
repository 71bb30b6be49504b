// --summary on a terminal: the summary's JSON object laid out as a readable report.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "ctq/output/bars.hpp"
#include "ctq/output/summary.hpp"
#include "ctq/output/table_writer.hpp"

namespace ctq {

namespace {

constexpr std::size_t kBarCells = 10;

std::uint64_t count_of(const Value& object, std::string_view key) {
    const Value value = object.field(key);
    return value.is_number() ? static_cast<std::uint64_t>(value.as_number()) : 0;
}

// 48213 -> "48,213": counts in a report are read, not parsed.
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return digits;
}

std::string percent(std::uint64_t count, std::uint64_t of) {
    if (of == 0)
        return "0.0%";
    return fmt::format("{:.1f}%", 100.0 * static_cast<double>(count) / static_cast<double>(of));
}

// 92430 -> "1d 1h 40m": the three largest units that are not zero.
std::string human_span(std::uint64_t seconds) {
    if (seconds == 0)
        return "0s";
    const std::pair<std::uint64_t, const char*> units[] = {
        {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    std::string text;
    int shown = 0;
    for (const auto& [size, name] : units) {
        if (seconds >= size && shown < 3) {
            text += fmt::format("{}{}{}", text.empty() ? "" : " ", seconds / size, name);
            seconds %= size;
            ++shown;
        }
    }
    return text;
}

// Words on lines of at most `width` columns (a longer word has a line to itself).
std::string wrapped(const std::string& text, std::size_t width) {
    std::string out, line;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find(' ', at);
        if (end == std::string::npos)
            end = text.size();
        const std::string word = text.substr(at, end - at);
        if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        at = end + 1;
    }
    return out + line + "\n";
}

std::string padded(const std::string& text, std::size_t width) {
    const std::size_t used = display_width(text);
    return text + std::string(width > used ? width - used : 0, ' ');
}

class Report {
public:
    Report(const Value& summary, std::size_t width) : summary_(summary), width_(width) {}

    std::string render() {
        header();
        const std::uint64_t records = count_of(summary_, "records");
        const std::pair<const char*, const char*> categories[] = {
            {"event_sources", "Event sources"}, {"event_names", "Event names"},
            {"principals", "Principals"},       {"source_ips", "Source IPs"},
            {"user_agents", "User agents"},     {"regions", "Regions"}};
        for (const auto& [key, title] : categories) {
            const Value category = summary_.field(key);
            std::string line = fmt::format("{} · {}", title, distinct(category));
            const std::uint64_t without = records - count_of(category, "counted");
            if (without > 0)
                line += fmt::format(" · {} without one", grouped(without));
            section(line);
            entries(category, records, 2);
        }
        const Value errors = summary_.field("error_codes");
        const std::uint64_t failed = count_of(errors, "counted");
        section(fmt::format("Error codes · {} record{} with one ({}) · {}", grouped(failed),
                            failed == 1 ? "" : "s", percent(failed, records), distinct(errors)));
        entries(errors, records, 2);
        logins();
        root();
        footer();
        return text_;
    }

private:
    void header() {
        const std::uint64_t records = count_of(summary_, "records");
        std::string line = fmt::format("{} record{}", grouped(records), records == 1 ? "" : "s");
        const Value first = summary_.field("first_event");
        if (first.is_string())
            line += fmt::format(" · {} → {} ({})", first.as_string(),
                                summary_.field("last_event").as_string(),
                                human_span(count_of(summary_, "span_seconds")));
        if (const std::uint64_t untimed = count_of(summary_, "untimed"))
            line += fmt::format(" · {} without a readable eventTime", grouped(untimed));
        text_ += line + "\n";
    }

    static std::string distinct(const Value& category) {
        const std::uint64_t n = count_of(category, "distinct");
        if (category.field("approximate").truthy())
            return fmt::format("over {} distinct, counts approximate", grouped(n - 1));
        return fmt::format("{} distinct", grouped(n));
    }

    void section(const std::string& title) { text_ += "\n" + title + "\n"; }

    // The top entries of a category, one line each: value, count, share of `of`, and a bar
    // of the count against the category's largest.
    void entries(const Value& category, std::uint64_t of, std::size_t indent) {
        const Array& top = category.field("top").as_array();
        if (top.empty()) {
            text_ += std::string(indent, ' ') + "(none)\n";
            return;
        }
        std::vector<std::string> counts;
        std::size_t count_width = 0;
        for (const Value& entry : top) {
            // "~": a count the sketch may have overestimated (its error bound is not 0).
            const bool over = count_of(entry, "error") > 0;
            counts.push_back((over ? "~" : "") + grouped(count_of(entry, "count")));
            count_width = std::max(count_width, counts.back().size());
        }
        const std::size_t share_width = 6;  // "100.0%"
        const bool bars = width_ >= 60;
        const std::size_t fixed =
            indent + 2 + count_width + 2 + share_width + (bars ? 2 + kBarCells : 0);
        const std::size_t value_width = width_ > fixed + 12 ? width_ - fixed : 12;
        const std::uint64_t largest = count_of(top.front(), "count");
        for (std::size_t i = 0; i < top.size(); ++i) {
            const std::uint64_t count = count_of(top[i], "count");
            std::string line =
                std::string(indent, ' ') +
                padded(cut_to_width(top[i].field("value").as_string(), value_width), value_width) +
                fmt::format("  {:>{}}  {:>{}}", counts[i], count_width, percent(count, of),
                            share_width);
            if (bars)
                line += "  " + horizontal_bar(bar_eighths(count, largest, kBarCells));
            text_ += line + "\n";
        }
    }

    void logins() {
        const Value logins = summary_.field("console_logins");
        const std::uint64_t total = count_of(logins, "total");
        std::string line = fmt::format("Console logins · {}", grouped(total));
        if (total > 0) {
            line += fmt::format(": {} succeeded", grouped(count_of(logins, "success")));
            if (const std::uint64_t no_mfa = count_of(logins, "success_without_mfa"))
                line += fmt::format(" ({} without MFA)", grouped(no_mfa));
            line += fmt::format(", {} failed", grouped(count_of(logins, "failure")));
            if (const std::uint64_t other = count_of(logins, "other"))
                line += fmt::format(", {} with no outcome", grouped(other));
        }
        section(line);
        if (count_of(logins, "failure") > 0) {
            text_ += "  failed, by source IP\n";
            entries(logins.field("failures_by_source_ip"), count_of(logins, "failure"), 4);
        }
    }

    void root() {
        const Value root = summary_.field("root");
        const std::uint64_t events = count_of(root, "events");
        section(fmt::format("Root activity · {} event{}", grouped(events), events == 1 ? "" : "s"));
        if (events == 0)
            return;
        text_ += "  event names\n";
        entries(root.field("event_names"), events, 4);
        text_ += "  source IPs\n";
        entries(root.field("source_ips"), events, 4);
    }

    void footer() {
        if (!summary_.field("approximate").truthy())
            return;
        text_ += "\n" + wrapped(
                            "~ Counts so marked are upper bounds: where a category has more "
                            "distinct values than are counted exactly, the most frequent are "
                            "kept by a Space-Saving sketch (the JSON output gives each "
                            "count's error bound).",
                            width_);
    }

    const Value& summary_;
    std::size_t width_;
    std::string text_;
};

}  // namespace

std::string summary_report(const Value& summary, std::size_t width) {
    return Report(summary, width).render();
}

}  // namespace ctq
