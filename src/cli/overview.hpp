// --summary and --timeline: every output of the filter is a CloudTrail record, counted into
// one report that is printed when the inputs end (as hunts consume the filter's outputs).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctq/lang/program.hpp"
#include "ctq/value/value.hpp"
#include "options.hpp"
#include "printer.hpp"

namespace ctq::cli {

class Overview {
public:
    virtual ~Overview() = default;

    /// Counts one output of the filter; returns the message of a runtime error (reported
    /// like the filter's own) when it cannot: not a record, or --by failed on it.
    virtual std::optional<std::string> add(const Value& output) = 0;

    /// Prints the report: for a terminal, or for a script when stdout is not one.
    virtual void finish(Printer& printer) = 0;
};

/// Whether the command line asks for an overview.
inline bool wants_overview(const Options& options) {
    return options.summary || options.timeline;
}

/// Checks and completes the options of --summary, --timeline, --by and --top (called by
/// parse_options): each record becomes one input (--records), and the filter may be left
/// out (it is then `.`) when the first argument names an existing file or directory. Throws
/// UsageError for combinations that mean nothing here.
void check_overview_options(Options& options);

/// The overview the options ask for. A --by filter that does not compile is reported on
/// stderr with its caret, and nullptr returned (exit status 3). `input_filename` is what
/// `input_filename` gives in --by: the file of the record (`--by input_filename`).
std::unique_ptr<Overview> make_overview(const Options& options,
                                        const CompileOptions& compile_options,
                                        const std::vector<Value>& globals,
                                        std::function<Value()> input_filename);

// The parts, in summary.cpp and timeline.cpp.
std::unique_ptr<Overview> make_summary(const Options& options);
std::unique_ptr<Overview> make_timeline(const Options& options, std::unique_ptr<Program> by,
                                        std::vector<Value> globals,
                                        std::function<Value()> input_filename);

/// Whether stdout is a terminal, and how wide: COLUMNS when set to a number (as ls does),
/// else the terminal's own width, else 80.
bool stdout_is_terminal();
std::size_t terminal_width();

/// The message for an output that is not a record.
std::string not_a_record(const char* option, const Value& output);

}  // namespace ctq::cli
