// What every fuzz target shares: a big native stack per input, as the ctq command has.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <cstdlib>
#include <type_traits>

#include "ctq/interpreter.hpp"

namespace ctq::fuzz {

// libFuzzer calls the target on the main thread, whose 8 MB stack is far smaller than the
// 512 MB evaluation thread of src/cli/main.cpp. A crash from running out of that smaller stack
// would be a harness artefact, so each input runs on a thread of its own with this much stack,
// and the interpreter's recursion guard is told the size. It stays under the 64 MB that
// AddressSanitizer can unwind an exception through.
constexpr std::size_t kFuzzStack = 64u << 20;

/// Tells the interpreter's stack guard about kFuzzStack; call from LLVMFuzzerInitialize,
/// before anything evaluates (the guard reads the size once).
inline void configure_stack() {
    set_evaluation_stack_size(kFuzzStack);
}

/// Runs `body()` to completion on a fresh thread with a kFuzzStack-byte stack. An exception
/// escaping `body` ends the process through std::terminate, which libFuzzer reports as a crash.
template <class Body>
void run_on_big_stack(Body&& body) {
    using BodyType = std::remove_reference_t<Body>;
    auto start = [](void* raw) -> void* {
        (*static_cast<BodyType*>(raw))();
        return nullptr;
    };
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kFuzzStack);
    pthread_t thread;
    if (pthread_create(&thread, &attr, start, &body) != 0)
        std::abort();
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
}

}  // namespace ctq::fuzz
