// ctq's entry point: the options parsed, a run on a thread with a deep stack, its exit status.
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include "ctq/error.hpp"
#include "explore_command.hpp"
#include "options.hpp"
#include "run.hpp"

namespace ctq::cli {

namespace {

// Deep recursion in filters uses the native stack; a big dedicated stack
// lets legitimate deep filters run, and the interpreter's guard turns the
// rest into an error instead of a crash.
constexpr std::size_t kEvaluationStack = 512u << 20;
constexpr std::size_t kSmallestEvaluationStack = 16u << 20;

// A thread's stack is address space taken up front, so under `ulimit -v` the 512 MB
// (and as much again for each worker thread) would leave values no room: there the stack
// gets an eighth of the limit, and the recursion guard scales with it.
std::size_t evaluation_stack_size_for_limits() {
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return kEvaluationStack;
    const auto share = static_cast<std::size_t>(limit.rlim_cur / 8);
    return std::clamp(share, kSmallestEvaluationStack, kEvaluationStack);
}

struct ThreadArgs {
    int argc;
    char** argv;
    int exit_code;
};

int real_main(int argc, char** argv) {
    try {
        const Options options = parse_options(argc, argv);
        if (options.interactive && !options.show_help && !options.show_version)
            return run_interactive(options);
        Run run(options);
        return run.execute();
    } catch (const UsageError& error) {
        std::fprintf(stderr,
                     "ctq: error: %s\nUse ctq --help for help with command-line options,\nor see "
                     "the README.\n",
                     error.what());
        return static_cast<int>(ExitCode::Usage);
    } catch (const std::exception& error) {
        std::fflush(stdout);
        std::fprintf(stderr, "ctq: internal error: %s\n", error.what());
        return static_cast<int>(ExitCode::Runtime);
    }
}

void* thread_main(void* raw) {
    auto* args = static_cast<ThreadArgs*>(raw);
    args->exit_code = real_main(args->argc, args->argv);
    return nullptr;
}

}  // namespace

}  // namespace ctq::cli

int main(int argc, char** argv) {
    using namespace ctq::cli;
    // Write errors, EPIPE included, are handled where output is written.
    std::signal(SIGPIPE, SIG_IGN);
    ThreadArgs args{argc, argv, 0};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_t thread;
    const std::size_t stack_size = evaluation_stack_size_for_limits();
    ctq::set_evaluation_stack_size(stack_size);
    if (pthread_attr_setstacksize(&attr, stack_size) == 0 &&
        pthread_create(&thread, &attr, thread_main, &args) == 0) {
        pthread_join(thread, nullptr);
    } else {
        ctq::set_evaluation_stack_size(0);
        args.exit_code = real_main(argc, argv);
    }
    pthread_attr_destroy(&attr);
    std::fflush(stdout);
    return args.exit_code;
}
