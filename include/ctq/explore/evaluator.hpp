// Running the filter off the screen's thread: on the sample as you type, or on the whole input
// when asked. Each run is a thread of its own with its own cancel flag, so a stale run is
// simply told to stop and the new one starts at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ctq/explore/sample.hpp"
#include "ctq/input/inputs.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/lang/source.hpp"
#include "ctq/value/value.hpp"

namespace ctq::explore {

/// What went wrong in a run: ctq's message, and where in the filter (for the caret).
struct Failure {
    std::string message;
    std::optional<Span> span;
    bool compile = false;
};

/// The outputs of one run, appended by the run and read by the screen.
class Results {
public:
    Results(std::string filter, bool slurp, bool full)
        : filter_(std::move(filter)), slurp_(slurp), full_(full) {}

    const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    const std::string& filter() const { return filter_; }
    bool slurp() const { return slurp_; }
    bool full() const { return full_; }

    struct Status {
        std::size_t kept = 0;       // outputs held (the first ones)
        std::uint64_t outputs = 0;  // outputs in all
        bool done = false;
        bool cancelled = false;
        std::optional<Failure> failure;  // the first
        std::uint64_t errors = 0;
        double seconds = 0;
        // A run over the whole input: how far it got.
        std::uint64_t inputs_read = 0;
        std::uint64_t records_read = 0;
        std::size_t files_done = 0;
        std::size_t files_total = 0;
    };
    Status status() const;
    /// Kept outputs [from, from + count), fewer at the end.
    std::vector<Value> outputs(std::size_t from, std::size_t count) const;

    std::atomic<bool> cancel{false};

private:
    friend class RunThread;
    std::string filter_;
    bool slurp_;
    bool full_;
    mutable std::mutex mutex_;
    std::vector<Value> kept_;
    Status status_;
};

/// What every run of the session shares.
struct EvalSettings {
    CompileOptions compile;
    std::vector<Value> globals;  // shared (Value::share): every run copies them
    bool null_input = false;
    std::vector<std::string> files;  // for runs over the whole input
    InputStream::Options input;
    std::string display_name;  // how messages name the file that stands for stdin
    // Blocks until the whole input can be read (standard input is still being saved).
    std::function<std::string()> whole_input_ready;
};

/// The run threads still going, so that the session can wait for the cancelled ones to end.
struct LiveRuns {
    std::mutex mutex;
    std::condition_variable ended;
    int count = 0;
    /// One run, counted while it lives; it keeps the count alive as long as it needs it.
    class Scope {
    public:
        explicit Scope(std::shared_ptr<LiveRuns> runs) : runs_(std::move(runs)) {
            std::lock_guard<std::mutex> lock(runs_->mutex);
            ++runs_->count;
        }
        ~Scope() {
            std::lock_guard<std::mutex> lock(runs_->mutex);
            --runs_->count;
            runs_->ended.notify_all();
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        std::shared_ptr<LiveRuns> runs_;
    };
};

class Evaluator {
public:
    /// `changed` is called from run threads when results move on.
    Evaluator(EvalSettings settings, std::function<void()> changed);
    ~Evaluator();

    /// Cancels the current run and starts `filter` on the sample.
    std::shared_ptr<const Results> run_sample(const std::string& filter, bool slurp,
                                              std::shared_ptr<const SampleSnapshot> sample);
    /// Cancels the current run and starts `filter` on the whole input.
    std::shared_ptr<const Results> run_full(const std::string& filter, bool slurp);
    void cancel();

private:
    std::shared_ptr<const EvalSettings> settings_;
    std::function<void()> changed_;
    std::shared_ptr<Results> current_;
    std::shared_ptr<LiveRuns> live_ = std::make_shared<LiveRuns>();
};

}  // namespace ctq::explore
