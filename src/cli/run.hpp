// One run of ctq: the filter compiled, the inputs read, the outputs printed, the exit status.
// run.cpp has the sequential run, run_workers.cpp running whole files on worker threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctq/eval/hints.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/input/file_prefetcher.hpp"
#include "ctq/input/inputs.hpp"
#include "ctq/input/piece_ranges.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/table_writer.hpp"
#include "ctq/value/value_chunks.hpp"
#include "expectation.hpp"
#include "hunts.hpp"
#include "options.hpp"
#include "overview.hpp"
#include "printer.hpp"
#include "progress.hpp"

namespace ctq::cli {

/// The whole text of a file (-f, --rawfile, --slurpfile); a UsageError naming it otherwise.
std::string read_file(const std::string& path);

/// A size in bytes from the environment (the tests' knobs), or `fallback` when unset.
std::uint64_t byte_setting(const char* name, std::uint64_t fallback);
/// How much of a document's text may wait in memory for its file's first reading.
std::size_t held_text_limit();
/// CTQ_PIECE_SIZE: the size of the pieces big files are cut into, for the tests (0: unset).
inline std::uint64_t piece_size_setting() {
    return byte_setting("CTQ_PIECE_SIZE", 0);
}

/// The values of --arg, --argjson, --slurpfile, --rawfile and $ARGS, their names added to
/// `compile_options`. Throws UsageError.
std::vector<Value> global_arguments(const Options& options, CompileOptions& compile_options);

// How a document's parts reach the filter and the output before the whole of it is read.
enum class Streaming {
    Off,        // each document is read whole, then run
    Records,    // `.Records[] | f`: each record runs as it is read
    Limited,    // `first(…)`, `limit(N; …)` of that: until N outputs are out (see RecordLimit)
    Collected,  // `[.Records[] | f] | g`: f's outputs gathered as records are read (see Collect)
    Documents,  // `.`: each record is printed as it is read (see can_print_in_pieces)
};

// What running the filter over one file on a worker gave, besides its text.
struct FileOutcome {
    bool open_error = false;
    bool runtime_error = false;
    bool input_error = false;  // invalid JSON: the run stops after this file's output
    bool any_output = false;
    Value last_output;
    std::optional<HaltSignal> halt;  // the run stops here
    std::uint64_t values = 0;
    HintCollector hints;
    std::uint64_t outputs = 0;        // for --expect
    std::vector<Offender> offenders;  // the first of them, for --expect's failure line
    // A piece of a file: the stop it ended at (an index into its plan's starts), and where.
    std::optional<std::size_t> stopped_at;
    PieceOrigin end;
};

// A job of the workers that is a piece of a big file: which plan, and which of its pieces.
struct PieceJob {
    static constexpr std::size_t kWholeFile = static_cast<std::size_t>(-1);
    std::size_t plan = kWholeFile;  // index into the run's piece plans
    std::size_t piece = 0;
    std::size_t first_job = 0;  // the job of the plan's piece 0
};

class Run {
public:
    explicit Run(const Options& options)
        : options_(options), printer_(make_printer_options(options)) {}

    /// A worker's run over one file: output text and stderr messages go to the sinks, in order.
    Run(const Options& options, std::function<void(std::string&)> output,
        std::function<void(const std::string&)> messages)
        : options_(options),
          printer_(make_printer_options(options, std::move(output))),
          messages_(std::move(messages)) {}

    int execute();

private:
    static PrinterOptions make_printer_options(const Options& o,
                                               std::function<void(std::string&)> sink = {});

    void report(const std::string& message);
    bool wants_progress() const;

    InputStream::Options input_options_for(const Program& program, Streaming streaming);
    int run_program(const Program& program, std::vector<Value> globals);

    // The end of a run: the table, the last output, hints, and the exit status.
    int finish(const Program& program);

    // Each input is run on its own, so whole files can be run on worker threads, their output
    // kept and printed in file order: not with -s, -n, -R or --table, nor for filters that
    // read inputs themselves or import modules (which might).
    bool can_run_on_workers(const Program& program) const;

    class WorkerOutputs;  // what the workers give, taken in order
    int run_on_workers(const Program& program, const std::vector<Value>& globals,
                       std::vector<FilePrefetcher::Job> jobs, std::vector<PieceJob> pieces,
                       InputStream::Options input_options, Streaming streaming);

    // Big files cut into pieces that the workers read at once (see file_pieces.hpp), when
    // the filter runs value by value or record by record; one job per piece.
    std::vector<PieceJob> cut_into_pieces(std::vector<FilePrefetcher::Job>& jobs, unsigned threads,
                                          Streaming streaming);
    FilePiece piece_of(const PieceJob& job, const PieceOrigin& origin) const;
    // A piece run again on this thread from its exact origin, its first `printed` bytes of
    // output not printed again: a worker's messages would have named positions in the
    // piece, not in the file.
    FileOutcome rerun_piece(const Program& program, const std::vector<Value>& globals,
                            const std::string& path, InputStream::Options input_options,
                            Streaming streaming, const FilePiece& piece, std::size_t printed,
                            const HintCollector& expected_hints);
    // --ranges / --range (run_ranges.cpp): why the filter cannot run on pieces, if it cannot;
    // the pieces of FILES printed; the one piece of --range set up in `input_options`, or
    // a usage error's status; and where its reading ended, for --range-report.
    std::optional<std::string> why_not_in_ranges(const Program& program, Streaming streaming) const;
    int print_ranges(const Program& program, const InputStream::Options& input_options,
                     Streaming streaming);
    int start_range(const Program& program, Streaming streaming,
                    InputStream::Options& input_options);
    bool write_range_report(const InputStream& inputs);

    // Takes a file's outcome into the run's; false when the run stops here.
    bool take_outcome(FileOutcome& outcome, std::uint64_t values_before, int* halt_status);

    // One file on a worker: jq's main loop over the file's values.
    FileOutcome run_file(const Program& program, const std::vector<Value>& globals,
                         const std::string& path, const InputStream::Options& input_options,
                         Streaming streaming, const FilePiece* piece = nullptr);

    void print_halt(const HaltSignal& halt);

    Value slurp(InputStream& inputs);

    // Which Streaming suits the filter and the options.
    Streaming streaming_for(const Program& program) const;
    // The filter is `.Records[]` or `.Records[] | f` with f seeing only single records, or
    // one of those under `first` or `limit(N; …)` (see RecordLimit), so a document's records
    // can be run as they are parsed: memory follows one record.
    bool can_stream_records(const Program& program) const;
    // `first(E)` or `limit(N; E)` with a literal N, perhaps followed by `| then`.
    struct RecordLimit {
        const Node* each = nullptr;
        double count = 0;
        const Node* then = nullptr;
    };
    static std::optional<RecordLimit> record_limit(const Program& program);
    void run_limited(Interpreter& interpreter, const Value& document);
    void hold_until_checked();
    bool settle_check(InputStream& inputs, bool wait);
    void drop_held();
    void remember_before_check();
    bool restore_before_check();  // false when nothing was remembered
    bool limit_reached() const { return limit_ && limit_seen_ >= limit_->count; }
    // `[E] | g` with E running record by record as in can_stream_records,
    // `reduce E as $x (INIT; UPDATE) | g` with a constant INIT, or
    // `.Records | map(f) | g` (g may be absent): E's (f's) outputs are gathered as each record
    // is read, and g runs on their array once the document is read, so memory follows what
    // the filter keeps, not the document.
    struct Collect {
        const Node* each = nullptr;
        bool on_wrapper = false;  // E runs on {"Records":[record]}; f on the record itself
        // Or `reduce E as $x (INIT; UPDATE) | g`, INIT a constant: the state goes from record
        // to record instead of an array.
        const Node::Reduce* reduce = nullptr;
        std::vector<const Node*> then;  // g's stages
    };
    std::optional<Collect> collect_plan(const Program& program) const;
    void run_collected(Interpreter& interpreter, InputStream& inputs, const Value& value);
    // With two threads or more, a big document's records before its last piece are gathered
    // on the threads, each piece by an interpreter of its own (a GatherPiece), while this
    // thread gathers the last piece's; not for reductions, whose state goes from record to
    // record, nor for filters that write to stderr on the way.
    class GatherPiece;
    PieceWorkFactory gather_on_threads(const Program& program, const std::vector<Value>& globals,
                                       bool track_keys) const;
    // At the document's end: the pieces' outputs put in front of this thread's, their hints
    // taken in document order. False when the document is being read again instead.
    bool join_gathered(Interpreter& interpreter, InputStream& inputs);
    bool run_stages(Interpreter& interpreter, const Value& input, std::size_t stage);
    Value initial_state(Interpreter& interpreter);
    // What a document's records gave so far is forgotten, as if they had not been read.
    void abandon_gathering();
    // The filter is `.`: a document can be printed piece by piece as its records are read.
    bool can_print_in_pieces(const Program& program) const;
    // Under Streaming::Documents: a streamed document's head and records are printed as they
    // come, and the rest when it ends; any other value runs as usual.
    void print_in_pieces(Interpreter& interpreter, InputStream& inputs, const Value& value);
    bool settle_printed(InputStream& inputs, bool wait);
    Demand projection(const Program& program);

    // One value under streaming: a record runs as the document {"Records":[record]} would,
    // which gives exactly the record's share of `.Records[] | f`. An error stops the rest
    // of that document, as in whole-document evaluation, and is reported where it would be.
    void run_streamed(Interpreter& interpreter, InputStream& inputs, const Value& value);

    // jq's main loop: each input from `next` through the filter, until the inputs end, one is
    // invalid (reported; returns false), or nobody reads the output any more. `count`, when
    // given, counts the inputs.
    bool run_inputs(Interpreter& interpreter, InputStream& inputs, Streaming streaming,
                    FunctionRef<std::optional<Value>()> next, std::uint64_t* count = nullptr);

    // Runs the filter on one input; a runtime error is reported, or kept in `deferred`.
    void run_one(Interpreter& interpreter, const Value& input, std::string* deferred = nullptr);
    // Runs `body`, reporting a runtime error (or keeping it in `deferred`) as jq does.
    void guarded(Interpreter& interpreter, std::string* deferred, FunctionRef<void()> body);
    // One output of the filter, to the table or the printer; false once nobody reads.
    bool emit(const Value& output);
    std::string error_position() const;

    // After jq's one-line message: which input, and which part of the filter, failed.
    std::string error_context(const Interpreter& interpreter) const;

    // Hints go to stderr after everything else; they never change stdout or the exit code.
    void print_hints(const Program& program);

    // On a terminal, cells are cut so that a row of several columns fits the
    // screen (--no-trunc keeps them whole); in a pipe nothing is cut.
    TableOptions table_options() const;

    const Options& options_;
    Printer printer_;
    HintCollector hints_;
    std::unique_ptr<TableWriter> table_;
    std::unique_ptr<ProgressLine> progress_;  // lives while the inputs are read
    bool open_errors_ = false;
    bool runtime_error_ = false;
    bool input_error_ = false;
    bool any_output_ = false;
    Value last_output_;
    std::string deferred_error_;  // streaming: a record's error, reported at its document's end
    std::optional<RecordLimit> limit_;  // streaming `first`/`limit`: the plan
    double limit_seen_ = 0;             // and E's outputs so far in this document
    std::optional<Collect> collect_;    // streaming `[E] | g`: the plan
    ValueChunks collected_;             // and E's outputs so far in this document
    Value reduced_;                     // or the reduction's state
    memory::Checkpoint collected_check_;
    // Before the records of a document whose first reading runs alongside: what to go back
    // to if it finds the file unsound.
    HintCollector hints_before_;
    bool runtime_error_before_ = false;
    bool holding_ = false;             // outputs wait for the file's first reading (settle_check)
    std::vector<Value> held_;          // and these are they
    bool in_document_ = false;         // records of the current document have come
    std::uint64_t readings_ = 0;       // and InputStream::readings() when they began
    bool unchecked_ = false;           // the document being gathered is such a one
    bool document_open_ = false;       // print_in_pieces: a document's records are being printed
    WriterOptions record_style_;       // print_in_pieces: how records print (InputStream echoes)
    bool continues_document_ = false;  // a piece whose first record follows another piece's
    std::function<void(const std::string&)> messages_;  // a worker's stderr, kept in order
    InputStream* inputs_ = nullptr;                     // while run_program() runs
    std::vector<PiecePlan> piece_plans_;                // of the files cut into pieces
    PieceRange range_;                                  // --range: the piece read
    FilePiece range_piece_;                             // and as the input stream takes it
    std::vector<std::uint64_t> range_stops_;            // its end, when not the file's
    const Program* program_ = nullptr;
    // --expect: outputs counted, the first few kept with where their input came from.
    std::uint64_t output_count_ = 0;
    std::vector<Offender> offenders_;
    std::string input_file_;  // the current input's file, and its number in it
    std::uint64_t input_index_ = 0;
    std::uint64_t input_readings_ = 0;  // InputStream::readings() then
    void note_input();
    void note_output(const Value& output);
    int expectation_status() const;
    std::unique_ptr<HuntResults> hunts_;  // --hunt: the findings of each hunt
    std::unique_ptr<Overview> overview_;  // --summary, --timeline: the outputs counted
    int hunts_status() const;
    bool write_reports() const;  // false (reported) when a report cannot be written
};

}  // namespace ctq::cli
