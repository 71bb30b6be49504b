// Fuzz target: a filter run over JSON input. The first line of the bytes is the filter, the
// rest is the input (none at all means `-n`). Outputs are printed to a string and dropped.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/parser.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/json_writer.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr const char* kNoLibrary = "/nonexistent/ctq-fuzz-library";

// The interpreter has no step budget, and jq's language can loop forever or for 2^64 steps on
// purpose (`repeat(.)`, `range(1e18)`, `def f: f;` is caught, `last(recurse(.+1))` is not).
// Such filters would only report libFuzzer timeouts that are not bugs, so they are skipped.
constexpr std::string_view kUnboundedWords[] = {"repeat", "range", "recurse",
                                                "until",  "while", "combinations"};
constexpr std::size_t kMaxInputs = 16;
constexpr std::size_t kMaxOutputs = 1000;
constexpr std::size_t kMaxOutputBytes = 1u << 20;

// A filter may ask for a huge value on purpose: `"x" * 1e9` is a legal 1 GB string, as in jq.
// Such requests end in std::bad_alloc here, which the harness expects, instead of tripping
// libFuzzer's memory limit. Arrays (new[]) keep AddressSanitizer's own pair of operators.
constexpr std::size_t kMaxAllocation = std::size_t{256} << 20;

// Generators multiply through pipes, so a filter can ask for 10^9 outputs without any of the
// words above: `[(1,2,…,40) | (1,2,…,40) | …]`. That is as slow in jq, and no bug, so a run
// still going after kRunLimit is cancelled, as the explorer cancels a stale run; libFuzzer's
// own -timeout (20 s in scripts/fuzz.sh) is left for a run that stops taking evaluation steps.
constexpr auto kRunLimit = std::chrono::seconds(2);

class Watchdog {
public:
    /// Starts the one thread that watches every run; call once, from LLVMFuzzerInitialize.
    void start() {
        std::thread([this] { watch(); }).detach();
    }
    const std::atomic<bool>* cancel_flag() const { return &cancel_; }

    void begin_run() {
        const std::lock_guard<std::mutex> lock(mutex_);
        cancel_.store(false);
        deadline_ = Clock::now() + kRunLimit;
        running_ = true;
    }
    void end_run() {
        const std::lock_guard<std::mutex> lock(mutex_);
        running_ = false;
    }

private:
    using Clock = std::chrono::steady_clock;

    [[noreturn]] void watch() {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const std::lock_guard<std::mutex> lock(mutex_);
            if (running_ && Clock::now() > deadline_)
                cancel_.store(true);
        }
    }

    std::mutex mutex_;  // a late tick must not cancel the run that follows
    bool running_ = false;
    Clock::time_point deadline_;
    std::atomic<bool> cancel_{false};
};

Watchdog watchdog;

bool may_loop_forever(std::string_view filter) {
    for (std::string_view word : kUnboundedWords) {
        if (filter.find(word) != std::string_view::npos)
            return true;
    }
    return false;
}

// Each output is printed the way some set of the CLI's options would print it, and must read
// back as JSON: what ctq writes, ctq (and jq) can read.
class Printer {
public:
    bool print(const ctq::Value& value) {
        ctq::WriterOptions options;
        options.indent = count_ % 3 == 0 ? 0 : 2;
        options.tab = count_ % 5 == 1;
        options.sort_keys = count_ % 2 == 1;
        options.ascii = count_ % 4 >= 2;
        options.color = count_ % 7 == 3;
        // A single output can be huge (`. * 1e6` on a string): past the budget it is neither
        // finished nor read back, which under ASan took longer than -timeout. A string is
        // written in one piece, so one that cannot fit is not begun.
        if (value.is_string() && bytes_ + value.as_string().size() >= kMaxOutputBytes)
            return false;
        std::string text;
        struct TooLong {};
        try {
            ctq::write_json(text, value, options, [&] {
                if (bytes_ + text.size() >= kMaxOutputBytes)
                    throw TooLong{};
            });
        } catch (const TooLong&) {
            return false;
        }
        bytes_ += text.size();
        if (!options.color) {
            try {
                ctq::parse_json(text);
            } catch (const ctq::JsonParseError& error) {
                std::fprintf(stderr, "output does not read back (%s):\n%.300s\n", error.what(),
                             text.c_str());
                std::abort();
            }
        }
        return ++count_ < kMaxOutputs && bytes_ < kMaxOutputBytes;
    }

private:
    std::size_t count_ = 0;
    std::size_t bytes_ = 0;
};

// Many mutations change only the input lines, so the last filter's program is kept and reused
// for the same text: resolving a filter costs more than most runs of it.
const ctq::Program* compile_cached(std::string_view filter) {
    static std::string cached_filter;
    static std::unique_ptr<ctq::Program> cached_program;
    if (cached_program && cached_filter == filter)
        return cached_program.get();
    cached_program.reset();
    cached_filter = filter;
    ctq::CompileOptions options;
    options.library_paths = {kNoLibrary};
    options.global_variables = {"ARGS"};
    try {
        cached_program = ctq::Program::compile(cached_filter, options);
    } catch (const ctq::CompileError&) {
    }
    return cached_program.get();
}

void run_filter(std::string_view filter, std::string_view input) {
    const ctq::Program* program = compile_cached(filter);
    if (!program)
        return;
    ctq::Host host;
    host.next_input = [] { return std::optional<ctq::Value>(); };  // `input` finds none left
    host.input_filename = [] { return ctq::Value::null(); };
    host.input_line_number = [] { return std::size_t{0}; };
    host.write_stderr = [](const std::string&) {};
    ctq::Object args;
    args.set("positional", ctq::Value::array({}));
    args.set("named", ctq::Value::object({}));
    ctq::Interpreter interpreter(*program, {ctq::Value::object(std::move(args))}, std::move(host));
    interpreter.set_cancel_flag(watchdog.cancel_flag());

    Printer printer;
    auto run_one = [&](const ctq::Value& value) {
        try {
            return interpreter.run(value,
                                   [&](const ctq::Value& out) { return printer.print(out); });
        } catch (const std::bad_alloc&) {
            return false;
        } catch (const ctq::JqError&) {
        } catch (const ctq::BreakSignal&) {
        } catch (const ctq::HaltSignal&) {
            return false;
        } catch (const ctq::CancelledSignal&) {
            return false;
        }
        return true;
    };

    if (input.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        run_one(ctq::Value::null());
        return;
    }
    ctq::StringSource source(input);
    ctq::JsonReader reader(source);
    ctq::Value value;
    try {
        for (std::size_t i = 0; i < kMaxInputs && reader.next(value); ++i) {
            if (!run_one(value))
                break;
        }
    } catch (const ctq::JsonParseError&) {
        // ctq reports bad input and stops reading, as jq does.
    }
}

}  // namespace

void* operator new(std::size_t size) {
    if (size <= kMaxAllocation) {
        if (void* memory = std::malloc(size == 0 ? 1 : size))
            return memory;
    }
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return size <= kMaxAllocation ? std::malloc(size == 0 ? 1 : size) : nullptr;
}
void operator delete(void* memory) noexcept {
    std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
    std::free(memory);
}
void operator delete(void* memory, const std::nothrow_t&) noexcept {
    std::free(memory);
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    ctq::fuzz::configure_stack();
    // As the CLI does, so a filter that grows without end ends in "Out of memory" well before
    // libFuzzer's -rss_limit_mb would call it a finding.
    ctq::memory::set_limit(std::size_t{1536} << 20);
    watchdog.start();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = ctq::fuzz::input_bytes(data, size);
    const std::size_t newline = bytes.find('\n');
    const std::string_view filter = bytes.substr(0, newline);
    const std::string_view input =
        newline == std::string_view::npos ? std::string_view() : bytes.substr(newline + 1);
    if (may_loop_forever(filter))
        return 0;
    watchdog.begin_run();
    ctq::fuzz::run_on_big_stack([&] { run_filter(filter, input); });
    watchdog.end_run();
    return 0;
}
