// The explorer's sample: the first records of the inputs, read on a thread of its own, and
// a count of all the records that goes on in the background.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ctq/explore/completion.hpp"
#include "ctq/input/inputs.hpp"
#include "ctq/value/value.hpp"

namespace ctq::explore {

/// What the filter runs on: each input value as read, except that a document is cut after
/// the sample's last record. Values are shared (Value::share), so any thread may copy them.
struct SampleSnapshot {
    std::vector<Value> values;
    std::vector<std::string> origins;  // "file:line" of each value, for error messages
    std::uint64_t records = 0;         // CloudTrail records (or other values) in it
    bool whole_input = false;          // nothing was left out
    KeyIndex index;                    // its keys and values, for completion
};

struct SampleSettings {
    std::vector<std::string> files;  // empty: standard input
    InputStream::Options input;      // raw, records, digests, the time window
    std::size_t limit = 1000;        // records in the sample
    std::string display_name;        // how messages name a file that stands for stdin
};

class Sample {
public:
    /// Starts reading at once; `changed` is called (on the reading thread) whenever the
    /// snapshot or the status changes.
    Sample(SampleSettings settings, std::function<void()> changed);
    ~Sample();
    Sample(const Sample&) = delete;
    Sample& operator=(const Sample&) = delete;

    /// The sample so far; null until the first values are in.
    std::shared_ptr<const SampleSnapshot> snapshot() const;

    struct Status {
        std::uint64_t records_seen = 0;  // counted so far, sample included
        bool counting_done = false;      // records_seen is the whole input's
        std::size_t files_done = 0;
        std::size_t files_total = 0;
        std::string error;  // the first open error or invalid input, as ctq reports it
    };
    Status status() const;

private:
    struct State;
    std::shared_ptr<State> state_;
    std::thread thread_;
};

/// `1234567` as `1,234,567`.
std::string with_commas(std::uint64_t n);

}  // namespace ctq::explore
