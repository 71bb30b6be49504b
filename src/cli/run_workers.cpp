// Whole files run on worker threads, their output printed in file order.
#include <fmt/format.h>
#include <unistd.h>

#include <future>

#include "ctq/input/document_check.hpp"
#include "run.hpp"

namespace ctq::cli {

// Each input is run on its own, so whole files can be run on worker threads, their output
// kept and printed in file order: not with -s, -n, -R or --table, nor for filters that
// read inputs themselves or import modules (which might).
bool Run::can_run_on_workers(const Program& program) const {
    if (options_.slurp || options_.null_input || options_.raw_input || options_.table ||
        wants_overview(options_) || options_.files.empty()) {
        return false;
    }
    const std::string& text = program.source().text;
    for (const char* word : {"input", "import", "include"}) {
        if (text.find(word) != std::string::npos)
            return false;
    }
    return true;
}

namespace {

// Where a piece read by a worker ended, in the file: the worker counted from a stand-in
// origin (line 1, offset 0, no values before), the piece's real origin being unknown then.
PieceOrigin in_file(const PieceOrigin& origin, const PieceOrigin& end) {
    PieceOrigin position;
    position.line = origin.line + end.line - 1;
    position.line_start = end.line > 1 ? end.line_start : origin.line_start;
    position.values_before = origin.values_before + end.values_before;
    return position;
}

}  // namespace

// The workers' steps, taken in order on this thread: only one job's steps count at a time,
// the next piece that the piece before ran up to (it may have run through a cut that did not
// hold), or the next file.
class Run::WorkerOutputs {
public:
    WorkerOutputs(Run& run, const Program& program, const std::vector<Value>& globals,
                  const std::vector<PieceJob>& pieces, std::vector<FileOutcome>& outcomes,
                  const InputStream::Options& input_options, Streaming streaming,
                  const HintCollector& expected_hints, FilePrefetcher& pool)
        : run_(run),
          program_(program),
          globals_(globals),
          pieces_(pieces),
          outcomes_(outcomes),
          input_options_(input_options),
          streaming_(streaming),
          expected_hints_(expected_hints),
          pool_(pool) {}

    /// Takes the next step; false when the run ends here.
    bool take() {
        PrefetchedItem item;
        if (!pool_.next(item))
            return false;
        const bool counts = job_ == used_ && !read_again_;
        if (counts)
            hold_if_checked();
        switch (item.kind) {
            case PrefetchedItem::Kind::Output:
                if (counts) {
                    run_.printer_.write_text(item.message);
                    printed_ += item.message.size();
                    if (check_.valid() && run_.printer_.held_size() >= held_limit())
                        settle();
                }
                break;
            case PrefetchedItem::Kind::Message:
                if (counts && origin_known_) {
                    if (!check_.valid() || settle())
                        run_.report(item.message);
                } else if (counts) {
                    read_again_ = true;
                }
                break;
            case PrefetchedItem::Kind::OpenError:  // a directory that cannot be listed
                if (counts) {
                    run_.report(fmt::format("ctq: error: {}\n", item.message));
                    run_.open_errors_ = true;
                }
                break;
            case PrefetchedItem::Kind::EndOfFile: end_of_job(item.number); break;
            default: break;
        }
        return more_ && !run_.printer_.write_failed();
    }

    /// The status of a `halt` or `halt_error` that ended the run.
    const std::optional<int>& halted() const { return halted_; }

private:
    void end_of_job(std::size_t number) {
        ++job_;
        if (number != used_)
            return;  // a piece the one before it read through
        const PieceJob& piece = pieces_[number];
        FileOutcome outcome = std::move(outcomes_[number]);
        // A file held back for its first reading: settled before this piece's messages are
        // told, and at its last piece.
        if (check_.valid() && (read_again_ || !outcome.stopped_at) && !settle())
            return;
        if (read_again_) {
            outcome = run_.rerun_piece(program_, globals_, pool_.current_path(), input_options_,
                                       streaming_, run_.piece_of(piece, origin_), printed_,
                                       expected_hints_);
        }
        const bool exact = origin_known_ || read_again_;
        take_outcome(outcome, exact ? 0 : origin_.values_before);
        if (piece.plan == PieceJob::kWholeFile) {
            next_file(number + 1);
        } else if (outcome.stopped_at) {
            used_ = piece.first_job + *outcome.stopped_at;
            origin_ = exact ? outcome.end : in_file(origin_, outcome.end);
            origin_known_ = false;
            read_again_ = false;
            printed_ = 0;
        } else {
            next_file(piece.first_job + run_.piece_plans_[piece.plan].starts.size());
        }
    }

    void take_outcome(FileOutcome& outcome, std::uint64_t values_before) {
        int status = 0;
        if (!run_.take_outcome(outcome, values_before, &status)) {
            more_ = false;
            if (outcome.halt)
                halted_ = status;
        }
    }

    void next_file(std::size_t job) {
        used_ = job;
        origin_ = PieceOrigin{};
        origin_known_ = true;
        read_again_ = false;
        printed_ = 0;
    }

    // `.` printed from the pieces of a file: jq shows nothing of a document that turns out
    // damaged, so the text waits in memory while the file's first reading runs beside (as in
    // print_in_pieces); the workers, reading pieces, do not read the file first themselves.
    void hold_if_checked() {
        const PieceJob& piece = pieces_[used_];
        if (streaming_ != Streaming::Documents || piece.plan == PieceJob::kWholeFile ||
            used_ != piece.first_job || check_.valid() || checked_ == used_)
            return;
        checked_ = used_;
        check_ = std::async(std::launch::async, documents_print_in_pieces, pool_.current_path());
        run_.printer_.hold(held_limit() + (1u << 20));
    }

    // Less than print_in_pieces holds: the workers go on filling the queues meanwhile, and
    // a big held buffer cost more in page faults than waiting did (256 MB: 8 MB held 0.76 s,
    // 40 MB 0.90 s).
    static std::size_t held_limit() { return std::min(held_text_limit(), std::size_t{8} << 20); }

    // Waits for that first reading: true when the file is sound, and the held text goes out.
    // Otherwise the text is dropped, and the file is read again here, whole, as one reading
    // would; the rest of its pieces no longer count.
    bool settle() {
        if (check_.get()) {
            run_.printer_.release();
            return true;
        }
        run_.printer_.drop_held();
        const PieceJob& piece = pieces_[used_];
        Run file_run(
            run_.options_, [&](std::string& text) { run_.printer_.write_text(text); },
            [&](const std::string& text) { run_.report(text); });
        file_run.hints_ = expected_hints_;
        FileOutcome outcome =
            file_run.run_file(program_, globals_, pool_.current_path(), input_options_, streaming_);
        next_file(piece.first_job + run_.piece_plans_[piece.plan].starts.size());
        take_outcome(outcome, 0);
        return false;
    }

    Run& run_;
    const Program& program_;
    const std::vector<Value>& globals_;
    const std::vector<PieceJob>& pieces_;
    std::vector<FileOutcome>& outcomes_;
    const InputStream::Options& input_options_;
    Streaming streaming_;
    const HintCollector& expected_hints_;
    FilePrefetcher& pool_;

    bool more_ = true;
    std::optional<int> halted_;
    std::size_t job_ = 0;       // the job the next step comes from
    std::size_t used_ = 0;      // the job whose steps count
    PieceOrigin origin_;        // where it starts in its file
    bool origin_known_ = true;  // whether its worker knew that (not for later pieces)
    bool read_again_ = false;   // it reported something: its messages need the origin
    std::size_t printed_ = 0;   // bytes of its output printed so far
    std::future<bool> check_;   // the first reading of the file whose pieces print `.`
    std::size_t checked_ = PieceJob::kWholeFile;  // the job it was started for
};

int Run::run_on_workers(const Program& program, const std::vector<Value>& globals,
                        std::vector<FilePrefetcher::Job> jobs, std::vector<PieceJob> pieces,
                        InputStream::Options input_options, Streaming streaming) {
    program_ = &program;
    std::vector<FileOutcome> outcomes(jobs.size());
    const unsigned threads = input_options.threads;
    input_options.threads = 1;
    // What the hints expect, copied by each worker (hints_ itself takes their results).
    const HintCollector expected_hints = hints_;
    auto run_file = [&](const std::string& path, std::size_t index,
                        const std::function<void(PrefetchedItem)>& emit) {
        auto send = [&](PrefetchedItem::Kind kind, std::string text) {
            PrefetchedItem item;
            item.kind = kind;
            item.message = std::move(text);
            emit(std::move(item));
        };
        Run file_run(
            options_,
            [&](std::string& text) { send(PrefetchedItem::Kind::Output, std::move(text)); },
            [&](const std::string& text) { send(PrefetchedItem::Kind::Message, text); });
        file_run.hints_ = expected_hints;
        std::optional<FilePiece> piece;
        if (pieces[index].plan != PieceJob::kWholeFile)
            piece = piece_of(pieces[index], PieceOrigin{});
        outcomes[index] = file_run.run_file(program, globals, path, input_options, streaming,
                                            piece ? &*piece : nullptr);
        PrefetchedItem end;
        end.kind = PrefetchedItem::Kind::EndOfFile;
        end.number = index;
        emit(std::move(end));
    };
    {
        FilePrefetcher pool(std::move(jobs), threads, run_file, evaluation_stack_size());
        progress_ = std::make_unique<ProgressLine>(wants_progress(), [&] {
            return InputStream::Progress{pool.files_done(), pool.files_total(), pool.bytes_done()};
        });
        WorkerOutputs steps(*this, program, globals, pieces, outcomes, input_options, streaming,
                            expected_hints, pool);
        while (steps.take()) {
        }
        progress_.reset();  // it reads the pool's counts
        if (steps.halted())
            return *steps.halted();
    }
    return finish(program);
}

bool Run::take_outcome(FileOutcome& outcome, std::uint64_t values_before, int* halt_status) {
    open_errors_ |= outcome.open_error;
    runtime_error_ |= outcome.runtime_error;
    input_error_ |= outcome.input_error;
    if (outcome.any_output) {
        any_output_ = true;
        last_output_ = outcome.last_output;
    }
    hints_.merge(outcome.hints);
    output_count_ += outcome.outputs;
    for (Offender& o : outcome.offenders) {
        if (offenders_.size() < max_offenders) {
            o.index += values_before;
            offenders_.push_back(std::move(o));
        }
    }
    progress_->add(outcome.values);
    if (outcome.halt) {
        printer_.flush();
        progress_.reset();
        print_halt(*outcome.halt);
        *halt_status = outcome.halt->exit_code;
        return false;
    }
    return !outcome.input_error;
}

// One file on a worker: jq's main loop over the file's values.
FileOutcome Run::run_file(const Program& program, const std::vector<Value>& globals,
                          const std::string& path, const InputStream::Options& input_options,
                          Streaming streaming, const FilePiece* piece) {
    FileOutcome outcome;
    program_ = &program;
    // This worker's hints decide when its reader may drop the keys nobody asked for.
    outcome.hints = hints_;
    InputStream::Options options = input_options;
    FilePiece own_piece;
    if (piece) {
        // A record's error stops the rest of its document: the piece reads on to its end.
        own_piece = *piece;
        own_piece.may_stop = [this] { return deferred_error_.empty(); };
        options.piece = &own_piece;
        // `.`: the piece's records follow those of the piece before.
        continues_document_ = piece->start > 0 && piece->in_records;
    }
    if (options.keep_all_keys)
        options.keep_all_keys = &outcome.hints.wants_keys();
    InputStream inputs({path}, options, [&](const std::string& message) {
        report(fmt::format("ctq: error: {}\n", message));
        outcome.open_error = true;
    });
    inputs_ = &inputs;
    Host host;
    host.next_input = []() -> std::optional<Value> { return std::nullopt; };
    host.input_filename = [&] { return inputs.current_filename(); };
    host.input_line_number = [&] { return inputs.current_line(); };
    host.write_stderr = [this](const std::string& text) { report(text); };
    Interpreter interpreter(program, globals, std::move(host));
    if (!options_.no_hints)
        interpreter.collect_hints(&outcome.hints);
    try {
        outcome.input_error = !run_inputs(
            interpreter, inputs, streaming, [&] { return inputs.next(); }, &outcome.values);
    } catch (const HaltSignal& halt) {
        outcome.halt = halt;
    }
    printer_.flush();
    inputs_ = nullptr;
    outcome.stopped_at = inputs.stopped_at();
    outcome.end = inputs.end_position();
    outcome.runtime_error = runtime_error_;
    outcome.any_output = any_output_;
    outcome.outputs = output_count_;
    outcome.offenders = std::move(offenders_);
    // Moved: the worker must hold no reference once the main thread reads the outcome.
    outcome.last_output = std::move(last_output_);
    return outcome;
}

}  // namespace ctq::cli
