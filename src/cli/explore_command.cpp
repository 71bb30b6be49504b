// From the command line to the explorer and back: options become its configuration, and on
// Enter the filter it ends with runs as a batch run, so stdout is exactly batch ctq's.
#include "explore_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "ctq/error.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/explore/explorer.hpp"
#include "ctq/explore/history.hpp"
#include "run.hpp"

namespace ctq::cli {

namespace {

// Options that stay as they were given, for the command line the explorer shows: all but
// the five it toggles, -i itself and -f (its filter is the one on the line).
std::vector<std::string> fixed_arguments(const Options& o) {
    std::vector<std::string> args;
    auto flag = [&](bool on, const char* name) {
        if (on)
            args.emplace_back(name);
    };
    flag(o.null_input, "-n");
    flag(o.raw_input, "-R");
    flag(o.ascii_output, "-a");
    flag(o.tab, "--tab");
    if (o.indent != 2) {
        args.emplace_back("--indent");
        args.push_back(std::to_string(o.indent));
    }
    flag(o.color, "-C");
    flag(o.monochrome, "-M");
    flag(o.exit_status, "-e");
    flag(o.records, "--records");
    flag(o.include_digests, "--include-digests");
    flag(o.no_hints, "--no-hints");
    flag(o.no_trunc, "--no-trunc");
    flag(o.no_progress, "--no-progress");
    flag(o.quiet, "-q");
    for (const auto& [name, value] : {std::pair{"--since", &o.since},
                                      {"--until", &o.until},
                                      {"--memory-limit", &o.memory_limit}}) {
        if (!value->empty()) {
            args.emplace_back(name);
            args.push_back(*value);
        }
    }
    if (o.threads > 0) {
        args.emplace_back("--threads");
        args.push_back(std::to_string(o.threads));
    }
    for (const std::string& dir : o.library_paths) {
        args.emplace_back("-L");
        args.push_back(dir);
    }
    using Kind = Options::NamedArg::Kind;
    for (const Options::NamedArg& arg : o.named_args) {
        args.emplace_back(arg.kind == Kind::String      ? "--arg"
                          : arg.kind == Kind::Json      ? "--argjson"
                          : arg.kind == Kind::SlurpFile ? "--slurpfile"
                                                        : "--rawfile");
        args.push_back(arg.name);
        args.push_back(arg.text);
    }
    return args;
}

// --args / --jsonargs and their values, after the files.
std::vector<std::string> trailing_arguments(const Options& o) {
    std::vector<std::string> args;
    bool json = false;
    bool started = false;
    for (const Options::PositionalArg& arg : o.positional_args) {
        if (!started || arg.json != json) {
            args.emplace_back(arg.json ? "--jsonargs" : "--args");
            json = arg.json;
            started = true;
        }
        args.push_back(arg.text);
    }
    return args;
}

}  // namespace

int run_interactive(Options options) {
    explore::ExploreConfig config;
    config.filter = options.filter_file.empty() ? "." : read_file(options.filter_file);
    while (!config.filter.empty() && config.filter.back() == '\n') config.filter.pop_back();
    config.files = options.files;
    config.input.raw = options.raw_input;
    config.input.include_digests = options.include_digests;
    config.input.records = options.records;
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    for (const auto& [text, slot] : {std::pair{&options.since, &config.input.window.since},
                                     std::pair{&options.until, &config.input.window.until}}) {
        if (text->empty())
            continue;
        *slot = parse_window_time(*text, now);
        if (!*slot) {
            fmt::print(stderr, "ctq: error: not a time (use 2024-11-28T13:00:00Z or 36h, 7d): {}\n",
                       *text);
            return static_cast<int>(ExitCode::Usage);
        }
    }
    config.null_input = options.null_input;
    config.toggles = {options.raw_output, options.compact, options.sort_keys, options.slurp,
                      options.table};
    config.writer.indent = options.indent == 0 ? 0 : options.indent;
    config.writer.tab = options.tab;
    config.writer.ascii = options.ascii_output;
    // The screen is a terminal, so colour is on unless NO_COLOR or -M says otherwise.
    const char* no_color = std::getenv("NO_COLOR");
    config.writer.color = !options.monochrome && (options.color || !(no_color && *no_color));
    bool bad_colors = false;
    if (const char* spec = std::getenv("JQ_COLORS"))
        bad_colors = !config.writer.palette.apply_jq_colors(spec);
    config.compile.library_paths = options.library_paths;
    config.globals = global_arguments(options, config.compile);
    for (Value& global : config.globals) global.share();
    config.history_path = explore::default_history_path();
    config.fixed_args = fixed_arguments(options);
    config.trailing_args = trailing_arguments(options);
    memory::set_limit(options.memory_limit_bytes);

    const explore::ExploreOutcome outcome = explore::run_explorer(config);
    if (bad_colors)
        std::fputs("Failed to set $JQ_COLORS\n", stderr);
    using Action = explore::ExploreOutcome::Action;
    if (outcome.action == Action::Failed) {
        fmt::print(stderr, "ctq: error: {}\n", outcome.error);
        return static_cast<int>(ExitCode::Usage);
    }
    if (!outcome.error.empty())
        fmt::print(stderr, "ctq: warning: {}\n", outcome.error);
    switch (outcome.action) {
        case Action::Quit: return 130;  // as fzf: nothing chosen
        case Action::PrintCommand: fmt::print("{}\n", outcome.command); return 0;
        default: break;
    }
    // Enter: the very batch run the command line stands for, on the same inputs.
    if (!outcome.stdin_copy.empty()) {
        const int fd = ::open(outcome.stdin_copy.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::dup2(fd, STDIN_FILENO) < 0) {
            fmt::print(stderr, "ctq: error: cannot read the copy of standard input: {}\n",
                       std::strerror(errno));
            return static_cast<int>(ExitCode::Usage);
        }
        ::close(fd);
    }
    options.interactive = false;
    options.filter = outcome.filter;
    options.filter_file.clear();
    options.raw_output = outcome.toggles.raw;
    options.compact = outcome.toggles.compact;
    options.sort_keys = outcome.toggles.sort_keys;
    options.slurp = outcome.toggles.slurp;
    options.table = outcome.toggles.table;
    Run run(options);
    return run.execute();
}

}  // namespace ctq::cli
