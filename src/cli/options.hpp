// The command line, as a plain struct: what the user asked ctq to do.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ctq::cli {

struct Options {
    std::string filter;
    bool filter_given = false;
    std::string filter_file;  // -f FILE
    std::vector<std::string> files;
    std::vector<std::string> library_paths;  // -L DIR

    bool null_input = false;             // -n
    bool slurp = false;                  // -s
    bool raw_input = false;              // -R
    bool raw_output = false;             // -r
    bool raw_output0 = false;            // --raw-output0
    bool join_output = false;            // -j
    bool ascii_output = false;           // -a
    bool compact = false;                // -c
    bool tab = false;                    // --tab
    int indent = 2;                      // --indent N
    bool sort_keys = false;              // -S
    bool color = false;                  // -C
    bool monochrome = false;             // -M
    bool exit_status = false;            // -e
    bool seq = false;                    // --seq
    bool show_help = false;              // -h
    bool show_version = false;           // -V
    bool include_digests = false;        // --include-digests: walk CloudTrail-Digest/ folders too
    bool records = false;                // --records: each CloudTrail event is one input
    bool no_hints = false;               // --no-hints: no "ctq: hint:" lines on stderr
    bool explain = false;                // --explain: print the filter as a plain-language tree
    bool table = false;                  // --table: outputs as aligned columns
    bool no_trunc = false;               // --no-trunc: never cut table cells on a terminal
    bool list_hunts = false;             // --list-hunts
    std::string hunt;                    // --hunt NAME: run a built-in detection over the inputs
    std::string hunt_ip;                 // --hunt-ip IP: the address for --hunt from_ip
    std::string help_module;             // --help-module NAME: print a built-in module's source
    std::string since, until;            // --since/--until T: ISO 8601 or relative (36h, 7d)
    unsigned threads = 0;                // --threads N: files read at once (0: one per core)
    bool no_progress = false;            // --no-progress: never draw the progress line
    std::string memory_limit;            // --memory-limit SIZE as given (empty: not given)
    std::size_t memory_limit_bytes = 0;  // what it says, or memory::default_limit(); 0: none
    std::string expect;                  // --expect none|some|N|<N|>N: exit 1 unless it holds
    bool quiet = false;                  // -q/--quiet: no outputs on stdout (for --expect)
    std::vector<std::string> reports;    // --report junit=FILE / sarif=FILE, as given
    std::string ranges;                  // --ranges SIZE: print FILES' pieces (piece_ranges.hpp)
    std::size_t ranges_bytes = 0;        // what it says
    std::string range;                   // --range SPEC: read only that piece of the one FILE
    std::string range_report;            // --range-report FILE: where the reading ended
    bool summary = false;                // --summary: an overview of the records (overview.hpp)
    bool timeline = false;               // --timeline [BUCKET]: events per time bucket
    std::string timeline_bucket;         // minute, hour or day; empty: chosen from the span
    std::string by;                      // --by FILTER: one timeline row per key
    std::size_t top = 0;                 // --top N: values per category, or --by rows (0: 10)
    bool interactive = false;            // -i: the explorer (src/explore); FILES only, no FILTER

    // --arg / --argjson / --slurpfile / --rawfile, in command-line order.
    struct NamedArg {
        enum class Kind { String, Json, SlurpFile, RawFile } kind;
        std::string name;
        std::string text;  // the value, or the file name
    };
    std::vector<NamedArg> named_args;

    // --args / --jsonargs positional values.
    struct PositionalArg {
        bool json;
        std::string text;
    };
    std::vector<PositionalArg> positional_args;
};

/// A command line ctq cannot accept; exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses argv the way jq does (stacked short flags, options anywhere,
/// `--args`/`--jsonargs` turning later positionals into $ARGS). Throws UsageError.
Options parse_options(int argc, const char* const* argv);

/// The text of `ctq --help`.
std::string usage_text();

}  // namespace ctq::cli
