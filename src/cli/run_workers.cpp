// Whole files run on worker threads, their output printed in file order.
#include <fmt/format.h>
#include <unistd.h>

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
        // Only one job's steps count at a time: the next piece that the piece before ran up to
        // (it may have run through a cut that did not hold), or the next file.
        std::size_t used = 0;
        PieceOrigin origin;        // where the counting job starts in its file
        bool origin_known = true;  // whether its worker knew that (not for later pieces)
        bool read_again = false;   // it reported something: its messages need the origin
        std::size_t printed = 0;   // bytes of its output printed so far
        PrefetchedItem item;
        bool stop = false;
        std::size_t job = 0;
        while (!stop && pool.next(item)) {
            const bool counts = job == used && !read_again;
            switch (item.kind) {
                case PrefetchedItem::Kind::Output:
                    if (counts) {
                        printer_.write_text(item.message);
                        printed += item.message.size();
                    }
                    break;
                case PrefetchedItem::Kind::Message:
                    if (counts && origin_known)
                        report(item.message);
                    else if (counts)
                        read_again = true;
                    break;
                case PrefetchedItem::Kind::OpenError:  // a directory that cannot be listed
                    if (counts) {
                        report(fmt::format("ctq: error: {}\n", item.message));
                        open_errors_ = true;
                    }
                    break;
                case PrefetchedItem::Kind::EndOfFile: {
                    ++job;
                    if (item.number != used)
                        break;  // a piece the one before it read through
                    const PieceJob& piece = pieces[item.number];
                    FileOutcome outcome = std::move(outcomes[item.number]);
                    if (read_again) {
                        const std::string& path = pool.current_path();
                        outcome = rerun_piece(program, globals, path, input_options, streaming,
                                              piece_of(piece, origin), printed, expected_hints);
                    }
                    const bool exact = origin_known || read_again;
                    int halt_status = 0;
                    if (!take_outcome(outcome, exact ? 0 : origin.values_before, &halt_status)) {
                        if (outcome.halt)
                            return halt_status;
                        stop = true;
                    }
                    if (piece.plan == PieceJob::kWholeFile) {
                        used = item.number + 1;
                        origin = PieceOrigin{};
                        origin_known = true;
                    } else if (outcome.stopped_at) {
                        used = piece.first_job + *outcome.stopped_at;
                        origin = exact ? outcome.end : in_file(origin, outcome.end);
                        origin_known = false;
                    } else {
                        used = piece.first_job + piece_plans_[piece.plan].starts.size();
                        origin = PieceOrigin{};
                        origin_known = true;
                    }
                    read_again = false;
                    printed = 0;
                    break;
                }
                default: break;
            }
            if (printer_.write_failed())
                stop = true;
        }
        progress_.reset();  // it reads the pool's counts
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
