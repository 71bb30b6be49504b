// Command-line parsing: jq's conventions on top of CLI11, whose own errors never leak.
#include "options.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "ctq/eval/memory_budget.hpp"
#include "ctq/output/timeline.hpp"
#include "expectation.hpp"
#include "overview.hpp"

namespace ctq::cli {

namespace {

/// Options that take values, and how many; everything else is a flag.
int value_count(const std::string& arg) {
    if (arg == "--arg" || arg == "--argjson" || arg == "--slurpfile" || arg == "--rawfile")
        return 2;
    if (arg == "-f" || arg == "--from-file" || arg == "-L" || arg == "--indent" ||
        arg == "--library-path" || arg == "--since" || arg == "--until" || arg == "--hunt" ||
        arg == "--hunt-ip" || arg == "--help-module" || arg == "--threads" ||
        arg == "--memory-limit" || arg == "--expect" || arg == "--report" || arg == "--ranges" ||
        arg == "--range" || arg == "--range-report" || arg == "--by" || arg == "--top") {
        return 1;
    }
    return 0;
}

bool is_option(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-';
}

// -i, alone or among stacked short flags (-ri): every positional is then a FILE.
bool asks_interactive(const std::string& arg) {
    if (arg == "--interactive")
        return true;
    return arg.size() > 1 && arg[0] == '-' && arg[1] != '-' && arg.find('i') != std::string::npos;
}

// jq's named-argument options are order-sensitive ($ARGS.named keeps their
// order) and `--args` changes what later positionals mean, so both are
// handled here; the remaining flags and options go to CLI11.
struct PreScan {
    std::vector<std::string> for_cli11;
    std::vector<std::string> positionals_as_args;  // after --args / --jsonargs
    std::vector<bool> positional_is_json;
};

PreScan pre_scan(int argc, const char* const* argv, Options& options) {
    PreScan scan;
    enum class Mode { Files, Args, JsonArgs } mode = Mode::Files;
    bool filter_seen = false;
    bool from_file = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        // With -f (or a hunt, or a listing) there is no filter among the positionals.
        if (arg == "-f" || arg == "--from-file" || arg == "--hunt" || arg == "--list-hunts" ||
            arg == "--help-module") {
            from_file = true;
        }
        if (asks_interactive(arg))
            from_file = true;
        if (value_count(arg) > 0)
            i += value_count(arg);
    }
    bool only_positionals = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!only_positionals && arg == "--") {
            only_positionals = true;
            continue;
        }
        if (!only_positionals && is_option(arg)) {
            // --timeline's BUCKET is optional: taken only when it is a bucket's name.
            if (arg == "--timeline" || arg.rfind("--timeline=", 0) == 0) {
                options.timeline = true;
                if (arg != "--timeline")
                    options.timeline_bucket = arg.substr(11);
                else if (i + 1 < argc && parse_bucket(argv[i + 1]))
                    options.timeline_bucket = argv[++i];
                continue;
            }
            if (arg == "--args") {
                mode = Mode::Args;
                continue;
            }
            if (arg == "--jsonargs") {
                mode = Mode::JsonArgs;
                continue;
            }
            const int n = value_count(arg);
            if (i + n >= argc) {
                throw UsageError(fmt::format("{} takes {} parameter{} (e.g. {} {})", arg, n,
                                             n > 1 ? "s" : "", arg,
                                             n == 2 ? "name value" : "value"));
            }
            using Kind = Options::NamedArg::Kind;
            if (n == 2) {
                const Kind kind = arg == "--arg"         ? Kind::String
                                  : arg == "--argjson"   ? Kind::Json
                                  : arg == "--slurpfile" ? Kind::SlurpFile
                                                         : Kind::RawFile;
                options.named_args.push_back({kind, argv[i + 1], argv[i + 2]});
                i += 2;
                continue;
            }
            scan.for_cli11.push_back(arg);
            if (n == 1)
                scan.for_cli11.push_back(argv[++i]);
            continue;
        }
        // A positional: the filter first (unless -f), then files or $ARGS values.
        if (!filter_seen && !from_file) {
            filter_seen = true;
            options.filter = arg;
            options.filter_given = true;
        } else if (mode == Mode::Files) {
            options.files.push_back(arg);
        } else {
            options.positional_args.push_back({mode == Mode::JsonArgs, arg});
        }
    }
    return scan;
}

// --ranges and --range cut one file for several machines (ctq-dask): each piece is read
// value by value, so nothing may read the inputs whole or from standard input.
void check_ranges(Options& options) {
    if (!options.ranges.empty()) {
        const auto bytes = memory::parse_size(options.ranges);
        if (!bytes || *bytes == 0)
            throw UsageError(
                fmt::format("--ranges takes a size like 64M or 1G, not \"{}\"", options.ranges));
        options.ranges_bytes = *bytes;
    }
    if (!options.range_report.empty() && options.range.empty())
        throw UsageError("--range-report tells where --range ended: give --range too");
    if (options.ranges.empty() && options.range.empty())
        return;
    const char* name = options.range.empty() ? "--ranges" : "--range";
    if (!options.ranges.empty() && !options.range.empty())
        throw UsageError("--ranges prints pieces and --range reads one: give one of them");
    if (options.slurp || options.null_input || options.raw_input || options.table ||
        !options.hunt.empty() || !options.expect.empty())
        throw UsageError(fmt::format(
            "{} reads pieces of files value by value: not with -s, -n, -R, --table, --hunt or "
            "--expect",
            name));
    if (options.files.empty())
        throw UsageError(fmt::format("{} needs FILES: standard input cannot be cut", name));
    if (!options.range.empty() && options.files.size() != 1)
        throw UsageError("--range reads a piece of one FILE: give exactly one");
}

// The explorer reads FILES and edits its own filter on a terminal: not a batch-only mode.
void check_interactive(Options& options) {
    if (!options.interactive)
        return;
    if (options.explain || !options.hunt.empty() || options.list_hunts ||
        !options.help_module.empty() || !options.expect.empty() || !options.ranges.empty() ||
        !options.range.empty() || options.seq || options.raw_output0 || options.join_output)
        throw UsageError(
            "-i explores FILES on a terminal: not with --explain, --hunt, --list-hunts, "
            "--help-module, --expect, --ranges, --range, --seq, --raw-output0 or -j");
    options.filter_given = true;
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
    Options options;
    PreScan scan = pre_scan(argc, argv, options);

    CLI::App app{"ctq"};
    app.set_help_flag();
    app.allow_extras(false);
    app.add_flag("-n,--null-input", options.null_input);
    app.add_flag("-s,--slurp", options.slurp);
    app.add_flag("-R,--raw-input", options.raw_input);
    app.add_flag("-r,--raw-output", options.raw_output);
    app.add_flag("--raw-output0", options.raw_output0);
    app.add_flag("-j,--join-output", options.join_output);
    app.add_flag("-a,--ascii-output", options.ascii_output);
    app.add_flag("-c,--compact-output", options.compact);
    app.add_flag("--tab", options.tab);
    app.add_flag("-S,--sort-keys", options.sort_keys);
    app.add_flag("-C,--color-output", options.color);
    app.add_flag("-M,--monochrome-output", options.monochrome);
    app.add_flag("-e,--exit-status", options.exit_status);
    app.add_flag("--seq", options.seq);
    app.add_flag("--include-digests", options.include_digests);
    app.add_flag("--records", options.records);
    app.add_flag("--no-hints", options.no_hints);
    app.add_flag("--explain", options.explain);
    app.add_flag("--table", options.table);
    app.add_flag("--no-trunc", options.no_trunc);
    app.add_flag("--list-hunts", options.list_hunts);
    app.add_option("--hunt", options.hunt);
    app.add_option("--hunt-ip", options.hunt_ip);
    app.add_option("--help-module", options.help_module);
    app.add_option("--since", options.since);
    app.add_option("--until", options.until);
    app.add_option("--threads", options.threads)->check(CLI::Range(1u, 256u));
    app.add_flag("--no-progress", options.no_progress);
    app.add_option("--memory-limit", options.memory_limit);
    app.add_option("--expect", options.expect);
    app.add_flag("-q,--quiet", options.quiet);
    app.add_option("--report", options.reports);
    app.add_option("--ranges", options.ranges);
    app.add_option("--range", options.range);
    app.add_option("--range-report", options.range_report);
    app.add_flag("--summary", options.summary);
    app.add_option("--by", options.by);
    app.add_option("--top", options.top)->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
    app.add_flag("-i,--interactive", options.interactive);
    app.add_flag("-h,--help", options.show_help);
    app.add_flag("-V,--version", options.show_version);
    app.add_option("--indent", options.indent);
    app.add_option("-f,--from-file", options.filter_file);
    app.add_option("-L,--library-path", options.library_paths);

    // CLI11 wants argv in reverse order when given a vector.
    std::vector<std::string> args(scan.for_cli11.rbegin(), scan.for_cli11.rend());
    try {
        app.parse(args);
    } catch (const CLI::ExtrasError& error) {
        // CLI11 says "The following argument was not expected: --x"; jq says "Unknown option".
        const std::string message = error.what();
        const std::size_t colon = message.find(": ");
        throw UsageError("Unknown option: " +
                         (colon == std::string::npos ? message : message.substr(colon + 2)));
    } catch (const CLI::ParseError& error) {
        throw UsageError(error.what());
    }
    if (options.indent < -1 || options.indent > 7) {
        throw UsageError("Cannot indent more than 7 characters");
    }
    if (options.memory_limit.empty()) {
        options.memory_limit_bytes = memory::default_limit();
    } else if (const auto bytes = memory::parse_size(options.memory_limit)) {
        options.memory_limit_bytes = *bytes;
    } else {
        throw UsageError(
            fmt::format("--memory-limit takes a size like 512M or 4G, or none, not \"{}\"",
                        options.memory_limit));
    }
    if (!options.expect.empty() && !parse_expectation(options.expect))
        throw UsageError(
            fmt::format("--expect takes none, some, N, <N or >N, not \"{}\"", options.expect));
    for (const std::string& spec : options.reports) {
        const std::size_t eq = spec.find('=');
        const std::string kind = spec.substr(0, eq);
        if (eq == std::string::npos || eq + 1 == spec.size() ||
            (kind != "junit" && kind != "sarif"))
            throw UsageError(
                fmt::format("--report takes junit=FILE or sarif=FILE, not \"{}\"", spec));
        if (options.expect.empty())
            throw UsageError("--report reports on --expect: give --expect too");
    }
    check_ranges(options);
    check_overview_options(options);
    check_interactive(options);
    // A hunt reads every event itself (`inputs`), one event at a time.
    if (!options.hunt.empty()) {
        options.null_input = true;
        options.records = true;
    }
    if (!options.filter_file.empty() || !options.hunt.empty() || options.list_hunts ||
        !options.help_module.empty()) {
        options.filter_given = true;
    }
    return options;
}

std::string usage_text() {
    return R"(Usage:	ctq [OPTIONS] FILTER [FILES...]
	ctq -i [OPTIONS] [FILES...]
	ctq [OPTIONS] --args FILTER [ARGUMENTS...]
	ctq [OPTIONS] --jsonargs FILTER [JSON_VALUES...]

ctq is a jq-compatible command-line JSON processor for AWS CloudTrail logs.
It applies FILTER to each JSON text read from FILES (or standard input) and
prints the results, exactly as jq 1.7.1 would.

Example:

	$ ctq -r '.Records[] | select(.eventName == "ConsoleLogin") | .sourceIPAddress' cloudtrail_log.json

Command options:
  -i, --interactive         explore FILES on the terminal: the filter is typed
                            and its results shown as you type (every
                            positional is then a FILE; -f FILE sets the
                            starting filter); Enter prints the results;
  -n, --null-input          use `null` as the single input value;
  -R, --raw-input           read each line as a string instead of JSON;
  -s, --slurp               read all inputs into an array and use it as
                            the single input value;
  -c, --compact-output      compact instead of pretty-printed output;
  -r, --raw-output          output strings without escapes and quotes;
      --raw-output0         like -r, with NUL instead of newline after each output;
  -j, --join-output         like -r, with no newline after each output;
  -a, --ascii-output        output strings by only ASCII characters
                            using escape sequences;
  -S, --sort-keys           sort keys of each object on output;
  -C, --color-output        colorize JSON output;
  -M, --monochrome-output   disable colored output;
      --tab                 use tabs for indentation;
      --indent n            use n spaces for indentation (max 7 spaces);
      --seq                 prefix each output with the RS character;
      --records             each CloudTrail event is one input, whatever the
                            file's shape ({"Records":[...]}, NDJSON,
                            lookup-events, filter-log-events, CloudWatch Logs
                            subscription, EventBridge);
      --include-digests     also read CloudTrail-Digest/ files in directories;
      --since T, --until T  keep records whose eventTime is in the window (T is
                            ISO 8601 like 2024-11-28T13:00:00Z, or relative
                            like 36h, 7d); dated S3 folders and files outside
                            it (one hour of slack) are skipped unopened;
      --threads N           read and parse up to N files at once (default: one
                            per core), and one big file as pieces at once; the
                            output order never changes;
      --ranges SIZE         print where FILES can be cut into pieces of about
                            SIZE for FILTER, one JSON object per piece (for
                            ctq-dask);
      --range SPEC          run FILTER on one piece of the one FILE, as
                            --ranges prints it;
      --range-report FILE   with --range, write where the reading ended;
      --no-progress         no progress line (otherwise drawn on stderr when it
                            is a terminal, stdout is not, and the run lasts
                            more than a second);
      --memory-limit SIZE   end a filter that holds more than SIZE (512M, 4G,
                            or none) with an error (default: three quarters
                            of the machine's or the cgroup's memory);
      --expect COUNT        none, some, N, <N or >N: exit 1 unless the filter
                            gives that many outputs; the first ones found are
                            named on stderr with their file and record number;
  -q, --quiet               print no outputs (with --expect);
      --report KIND=FILE    also write what --expect found as junit (JUnit XML)
                            or sarif (SARIF 2.1.0) to FILE; may be repeated;
      --table               print outputs as aligned columns (a first array of
                            strings is the header; objects use their keys);
      --no-trunc            never cut --table cells to the terminal width;
      --summary             an overview of the records FILTER gives (FILTER may
                            be left out): counts, time span, the top event
                            sources, names, principals, source IPs, user
                            agents, regions and error codes, console logins,
                            root activity; a report on a terminal, else (or
                            with -c) one JSON object;
      --timeline [BUCKET]   events per minute, hour or day (chosen from the
                            span when left out) of the records FILTER gives:
                            a bar chart on a terminal, else TSV lines
                            (bucket, [key,] count);
      --by FILTER           with --timeline, one row per key FILTER gives;
      --top N               values listed per --summary category, or --by
                            rows drawn (default 10);
      --explain             print the filter as a plain-language tree and exit;
      --list-hunts          list the built-in CloudTrail detections;
      --hunt NAME[,NAME...] run built-in detections over FILES in one pass
                            (all: every one but from_ip); with --expect none,
                            exit 1 naming each hunt that found something;
      --hunt-ip IP          the address for --hunt from_ip;
      --help-module NAME    print a built-in module (cloudtrail) and exit;
      --no-hints            no "ctq: hint:" lines (misspelled fields, = for ==);
  -f, --from-file file      load the filter from a file;
  -L, --library-path dir    search modules from the directory;
      --arg name value      set $name to the string value;
      --argjson name value  set $name to the JSON value;
      --slurpfile name file set $name to an array of JSON values read
                            from the file;
      --rawfile name file   set $name to string contents of file;
      --args                consume remaining arguments as positional
                            string values;
      --jsonargs            consume remaining arguments as positional
                            JSON values;
  -e, --exit-status         set exit status code based on the output;
  -V, --version             show the version;
  -h, --help                show the help;
  --                        terminates argument processing;

Exit status: 0 ok, 1 last output false or null (with -e), 2 usage or I/O
error, 3 filter compile error, 4 no output (with -e), 5 runtime error or
invalid JSON input.

Inputs: .gz files (and gzip on stdin) are decompressed. A directory is read
recursively in sorted path order: *.json, *.json.gz, *.ndjson, *.jsonl and
other files that start like JSON or gzip.
)";
}

}  // namespace ctq::cli
