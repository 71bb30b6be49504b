// --timeline's output: a bar chart for a terminal, or tab-separated lines (timeline.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "ctq/output/bars.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/output/table_writer.hpp"
#include "ctq/output/timeline.hpp"

namespace ctq {

std::string bucket_label(std::int64_t start, Bucket bucket) {
    const std::string iso = iso_time(start);  // 2024-11-28T13:05:00Z
    if (bucket == Bucket::Day)
        return iso.substr(0, 10);
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

namespace {

std::string padded(const std::string& text, std::size_t width) {
    const std::size_t used = display_width(text);
    return text + std::string(width > used ? width - used : 0, ' ');
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The header's parts joined by " · ", a new line started where the next part would not fit.
std::string header(const Timeline& timeline, const ChartOptions& options, std::uint64_t events,
                   std::uint64_t fold = 1) {
    std::vector<std::string> parts;
    parts.push_back(fmt::format("events per {}", bucket_name(timeline.bucket())));
    if (!options.by.empty())
        parts.back() += fmt::format(" by {}", options.by);
    parts.push_back(fmt::format("{} → {} UTC",
                                bucket_label(timeline.first_bucket(), timeline.bucket()),
                                bucket_label(timeline.last_bucket(), timeline.bucket())));
    parts.push_back(plural(events, "event", "events"));
    if (fold > 1)
        parts.push_back(fmt::format("one column = {} {}s", fold, bucket_name(timeline.bucket())));
    std::string text = parts.front();
    std::size_t line = display_width(text);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::size_t width = display_width(parts[i]);
        if (line + 3 + width > options.width) {
            text += "\n" + parts[i];
            line = width;
        } else {
            text += " · " + parts[i];
            line += 3 + width;
        }
    }
    return text + "\n";
}

std::string notes(const ChartOptions& options) {
    std::string text;
    if (options.untimed > 0)
        text += fmt::format("({} left out: no readable eventTime)\n",
                            plural(options.untimed, "event", "events"));
    if (options.keyless > 0)
        text += fmt::format("({} left out: --by gave no key)\n",
                            plural(options.keyless, "event", "events"));
    return text;
}

// One line per bucket, each with a bar scaled so that the largest count fills the space left.
std::string bucket_lines(const Timeline& timeline, const ChartOptions& options) {
    const std::int64_t step = bucket_seconds(timeline.bucket());
    std::map<std::int64_t, std::uint64_t> counts;
    std::uint64_t events = 0;
    for (const Timeline::Row& row : timeline.rows()) {
        for (const auto& [start, count] : row.counts) counts[start] += count;
        events += row.total;
    }
    std::uint64_t largest = 0;
    for (const auto& [start, count] : counts) largest = std::max(largest, count);
    const std::size_t label_width = bucket_label(0, timeline.bucket()).size();
    const std::size_t count_width = std::to_string(largest).size();
    // "LABEL │BAR COUNT": the bar gets what the label, the rule and the count leave.
    const std::size_t fixed = label_width + 2 + 1 + count_width;
    const std::size_t cells = options.width > fixed + 1 ? options.width - fixed : 1;
    std::string text = header(timeline, options, events);
    for (std::int64_t at = timeline.first_bucket(); at <= timeline.last_bucket(); at += step) {
        const auto found = counts.find(at);
        const std::uint64_t count = found == counts.end() ? 0 : found->second;
        text += fmt::format("{} │{} {}\n", bucket_label(at, timeline.bucket()),
                            horizontal_bar(bar_eighths(count, largest, cells)), count);
    }
    return text + notes(options);
}

// The rows of the `top` most frequent keys, then one adding up all the others.
std::vector<Timeline::Row> top_rows(const std::vector<Timeline::Row>& all, std::size_t top) {
    std::vector<Timeline::Row> rows(
        all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(top, all.size())));
    if (all.size() > rows.size()) {
        Timeline::Row rest;
        rest.key = fmt::format("({} other {})", all.size() - rows.size(),
                               all.size() - rows.size() == 1 ? "key" : "keys");
        for (std::size_t i = rows.size(); i < all.size(); ++i) {
            for (const auto& [start, count] : all[i].counts) rest.counts[start] += count;
            rest.total += all[i].total;
        }
        rows.push_back(std::move(rest));
    }
    return rows;
}

// One row per key and one column per `fold` buckets, each cell a block of its height; when the
// buckets are few, each column is drawn up to three cells wide ("▃▃ ") to use the width.
std::string key_rows(const Timeline& timeline, const ChartOptions& options) {
    const std::int64_t step = bucket_seconds(timeline.bucket());
    const std::vector<Timeline::Row> all = timeline.rows();
    const std::vector<Timeline::Row> rows = top_rows(all, options.top);
    std::uint64_t events = 0;
    for (const Timeline::Row& row : all) events += row.total;
    // Keys are cut to a third of the width; the "(N other keys)" row never is.
    std::size_t label_width = 0;
    std::uint64_t largest_total = 0;
    for (std::size_t r = 0; r < std::min(rows.size(), options.top); ++r) {
        label_width = std::max(label_width, display_width(rows[r].key));
        largest_total = std::max(largest_total, rows[r].total);
    }
    label_width = std::min(label_width, std::max<std::size_t>(12, options.width / 3));
    if (rows.size() > options.top) {
        label_width = std::max(label_width, display_width(rows.back().key));
        largest_total = std::max(largest_total, rows.back().total);
    }
    const std::size_t count_width = std::to_string(largest_total).size();
    // "LABEL │CELLS│ COUNT"
    const std::size_t fixed = label_width + 2 + 2 + count_width;
    const std::size_t room = options.width > fixed + 1 ? options.width - fixed : 1;
    const std::uint64_t buckets =
        static_cast<std::uint64_t>((timeline.last_bucket() - timeline.first_bucket()) / step) + 1;
    const std::uint64_t fold = (buckets + room - 1) / room;
    const std::size_t columns = static_cast<std::size_t>((buckets + fold - 1) / fold);
    const std::size_t cell_width =
        std::max<std::size_t>(1, std::min<std::size_t>(3, room / columns));

    std::vector<std::vector<std::uint64_t>> cells;
    std::uint64_t largest = 0;
    for (const Timeline::Row& row : rows) {
        std::vector<std::uint64_t> line(columns, 0);
        for (const auto& [start, count] : row.counts) {
            const auto index = static_cast<std::uint64_t>((start - timeline.first_bucket()) / step);
            line[static_cast<std::size_t>(index / fold)] += count;
        }
        for (std::uint64_t count : line) largest = std::max(largest, count);
        cells.push_back(std::move(line));
    }
    std::string text = header(timeline, options, events, fold);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string line = padded(cut_to_width(rows[r].key, label_width), label_width) + " │";
        for (std::uint64_t count : cells[r]) {
            const std::string block = vertical_block(bar_eighths(count, largest, 1));
            // Wide cells end in a gap, so that neighbouring buckets read as separate bars.
            for (std::size_t i = 0; i < cell_width; ++i)
                line += i > 0 && i + 1 == cell_width ? " " : block;
        }
        text += line + fmt::format("│ {:>{}}\n", rows[r].total, count_width);
    }
    // The time axis under the cells: the first bucket's label, and the last one's if it fits.
    const std::string first = bucket_label(timeline.first_bucket(), timeline.bucket());
    std::string last = bucket_label(
        timeline.first_bucket() + static_cast<std::int64_t>((columns - 1) * fold) * step,
        timeline.bucket());
    if (last.size() > 10 && last.compare(0, 10, first, 0, 10) == 0)
        last = last.substr(11);  // the same day: its time is enough
    const std::size_t span = columns * cell_width;
    std::string axis = std::string(label_width + 2, ' ') + first;
    if (span >= first.size() + last.size() + 2)
        axis += std::string(span - first.size() - last.size(), ' ') + last;
    return text + axis + "\n" + notes(options);
}

}  // namespace

std::string timeline_chart(const Timeline& timeline, const ChartOptions& options) {
    if (timeline.empty())
        return "no events to draw\n" + notes(options);
    return options.by.empty() ? bucket_lines(timeline, options) : key_rows(timeline, options);
}

std::string timeline_tsv(const Timeline& timeline, bool with_keys) {
    std::vector<std::tuple<std::int64_t, const std::string*, std::uint64_t>> lines;
    const std::vector<Timeline::Row> rows = timeline.rows();
    for (const Timeline::Row& row : rows)
        for (const auto& [start, count] : row.counts) lines.emplace_back(start, &row.key, count);
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b)
                                                : *std::get<1>(a) < *std::get<1>(b);
    });
    std::string text;
    for (const auto& [start, key, count] : lines) {
        text += iso_time(start) + "\t";
        if (with_keys) {
            write_tsv_field(text, *key);  // @tsv's escapes: a key never breaks a column
            text += '\t';
        }
        text += std::to_string(count) + "\n";
    }
    return text;
}

}  // namespace ctq
