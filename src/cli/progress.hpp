// The one-line progress indicator on stderr: files, bytes and records per second.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "ctq/input/inputs.hpp"

namespace ctq::cli {

class ProgressLine {
public:
    /// `enabled`: stderr is a terminal and the user did not say --no-progress.
    ProgressLine(bool enabled, std::function<InputStream::Progress()> counts);
    ~ProgressLine() { clear(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// One more input value; cheap enough to call per record.
    void tick();
    /// Several input values at once (a file run on a worker).
    void add(std::uint64_t values);
    /// Erases the line, before other text goes to stderr and at the end of the run.
    void clear();

    /// The text of the line (without terminal controls), for tests.
    static std::string render(const InputStream::Progress& counts, std::uint64_t records,
                              double seconds);

private:
    void draw();

    bool enabled_;
    std::function<InputStream::Progress()> counts_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
    std::chrono::milliseconds delay_;
    std::uint64_t records_ = 0;
    bool shown_ = false;
};

}  // namespace ctq::cli
