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
        options_.files.empty()) {
        return false;
    }
    const std::string& text = program.source().text;
    for (const char* word : {"input", "import", "include"}) {
        if (text.find(word) != std::string::npos)
            return false;
    }
    return true;
}

int Run::run_on_workers(const Program& program, const std::vector<Value>& globals,
                        std::vector<FilePrefetcher::Job> jobs, InputStream::Options input_options,
                        Streaming streaming) {
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
        outcomes[index] = file_run.run_file(program, globals, path, input_options, streaming);
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
        PrefetchedItem item;
        bool stop = false;
        while (!stop && pool.next(item)) {
            switch (item.kind) {
                case PrefetchedItem::Kind::Output: printer_.write_text(item.message); break;
                case PrefetchedItem::Kind::Message: report(item.message); break;
                case PrefetchedItem::Kind::OpenError:  // a directory that cannot be listed
                    report(fmt::format("ctq: error: {}\n", item.message));
                    open_errors_ = true;
                    break;
                case PrefetchedItem::Kind::EndOfFile: {
                    FileOutcome& outcome = outcomes[item.number];
                    open_errors_ |= outcome.open_error;
                    runtime_error_ |= outcome.runtime_error;
                    input_error_ |= outcome.input_error;
                    if (outcome.any_output) {
                        any_output_ = true;
                        last_output_ = outcome.last_output;
                    }
                    hints_.merge(outcome.hints);
                    output_count_ += outcome.outputs;
                    for (Offender& o : outcome.offenders)
                        if (offenders_.size() < max_offenders)
                            offenders_.push_back(std::move(o));
                    progress_->add(outcome.values);
                    if (outcome.halt) {
                        printer_.flush();
                        progress_.reset();
                        print_halt(*outcome.halt);
                        return outcome.halt->exit_code;
                    }
                    stop = outcome.input_error;
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

// One file on a worker: jq's main loop over the file's values.
FileOutcome Run::run_file(const Program& program, const std::vector<Value>& globals,
                          const std::string& path, const InputStream::Options& input_options,
                          Streaming streaming) {
    FileOutcome outcome;
    program_ = &program;
    // This worker's hints decide when its reader may drop the keys nobody asked for.
    outcome.hints = hints_;
    InputStream::Options options = input_options;
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
    outcome.runtime_error = runtime_error_;
    outcome.any_output = any_output_;
    outcome.outputs = output_count_;
    outcome.offenders = std::move(offenders_);
    // Moved: the worker must hold no reference once the main thread reads the outcome.
    outcome.last_output = std::move(last_output_);
    return outcome;
}

}  // namespace ctq::cli
