// What every fuzz target shares: a big native stack for each input, as the ctq command has,
// and libFuzzer's two entry points for the targets that check the input bytes as they are.
#pragma once

#include <pthread.h>
#include <sys/resource.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string_view>

#include "ctq/eval/interpreter.hpp"

namespace ctq::fuzz {

// libFuzzer calls the target on the main thread, whose 8 MB stack is far smaller than the
// 512 MB evaluation thread of src/cli/main.cpp. A crash from running out of that smaller stack
// would be a harness artefact, so inputs run on a worker thread with this much stack,
// and the interpreter's recursion guard is told the size. It stays under the 64 MB that
// AddressSanitizer can unwind an exception through.
constexpr std::size_t kFuzzStack = 64u << 20;

/// Tells the interpreter's stack guard about kFuzzStack; call from LLVMFuzzerInitialize,
/// before anything evaluates (the guard reads the size once).
inline void configure_stack() {
    set_evaluation_stack_size(kFuzzStack);
}

/// Whether the main thread may grow a kFuzzStack-byte stack below libFuzzer's own frames
/// (`ulimit -s`, as scripts/fuzz.sh raises it). Then inputs run right there: handing each one
/// to a worker thread and back cost more than half the time of the JSON targets.
inline bool main_stack_is_big() {
    static const bool big = [] {
        rlimit limit{};
        return getrlimit(RLIMIT_STACK, &limit) == 0 &&
               (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= kFuzzStack + (16u << 20));
    }();
    return big;
}

/// Runs `body()` to completion with a kFuzzStack-byte stack: on the main thread when it may
/// grow that far, else on the one worker thread that has one. An exception escaping `body`
/// ends the process through std::terminate, which libFuzzer reports as a crash. One
/// long-lived thread rather than one per input: millions of thread creations under
/// AddressSanitizer made libFuzzer stall for minutes now and then.
template <class Body>
void run_on_big_stack(Body&& body) {
    if (main_stack_is_big()) {
        body();
        return;
    }
    struct Worker {
        std::mutex mutex;
        std::condition_variable changed;
        std::function<void()> job;
        bool busy = false;

        static void* loop(void* raw) {
            auto& self = *static_cast<Worker*>(raw);
            std::unique_lock<std::mutex> lock(self.mutex);
            while (true) {
                self.changed.wait(lock, [&] { return self.busy; });
                self.job();
                self.busy = false;
                self.changed.notify_all();
            }
        }
    };
    static Worker* const worker = [] {
        auto* created = new Worker;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, kFuzzStack);
        pthread_t thread;
        if (pthread_create(&thread, &attr, &Worker::loop, created) != 0)
            std::abort();
        pthread_detach(thread);
        pthread_attr_destroy(&attr);
        return created;
    }();
    std::unique_lock<std::mutex> lock(worker->mutex);
    worker->job = [&] { body(); };
    worker->busy = true;
    worker->changed.notify_all();
    worker->changed.wait(lock, [&] { return !worker->busy; });
    worker->job = nullptr;
}

/// The bytes libFuzzer hands a target, as text.
inline std::string_view input_bytes(const std::uint8_t* data, std::size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace ctq::fuzz

/// Defines libFuzzer's entry points for a target whose whole work is `check(bytes)`, a
/// function taking std::string_view: the stack guard is told the worker's size once, and each
/// input runs on that worker.
#define CTQ_FUZZ_TARGET(check)                                                          \
    extern "C" int LLVMFuzzerInitialize(int*, char***) {                                \
        ctq::fuzz::configure_stack();                                                   \
        return 0;                                                                       \
    }                                                                                   \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
        const std::string_view bytes = ctq::fuzz::input_bytes(data, size);              \
        ctq::fuzz::run_on_big_stack([&] { check(bytes); });                             \
        return 0;                                                                       \
    }
