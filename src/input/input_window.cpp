// The --since/--until window: parsing times, testing records and dated S3 paths.
#include "ctq/input/input_window.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <vector>

namespace ctq {

namespace {

constexpr std::int64_t kSlack = 3600;  // CloudTrail delivers late; never prune within an hour

std::int64_t utc_seconds(int year, int month, int day, int hour = 0, int minute = 0,
                         int second = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<std::int64_t>(timegm(&tm));
}

bool all_digits(const std::string& s, std::size_t n) {
    if (s.size() != n)
        return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

// Whether [lo, hi] (widened by the slack) meets the window.
bool overlaps(const TimeWindow& w, std::int64_t lo, std::int64_t hi) {
    if (w.since && hi + kSlack < *w.since)
        return false;
    if (w.until && lo - kSlack > *w.until)
        return false;
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_window_time(const std::string& text, std::int64_t now) {
    if (text.size() >= 2 && std::isdigit(static_cast<unsigned char>(text[0]))) {
        char unit = text.back();
        std::string number = text.substr(0, text.size() - 1);
        if (all_digits(number, number.size()) && number.size() < 10) {
            std::int64_t n = std::stoll(number);
            switch (unit) {
                case 's': return now - n;
                case 'm': return now - n * 60;
                case 'h': return now - n * 3600;
                case 'd': return now - n * 86400;
                default: break;
            }
        }
    }
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, used = 0;
    const char* p = text.c_str();
    if (std::sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
        return std::nullopt;
    std::string rest = text.substr(10);
    if (!rest.empty()) {
        int n = std::sscanf(rest.c_str(), "T%2d:%2d:%2d", &h, &mi, &s);
        if (n < 2)
            return std::nullopt;
        std::size_t end = rest.find_first_of("Z+-", 1);
        if (end == std::string::npos || rest.substr(end) != "Z")
            return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    return utc_seconds(y, mo, d, h, mi, s);
}

bool TimeWindow::keeps_record(const Value& record) const {
    if (!active() || !record.is_object())
        return true;
    const Value* time = record.as_object().find("eventTime");
    if (!time || !time->is_string())
        return true;
    std::optional<std::int64_t> t = parse_window_time(std::string(time->as_string()), 0);
    if (!t)
        return true;
    return (!since || *t >= *since) && (!until || *t <= *until);
}

bool TimeWindow::keeps_path(const std::string& path, bool is_directory) const {
    if (!active())
        return true;
    // The last components: .../YYYY, .../YYYY/MM or .../YYYY/MM/DD (directories, or
    // the directories a file sits in).
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string::npos)
            slash = path.size();
        parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    std::string file;
    if (!is_directory) {
        file = parts.back();
        parts.pop_back();
    }
    const std::size_t n = parts.size();
    if (n >= 3 && all_digits(parts[n - 3], 4) && all_digits(parts[n - 2], 2) &&
        all_digits(parts[n - 1], 2)) {
        int y = std::stoi(parts[n - 3]), m = std::stoi(parts[n - 2]), d = std::stoi(parts[n - 1]);
        std::int64_t lo = utc_seconds(y, m, d);
        if (!overlaps(*this, lo, lo + 86400 - 1))
            return false;
    } else if (n >= 2 && all_digits(parts[n - 2], 4) && all_digits(parts[n - 1], 2)) {
        int y = std::stoi(parts[n - 2]), m = std::stoi(parts[n - 1]);
        std::int64_t lo = utc_seconds(y, m, 1);
        std::int64_t hi = m == 12 ? utc_seconds(y + 1, 1, 1) : utc_seconds(y, m + 1, 1);
        if (!overlaps(*this, lo, hi - 1))
            return false;
    } else if (n >= 1 && all_digits(parts[n - 1], 4) && n >= 2 &&
               parts[n - 2].find_first_not_of("abcdefghijklmnopqrstuvwxyz-0123456789") ==
                   std::string::npos &&
               parts[n - 2].find('-') != std::string::npos) {
        // A year directory right under a region (us-east-1/2024).
        int y = std::stoi(parts[n - 1]);
        if (!overlaps(*this, utc_seconds(y, 1, 1), utc_seconds(y + 1, 1, 1) - 1))
            return false;
    }
    // CloudTrail file names carry the delivery time: _20241128T1305Z_.
    for (std::size_t i = 0; i + 15 <= file.size(); ++i) {
        if (file[i] != '_' || file.size() < i + 16)
            continue;
        std::string stamp = file.substr(i + 1, 14);
        if (all_digits(stamp.substr(0, 8), 8) && stamp[8] == 'T' &&
            all_digits(stamp.substr(9, 4), 4) && stamp[13] == 'Z') {
            std::int64_t t =
                utc_seconds(std::stoi(stamp.substr(0, 4)), std::stoi(stamp.substr(4, 2)),
                            std::stoi(stamp.substr(6, 2)), std::stoi(stamp.substr(9, 2)),
                            std::stoi(stamp.substr(11, 2)));
            // Records are written before the file is: it holds [t - 1 hour of slack, t].
            return (!since || t >= *since) && (!until || t - kSlack <= *until);
        }
    }
    return true;
}

}  // namespace ctq
