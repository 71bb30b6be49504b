// The runs themselves: compile, then jq's main loop over the sample or the whole input, with
// outputs shared so that the screen's thread can read them while the run goes on.
#include "ctq/explore/evaluator.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <chrono>
#include <new>
#include <variant>

#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/lang/record_filters.hpp"

namespace ctq::explore {

namespace {

// Outputs held for the screen: far more than anyone scrolls through, and still bounded.
constexpr std::size_t kKeepOutputs = 100000;
constexpr auto kNotifyEvery = std::chrono::milliseconds(120);

// Threads that evaluate get the deep stack the recursion guard counts on (see main.cpp).
void start_thread(std::function<void()> body) {
    auto* heap_body = new std::function<void()>(std::move(body));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (const std::size_t stack = evaluation_stack_size(); stack != 0)
        pthread_attr_setstacksize(&attr, stack);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    const int failed = pthread_create(
        &thread, &attr,
        [](void* raw) -> void* {
            std::unique_ptr<std::function<void()>> run(static_cast<std::function<void()>*>(raw));
            (*run)();
            return nullptr;
        },
        heap_body);
    pthread_attr_destroy(&attr);
    if (failed != 0) {
        delete heap_body;
        throw std::runtime_error("cannot start a thread for the filter");
    }
}

}  // namespace

Results::Status Results::status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
}

std::vector<Value> Results::outputs(std::size_t from, std::size_t count) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Value> out;
    for (std::size_t i = from; i < kept_.size() && i < from + count; ++i) out.push_back(kept_[i]);
    return out;
}

// One run, on its own thread.
class RunThread {
public:
    RunThread(std::shared_ptr<const EvalSettings> settings, std::shared_ptr<Results> results,
              std::function<void()> changed)
        : settings_(std::move(settings)),
          results_(std::move(results)),
          changed_(std::move(changed)),
          started_(std::chrono::steady_clock::now()) {}

    void run(const std::shared_ptr<const SampleSnapshot>& sample);

private:
    bool compile();
    void on_sample(const SampleSnapshot& sample);
    void on_whole_input();
    /// jq's main loop step: one input through the filter; an error is noted and the loop
    /// goes on, as jq goes on to the next input.
    void run_one(Interpreter& interpreter, const Value& input, const std::string& origin);
    bool emit(const Value& output);
    void fail(Failure failure);
    void notify(bool force);
    void finish(bool cancelled);
    template <class F>
    void update(F&& f) {
        std::lock_guard<std::mutex> lock(results_->mutex_);
        f(results_->status_);
    }

    std::shared_ptr<const EvalSettings> settings_;
    std::shared_ptr<Results> results_;
    std::function<void()> changed_;
    std::unique_ptr<Program> program_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point notified_;
};

bool RunThread::compile() {
    try {
        program_ = Program::compile(results_->filter(), settings_->compile);
        return true;
    } catch (const CompileError& error) {
        Failure failure;
        failure.compile = true;
        if (error.source()) {  // in a module: no caret in the filter line
            const LineCol at = error.source()->line_col(error.span().begin);
            failure.message = fmt::format("ctq: error: {} at {}, line {}, column {}", error.what(),
                                          error.source()->name, at.line, at.column);
        } else {
            const SourceFile source{"<top-level>", results_->filter()};
            const LineCol at = source.line_col(error.span().begin);
            failure.message = fmt::format("ctq: error: {} at <top-level>, line {}, column {}",
                                          error.what(), at.line, at.column);
            failure.span = error.span();
        }
        fail(std::move(failure));
        return false;
    } catch (const std::exception& error) {  // a module that cannot be read, say
        fail({fmt::format("ctq: error: {}", error.what()), std::nullopt, true});
        return false;
    }
}

void RunThread::run(const std::shared_ptr<const SampleSnapshot>& sample) {
    if (!compile()) {
        finish(false);
        return;
    }
    try {
        if (results_->full())
            on_whole_input();
        else if (sample)
            on_sample(*sample);
        finish(false);
    } catch (const CancelledSignal&) {
        finish(true);
    } catch (const HaltSignal&) {
        finish(false);
    }
}

void RunThread::fail(Failure failure) {
    update([&](Results::Status& s) {
        ++s.errors;
        if (!s.failure)
            s.failure = std::move(failure);
    });
}

void RunThread::notify(bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - notified_ < kNotifyEvery)
        return;
    notified_ = now;
    update([&](Results::Status& s) {
        s.seconds = std::chrono::duration<double>(now - started_).count();
    });
    changed_();
}

void RunThread::finish(bool cancelled) {
    update([&](Results::Status& s) {
        s.done = true;
        s.cancelled = cancelled;
    });
    if (!cancelled)
        notify(true);
}

bool RunThread::emit(const Value& output) {
    if (results_->cancel.load(std::memory_order_relaxed))
        return false;
    Value kept;
    bool keep = false;
    {
        std::lock_guard<std::mutex> lock(results_->mutex_);
        keep = results_->kept_.size() < kKeepOutputs;
    }
    if (keep) {
        kept = output;
        kept.share();  // the screen's thread copies it
    }
    std::lock_guard<std::mutex> lock(results_->mutex_);
    if (keep)
        results_->kept_.push_back(std::move(kept));
    results_->status_.kept = results_->kept_.size();
    ++results_->status_.outputs;
    // On the sample, outputs past those kept would never be seen: stop there.
    return keep || results_->full();
}

void RunThread::run_one(Interpreter& interpreter, const Value& input, const std::string& origin) {
    auto failure = [&](const std::string& text) {
        Failure f;
        f.message = fmt::format("ctq: error (at {}){}", origin, text);
        const Node* site = interpreter.error_site();
        if (site)
            f.span = site->span;
        fail(std::move(f));
    };
    try {
        interpreter.run(input, [this](const Value& v) { return emit(v); });
    } catch (const JqError& error) {
        const Value& payload = error.payload();
        failure(payload.is_string() ? ": " + std::string(payload.as_string())
                                    : " (not a string): " + error.message());
    } catch (const BreakSignal&) {
        failure(": break");
    } catch (const std::bad_alloc&) {
        failure(": Out of memory");
    }
    notify(false);
}

void RunThread::on_sample(const SampleSnapshot& sample) {
    std::size_t next = 0;
    std::string origin = "<unknown>";
    Host host;
    host.next_input = [&]() -> std::optional<Value> {
        if (next >= sample.values.size())
            return std::nullopt;
        origin = sample.origins[next];
        return sample.values[next++];
    };
    host.input_filename = [&]() -> Value {
        const std::string file = origin.substr(0, origin.rfind(':'));
        return next == 0 || file == settings_->display_name ? Value() : Value::string(file);
    };
    host.input_line_number = [] { return std::size_t{0}; };
    host.write_stderr = [](const std::string&) {};  // `debug` and `stderr` would tear the screen
    Interpreter interpreter(*program_, settings_->globals, host);
    interpreter.set_cancel_flag(&results_->cancel);
    if (results_->slurp() && !settings_->null_input) {
        Array all(sample.values.begin(), sample.values.end());
        next = sample.values.size();
        run_one(interpreter, Value::array(std::move(all)), origin);
        return;
    }
    if (settings_->null_input) {
        run_one(interpreter, Value::null(), origin);
        return;
    }
    while (auto input = interpreter.host().next_input()) {
        if (results_->cancel)
            throw CancelledSignal{};
        run_one(interpreter, *input, origin);
    }
}

void RunThread::on_whole_input() {
    if (settings_->whole_input_ready) {
        const std::string problem = settings_->whole_input_ready();
        if (!problem.empty()) {
            fail({problem, std::nullopt, false});
            return;
        }
    }
    InputStream::Options options = settings_->input;
    options.threads = 1;
    // As a batch run does: the reader builds only what the filter can see.
    const Demand demand = input_demand(*program_);
    const bool own_shape = !options.raw && !options.records && !options.window.since &&
                           !options.window.until && !settings_->null_input;
    if (own_shape && !demand.is_whole())
        options.demand = results_->slurp() ? nullptr : &demand;
    const bool stream = own_shape && !results_->slurp() && streams_records(*program_);
    options.stream_records = stream;
    InputStream inputs(settings_->files, options, [this](const std::string& message) {
        fail({"ctq: error: " + message, std::nullopt, false});
    });
    auto origin = [&] {
        const std::string name = inputs.current_name();
        const bool is_stdin = !settings_->display_name.empty() && !settings_->files.empty() &&
                              name == settings_->files.front();
        return fmt::format("{}:{}", is_stdin ? settings_->display_name : name,
                           inputs.current_line());
    };
    Host host;
    host.next_input = [&]() -> std::optional<Value> {
        if (results_->cancel)
            throw CancelledSignal{};
        std::optional<Value> value;
        try {
            value = inputs.next();
        } catch (const InputError& error) {
            throw JqError(std::string(error.what()));
        }
        const InputStream::Progress progress = inputs.progress();
        update([&](Results::Status& s) {
            s.files_done = value ? progress.files_done : progress.files_total;  // at the end, all
            s.files_total = progress.files_total;
            if (!value)
                return;
            ++s.inputs_read;
            if (inputs.last_was_record()) {
                ++s.records_read;
                return;
            }
            const Value* records =
                value->is_object() ? value->as_object().find("Records") : nullptr;
            s.records_read += records && records->is_array() ? records->as_array().size()
                              : stream && records            ? 0
                                                             : 1;
        });
        return value;
    };
    host.input_filename = [&] { return inputs.current_filename(); };
    host.input_line_number = [&] { return inputs.current_line(); };
    host.write_stderr = [](const std::string&) {};
    Interpreter interpreter(*program_, settings_->globals, host);
    interpreter.set_cancel_flag(&results_->cancel);
    if (settings_->null_input) {
        run_one(interpreter, Value::null(), "<unknown>");
        return;
    }
    if (results_->slurp()) {
        Array all;
        try {
            while (auto v = interpreter.host().next_input()) all.push_back(std::move(*v));
        } catch (const JqError& error) {
            fail({fmt::format("ctq: error (at {}): {}", origin(), error.what()), {}, false});
            return;
        }
        run_one(interpreter, Value::array(std::move(all)), origin());
        return;
    }
    while (true) {
        std::optional<Value> input;
        try {
            input = interpreter.host().next_input();
        } catch (const JqError& error) {  // invalid JSON: jq stops there
            fail({fmt::format("ctq: error (at {}): {}", origin(), error.what()), {}, false});
            return;
        }
        if (!input)
            return;
        if (stream && inputs.last_was_record()) {
            run_one(interpreter, record_document(*input), origin());
        } else {
            run_one(interpreter, *input, origin());
        }
    }
}

Evaluator::Evaluator(EvalSettings settings, std::function<void()> changed)
    : settings_(std::make_shared<const EvalSettings>(std::move(settings))),
      changed_(std::move(changed)) {}

// Cancelled runs end within an evaluation step, so waiting for them is short; only a run
// parsing one huge document whole cannot stop before the parse ends, and is left to it.
Evaluator::~Evaluator() {
    cancel();
    std::unique_lock<std::mutex> lock(live_->mutex);
    live_->ended.wait_for(lock, std::chrono::seconds(2), [&] { return live_->count == 0; });
}

void Evaluator::cancel() {
    if (current_)
        current_->cancel = true;
}

std::shared_ptr<const Results> Evaluator::run_sample(const std::string& filter, bool slurp,
                                                     std::shared_ptr<const SampleSnapshot> sample) {
    cancel();
    current_ = std::make_shared<Results>(filter, slurp, false);
    auto job = std::make_shared<RunThread>(settings_, current_, changed_);
    // Counted from here, not from when the thread starts, so that a wait never misses it.
    auto counted = std::make_shared<LiveRuns::Scope>(live_);
    start_thread([job, sample, counted] { job->run(sample); });
    return current_;
}

std::shared_ptr<const Results> Evaluator::run_full(const std::string& filter, bool slurp) {
    cancel();
    current_ = std::make_shared<Results>(filter, slurp, true);
    auto job = std::make_shared<RunThread>(settings_, current_, changed_);
    auto counted = std::make_shared<LiveRuns::Scope>(live_);
    start_thread([job, counted] { job->run(nullptr); });
    return current_;
}

}  // namespace ctq::explore
