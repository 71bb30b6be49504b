// --summary and --timeline: their options, their making, and the terminal they print to.
#include "overview.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/lang/source.hpp"
#include "ctq/output/timeline.hpp"
#include "diagnostics.hpp"

namespace ctq::cli {

namespace {

bool exists(const std::string& text) {
    struct stat info {};
    return stat(text.c_str(), &info) == 0;
}

// Whether the first argument is an input rather than the filter: an existing file or
// directory, or text no filter would be but a mistyped path would ("AWSLogs/",
// "trail.json.gz", "./x": jq operators and spaces are absent, and it neither is a bare name
// like `length` nor starts like `.eventName`). "." and ".." are filters.
bool names_an_input(const std::string& text) {
    if (text.empty() || text == "." || text == "..")
        return false;
    if (exists(text))
        return true;
    if (text.find_first_of(" \t\n|()[]{}\"'$,=<>!+*;?#@") != std::string::npos)
        return false;
    if (text.rfind("./", 0) == 0 || text.rfind("../", 0) == 0 || text[0] == '/')
        return true;
    if (text[0] == '.')
        return false;
    return text.find_first_of("./-") != std::string::npos;
}

}  // namespace

void check_overview_options(Options& options) {
    if (!options.by.empty() && !options.timeline)
        throw UsageError("--by splits a timeline into rows: give --timeline too");
    if (options.top != 0 && !wants_overview(options))
        throw UsageError(
            "--top says how much --summary or --timeline --by shows: give one of them");
    if (!wants_overview(options))
        return;
    if (options.top == 0)
        options.top = 10;
    const char* name = options.summary ? "--summary" : "--timeline";
    if (options.summary && options.timeline)
        throw UsageError("--summary and --timeline are two reports: give one of them");
    if (!options.timeline_bucket.empty() && !parse_bucket(options.timeline_bucket))
        throw UsageError(fmt::format("--timeline takes minute, hour or day, not \"{}\"",
                                     options.timeline_bucket));
    if (options.slurp || options.null_input || options.raw_input || options.table ||
        !options.hunt.empty() || !options.expect.empty() || !options.ranges.empty() ||
        !options.range.empty() || options.seq || options.exit_status || options.quiet)
        throw UsageError(fmt::format(
            "{} counts the records the filter gives: not with -s, -n, -R, -e, -q, --seq, "
            "--table, --hunt, --expect, --ranges or --range",
            name));
    // `ctq --summary AWSLogs/`: no filter, the first argument is an input.
    if (!options.filter_given && options.filter_file.empty()) {
        options.filter = ".";
        options.filter_given = true;
    } else if (options.filter_file.empty() && names_an_input(options.filter)) {
        options.files.insert(options.files.begin(), options.filter);
        options.filter = ".";
    }
    options.records = true;
}

std::unique_ptr<Overview> make_overview(const Options& options,
                                        const CompileOptions& compile_options,
                                        const std::vector<Value>& globals,
                                        std::function<Value()> input_filename) {
    if (options.summary)
        return make_summary(options);
    std::unique_ptr<Program> by;
    if (!options.by.empty()) {
        try {
            by = Program::compile(options.by, compile_options, "--by");
        } catch (const CompileError& error) {
            const SourceFile file{"--by", options.by};
            std::fputs(render_compile_error(error, error.source() ? *error.source() : file).c_str(),
                       stderr);
            std::fputs("ctq: 1 compile error\n", stderr);
            return nullptr;
        }
    }
    return make_timeline(options, std::move(by), globals, std::move(input_filename));
}

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) != 0;
}

std::size_t terminal_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        char* end = nullptr;
        const long n = std::strtol(columns, &end, 10);
        if (end != columns && *end == '\0' && n > 0 && n < 100000)
            return static_cast<std::size_t>(n);
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

std::string not_a_record(const char* option, const Value& output) {
    return fmt::format("{} counts CloudTrail records (objects); the filter gave {}", option,
                       describe_value(output));
}

}  // namespace ctq::cli
