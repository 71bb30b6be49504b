// Reading the sample: records stream out of their documents as they are parsed, so the first
// thousand of a 1 GB one-line {"Records":[...]} file are in after a few megabytes.
#include "ctq/explore/sample.hpp"

#include <fmt/format.h>

#include <chrono>

namespace ctq::explore {

namespace {

// While the sample fills up slowly (a pipe, a slow disk), the filter sees what is there.
constexpr auto kPublishEvery = std::chrono::milliseconds(150);

}  // namespace

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
    return digits;
}

struct Sample::State {
    SampleSettings settings;
    std::function<void()> changed;
    std::atomic<bool> stop{false};

    mutable std::mutex mutex;
    std::condition_variable finished_cv;
    bool finished = false;
    std::shared_ptr<const SampleSnapshot> snapshot;
    Status status;

    // The sample being built on the reading thread, under `mutex`: snapshot() makes a
    // snapshot of it when asked, at most every kPublishEvery while it is still filling up.
    std::vector<Value> values;
    std::vector<std::string> origins;
    std::uint64_t sample_records = 0;
    // A document whose records are streaming out: its head and its records so far.
    bool in_document = false;
    Value head;
    Array records;
    std::string partial_origin;  // where its last record was read
    bool sampling_done = false;  // nothing will be added to the sample
    bool whole_input = false;    // and it holds every record of the input
    bool dirty = false;          // changed since the last snapshot
    std::chrono::steady_clock::time_point built_at;

    void read();
    // Under `mutex`: nothing here may wait for input. `origin`: where a value that is not a
    // streamed record ended.
    void take(InputStream& inputs, Value value, const std::string& origin);
    void add_value(Value value, std::string origin, std::uint64_t records_in_it);
    Value document_with_records(const Value& rest) const;
    void build_snapshot();
    void set_status(const InputStream& inputs, std::uint64_t seen, bool done);
    // A record streamed out of its document, to be put back in it; with --records each
    // record is an input of its own.
    bool streamed_record(const InputStream& inputs) const {
        return inputs.last_was_record() && !settings.input.records;
    }
    std::string name(const std::string& file) const {
        return settings.display_name.empty() || file != settings.files.front()
                   ? file
                   : settings.display_name;
    }
};

Sample::Sample(SampleSettings settings, std::function<void()> changed)
    : state_(std::make_shared<State>()) {
    state_->settings = std::move(settings);
    state_->changed = std::move(changed);
    // The thread keeps the state alive: it may outlive the Sample by one slow value.
    thread_ = std::thread([state = state_] {
        state->read();
        std::lock_guard<std::mutex> lock(state->mutex);
        state->finished = true;
        state->finished_cv.notify_all();
    });
}

Sample::~Sample() {
    state_->stop = true;
    std::unique_lock<std::mutex> lock(state_->mutex);
    // A whole document being parsed cannot be interrupted: after a short wait the thread is
    // left to finish on its own (it holds its state), so leaving the explorer is never slow.
    if (state_->finished_cv.wait_for(lock, std::chrono::milliseconds(300),
                                     [&] { return state_->finished; })) {
        lock.unlock();
        thread_.join();
    } else {
        lock.unlock();
        thread_.detach();
    }
}

std::shared_ptr<const SampleSnapshot> Sample::snapshot() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    State& s = *state_;
    if (s.dirty && (s.sampling_done || !s.snapshot ||
                    std::chrono::steady_clock::now() - s.built_at >= kPublishEvery))
        s.build_snapshot();
    return s.snapshot;
}

Sample::Status Sample::status() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->status;
}

void Sample::State::set_status(const InputStream& inputs, std::uint64_t seen, bool done) {
    const InputStream::Progress progress = inputs.progress();
    {
        std::lock_guard<std::mutex> lock(mutex);
        status.records_seen = seen;
        status.counting_done = done;
        status.files_done = done ? progress.files_total : progress.files_done;
        status.files_total = progress.files_total;
    }
}

Value Sample::State::document_with_records(const Value& rest) const {
    Object document;
    if (rest.is_object()) {
        document = rest.as_object();
    } else if (head.is_object()) {
        document = head.as_object();
    }
    document.set("Records", Value::array(records));
    return Value::object(std::move(document));
}

void Sample::State::add_value(Value value, std::string origin, std::uint64_t records_in_it) {
    value.share();
    values.push_back(std::move(value));
    origins.push_back(std::move(origin));
    sample_records += records_in_it;
}

void Sample::State::build_snapshot() {
    auto snap = std::make_shared<SampleSnapshot>();
    snap->values = values;
    snap->origins = origins;
    snap->records = sample_records;
    snap->whole_input = whole_input;
    if (in_document) {  // a document still coming (a slow pipe): what is in of it so far
        Value partial = document_with_records(Value());
        partial.share();
        snap->values.push_back(std::move(partial));
        snap->origins.push_back(partial_origin);
    }
    for (const Value& v : snap->values) snap->index.add(v);
    snapshot = std::move(snap);
    dirty = false;
    built_at = std::chrono::steady_clock::now();
}

// One value from the stream into the sample: a streamed record joins its document, the rest
// of a document closes it, anything else is an input of its own.
void Sample::State::take(InputStream& inputs, Value value, const std::string& origin) {
    if (streamed_record(inputs)) {
        partial_origin = name(inputs.current_name());
        if (!in_document) {
            in_document = true;
            head = inputs.take_record_head();
            records.clear();
        }
        records.push_back(std::move(value));
        ++sample_records;
        return;
    }
    if (in_document) {
        in_document = false;
        const std::uint64_t count = records.size();
        sample_records -= count;  // counted as they came
        // Named where it ends, as a batch run that reads it whole names it.
        add_value(document_with_records(value), origin, count);
        records.clear();
        return;
    }
    add_value(std::move(value), origin, 1);
}

void Sample::State::read() {
    InputStream::Options input = settings.input;
    input.stream_records = !input.raw;
    input.threads = 1;
    InputStream inputs(settings.files, input, [this](const std::string& message) {
        std::lock_guard<std::mutex> lock(mutex);
        if (status.error.empty())
            status.error = "ctq: error: " + message;
    });
    std::uint64_t seen = 0;
    bool sampling = true;
    bool counting_in_document = false;  // after the sample: a document's records are coming
    while (!stop) {
        std::optional<Value> value;
        try {
            value = inputs.next();
        } catch (const InputError& error) {
            std::lock_guard<std::mutex> lock(mutex);
            status.error = fmt::format("ctq: error (at {}:{}): {}", name(inputs.current_name()),
                                       inputs.current_line(), error.what());
            break;
        }
        if (!value)
            break;
        const bool record = streamed_record(inputs);
        if (sampling) {
            // The line is counted by reading ahead, which may wait for a slow pipe: never
            // under the lock the screen takes.
            const std::string origin =
                record ? std::string()
                       : fmt::format("{}:{}", name(inputs.current_name()), inputs.current_line());
            std::lock_guard<std::mutex> lock(mutex);
            if (record || !in_document)
                ++seen;
            take(inputs, std::move(*value), origin);
            if (sample_records >= settings.limit) {
                sampling = false;
                sampling_done = true;
                counting_in_document = in_document;
                if (in_document) {  // cut here: the document ends with the sample's last record
                    in_document = false;
                    const std::uint64_t count = records.size();
                    sample_records -= count;
                    add_value(document_with_records(Value()), partial_origin, count);
                    records.clear();
                }
            }
            dirty = true;
        } else {
            if (record || !counting_in_document)
                ++seen;
            counting_in_document = record;
        }
        if (sampling || (seen & 0xFFF) == 0) {
            set_status(inputs, seen, false);
            changed();
        }
    }
    if (stop)
        return;
    const std::string end =
        fmt::format("{}:{}", name(inputs.current_name()), inputs.current_line());
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (sampling) {
            if (in_document) {  // the input ended inside a document's records
                in_document = false;
                const std::uint64_t count = records.size();
                sample_records -= count;
                add_value(document_with_records(Value()), end, count);
            }
            whole_input = true;
        }
        sampling_done = true;
        dirty = true;
    }
    set_status(inputs, seen, true);
    changed();
}

}  // namespace ctq::explore
