// Drawn with a carriage return and "erase to end of line", so it never scrolls
// and leaves nothing behind once cleared.
#include "progress.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace ctq::cli {

namespace {

using Clock = std::chrono::steady_clock;

// Short runs finish before a progress line would help; this one is for long ones.
constexpr std::chrono::milliseconds kDefaultDelay{1000};
constexpr std::chrono::milliseconds kRedrawEvery{250};
// The clock is read once per this many records.
constexpr std::uint64_t kTicksPerClockRead = 64;

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double amount = static_cast<double>(bytes);
    int unit = 0;
    while (amount >= 1000 && unit < 4) {
        amount /= 1000;
        ++unit;
    }
    return unit == 0 ? fmt::format("{:.0f} {}", amount, units[unit])
                     : fmt::format("{:.1f} {}", amount, units[unit]);
}

std::string human_count(double count) {
    if (count >= 1e6)
        return fmt::format("{:.1f}M", count / 1e6);
    if (count >= 1e4)
        return fmt::format("{:.0f}k", count / 1e3);
    return fmt::format("{:.0f}", count);
}

// Tests make the line appear at once with CTQ_PROGRESS_AFTER_MS=0.
std::chrono::milliseconds delay_from_environment() {
    const char* text = std::getenv("CTQ_PROGRESS_AFTER_MS");
    if (!text || !*text)
        return kDefaultDelay;
    char* end = nullptr;
    const long ms = std::strtol(text, &end, 10);
    return (*end == '\0' && ms >= 0) ? std::chrono::milliseconds(ms) : kDefaultDelay;
}

}  // namespace

ProgressLine::ProgressLine(bool enabled, std::function<InputStream::Progress()> counts)
    : enabled_(enabled),
      counts_(std::move(counts)),
      start_(Clock::now()),
      last_draw_(start_),
      delay_(delay_from_environment()) {}

void ProgressLine::add(std::uint64_t values) {
    records_ += values;
    if (enabled_)
        draw();
}

void ProgressLine::tick() {
    ++records_;
    if (!enabled_ || (records_ % kTicksPerClockRead != 0 && delay_.count() > 0))
        return;
    draw();
}

void ProgressLine::draw() {
    const Clock::time_point now = Clock::now();
    if (now - start_ < delay_ || (shown_ && now - last_draw_ < kRedrawEvery))
        return;
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    fmt::print(stderr, "\r{}\x1b[K", render(counts_(), records_, seconds));
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::clear() {
    if (!shown_)
        return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

std::string ProgressLine::render(const InputStream::Progress& counts, std::uint64_t records,
                                 double seconds) {
    const double rate = seconds > 0 ? static_cast<double>(records) / seconds : 0;
    return fmt::format("ctq: {}/{} files, {}, {} records, {} records/s", counts.files_done,
                       counts.files_total, human_bytes(counts.bytes_done),
                       human_count(static_cast<double>(records)), human_count(rate));
}

}  // namespace ctq::cli
