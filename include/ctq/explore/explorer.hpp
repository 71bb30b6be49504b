// `ctq -i`: the interactive explorer. The command line (src/cli) hands it what was asked and
// gets back what to do on leaving: print the results, print a command line, or nothing.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "ctq/input/inputs.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/value/value.hpp"

namespace ctq::explore {

/// The five switches that can be flipped while exploring.
struct Toggles {
    bool raw = false;        // -r
    bool compact = false;    // -c
    bool sort_keys = false;  // -S
    bool slurp = false;      // -s
    bool table = false;      // --table
};

struct ExploreConfig {
    std::string filter;              // to start with (from -f), else "."
    std::vector<std::string> files;  // empty: standard input
    InputStream::Options input;      // raw, records, digests, the time window
    bool null_input = false;         // -n
    Toggles toggles;
    WriterOptions writer;  // indent, tab, ascii; colour and palette as a batch run would
    CompileOptions compile;
    std::vector<Value> globals;  // the values of compile.global_variables
    std::size_t sample_records = 1000;
    std::string history_path;  // empty: no history kept on disk
    /// Options other than the toggles, as they go on the command line (`--records`,
    /// `--arg x 1`), and what follows the files (`--args a b`).
    std::vector<std::string> fixed_args;
    std::vector<std::string> trailing_args;
};

/// How the explorer ended.
struct ExploreOutcome {
    enum class Action {
        Quit,          // Esc or Ctrl-C: nothing printed
        PrintResults,  // Enter: run `filter` with `toggles` as a batch run would
        PrintCommand,  // Ctrl-O: print `command`
        Failed,        // could not start: `error` says why (exit 2)
    } action = Action::Quit;
    std::string filter;
    Toggles toggles;
    std::string command;  // the runnable command line, for PrintCommand
    std::string error;
    /// With standard input: a file holding everything read from it, to be read in its place
    /// (kept until this outcome is destroyed), or empty.
    std::string stdin_copy;
    std::shared_ptr<void> keep_alive;
};

/// Runs the explorer on /dev/tty until the user leaves.
ExploreOutcome run_explorer(const ExploreConfig& config);

/// The command line that runs `filter` with `toggles` and `config`'s options and files,
/// quoted for a POSIX shell.
std::string command_line(const ExploreConfig& config, const std::string& filter,
                         const Toggles& toggles);

/// `text` as one word for a POSIX shell: bare when safe, else in single quotes.
std::string shell_quote(const std::string& text);

}  // namespace ctq::explore
