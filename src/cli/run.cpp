// The sequential run: jq's main loop, its messages and its exit status.
#include "run.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <new>
#include <sstream>
#include <string_view>
#include <thread>

#include "ctq/error.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/lang/explain.hpp"
#include "ctq/lang/module_loader.hpp"
#include "ctq/lang/parser.hpp"
#include "ctq/lang/record_filters.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/output/report.hpp"
#include "diagnostics.hpp"
#include "version.hpp"

namespace ctq::cli {

// The whole text of a file (-f, --rawfile, --slurpfile), or a usage error naming it.
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UsageError(fmt::format("Could not open {}: {}", path, std::strerror(errno)));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

Value named_arg_value(const Options::NamedArg& arg) {
    using Kind = Options::NamedArg::Kind;
    switch (arg.kind) {
        case Kind::String: return Value::string(arg.text);
        case Kind::Json: try { return parse_json(arg.text);
            } catch (const JsonParseError&) {
                throw UsageError("Invalid JSON text passed to --argjson");
            }
        case Kind::RawFile: return Value::string(read_file(arg.text));
        case Kind::SlurpFile: {
            const std::string text = read_file(arg.text);
            StringSource source(text);
            JsonReader reader(source);
            Array values;
            Value v;
            try {
                while (reader.next(v)) values.push_back(v);
            } catch (const JsonParseError& error) {
                throw UsageError(fmt::format("Bad JSON in --slurpfile {} {}: {}", arg.name,
                                             arg.text, error.what()));
            }
            return Value::array(std::move(values));
        }
    }
    return Value::null();
}

}  // namespace

std::vector<Value> global_arguments(const Options& options, CompileOptions& compile_options) {
    std::vector<Value> globals;
    Object named;
    for (const auto& arg : options.named_args) {
        Value value = named_arg_value(arg);
        compile_options.global_variables.push_back(arg.name);
        globals.push_back(value);
        named.set(arg.name, value);
    }
    Array positional;
    for (const auto& arg : options.positional_args) {
        if (!arg.json) {
            positional.push_back(Value::string(arg.text));
            continue;
        }
        try {
            positional.push_back(parse_json(arg.text));
        } catch (const JsonParseError&) {
            throw UsageError("Invalid JSON text passed to --jsonargs");
        }
    }
    Object args;
    args.set("positional", Value::array(std::move(positional)));
    args.set("named", Value::object(std::move(named)));
    compile_options.global_variables.push_back("ARGS");
    globals.push_back(Value::object(std::move(args)));
    return globals;
}

int Run::execute() {
    if (options_.show_help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (options_.show_version) {
        std::puts(version_text().c_str());
        return 0;
    }
    if (options_.list_hunts) {
        for (const HuntInfo& hunt : builtin_hunts()) {
            fmt::print("{:<28} {}\n{:<28}   source: {}\n", hunt.name, hunt.description, "",
                       hunt.source);
        }
        return 0;
    }
    if (!options_.help_module.empty()) {
        const std::string_view text = builtin_module_source(options_.help_module);
        if (text.empty())
            throw UsageError(fmt::format("no built-in module named {}", options_.help_module));
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    if (!options_.filter_given) {
        std::fputs(usage_text().c_str(), stderr);
        return static_cast<int>(ExitCode::Usage);
    }
    memory::set_limit(options_.memory_limit_bytes);
    std::unique_ptr<Program> program;
    std::vector<Value> globals;
    CompileOptions compile_options;
    compile_options.library_paths = options_.library_paths;
    std::string filter = options_.filter;
    std::string source_name = "<top-level>";
    if (!options_.hunt.empty()) {
        // Hunts are filters from the cloudtrail module, run in one pass that reads every record.
        const std::vector<HuntInfo> chosen = select_hunts(options_.hunt);
        filter = hunts_filter(chosen, options_.hunt_ip);
        hunts_ = std::make_unique<HuntResults>(chosen);
    }
    if (!options_.filter_file.empty()) {
        filter = read_file(options_.filter_file);
        source_name = options_.filter_file;
        const std::size_t slash = source_name.rfind('/');
        compile_options.program_origin =
            slash == std::string::npos ? "." : source_name.substr(0, slash);
    }
    globals = global_arguments(options_, compile_options);

    try {
        program = Program::compile(filter, compile_options, source_name);
    } catch (const CompileError& error) {
        // Errors in the embedded prelude are ctq bugs, but still reported.
        const SourceFile file{source_name, filter};
        const SourceFile& where = error.source() ? *error.source() : file;
        std::fputs(render_compile_error(error, where).c_str(), stderr);
        if (!options_.no_hints && !error.source()) {
            for (const std::string& hint : compile_error_hints(error.what(), filter)) {
                fmt::print(stderr, "ctq: hint: {}\n", hint);
            }
        }
        std::fputs("ctq: 1 compile error\n", stderr);
        return static_cast<int>(ExitCode::Compile);
    }
    if (options_.explain) {
        // The parse tree, definitions included, rather than the resolved main expression.
        const SourceFile file{source_name, filter};
        std::fputs(explain(*parse(file).body).c_str(), stdout);
        return 0;
    }
    if (options_.table)
        table_ = std::make_unique<TableWriter>(std::cout, table_options());
    if (wants_overview(options_)) {
        overview_ = make_overview(options_, compile_options, globals, [this] {
            return inputs_ ? inputs_->current_filename() : Value::null();
        });
        if (!overview_)
            return static_cast<int>(ExitCode::Compile);
    }
    // Worker threads each copy the globals (--threads).
    for (Value& global : globals) global.share();
    return run_program(*program, std::move(globals));
}

PrinterOptions Run::make_printer_options(const Options& o, std::function<void(std::string&)> sink) {
    PrinterOptions p;
    p.sink = std::move(sink);
    p.writer.indent = (o.compact || o.indent == 0) ? 0 : o.indent;
    p.writer.tab = o.tab && !o.compact;
    p.writer.sort_keys = o.sort_keys;
    p.writer.ascii = o.ascii_output;
    const char* no_color = std::getenv("NO_COLOR");
    const bool tty = isatty(STDOUT_FILENO) != 0;
    p.writer.color = !o.monochrome && (o.color || (tty && !(no_color && *no_color)));
    // jq 1.7.1 reads JQ_COLORS (and warns about a bad one) whether or not colour is on; the
    // main run warns, not each file's run on a worker.
    if (const char* spec = std::getenv("JQ_COLORS")) {
        if (!p.writer.palette.apply_jq_colors(spec) && !p.sink)
            std::fputs("Failed to set $JQ_COLORS\n", stderr);
    }
    p.raw = o.raw_output || o.join_output || o.raw_output0;
    p.separator = o.raw_output0 ? std::string(1, '\0') : (o.join_output ? "" : "\n");
    p.seq = o.seq;
    return p;
}

// A progress line shares the terminal with nothing else: not with the output, not in a pipe
// or a log file.
bool Run::wants_progress() const {
    return !options_.no_progress && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
}

void Run::report(const std::string& message) {
    printer_.flush();
    if (messages_) {
        messages_(message);
        return;
    }
    if (progress_)
        progress_->clear();
    std::fputs(message.c_str(), stderr);
    std::fflush(stderr);
}

// How the inputs are read for `program` under `streaming` (the time window and projection
// are added by run_program).
InputStream::Options Run::input_options_for(const Program& program, Streaming streaming) {
    InputStream::Options input_options;
    input_options.raw = options_.raw_input;
    input_options.include_digests = options_.include_digests;
    input_options.records = options_.records;
    input_options.stream_records = streaming == Streaming::Records;
    // What is printed, stops early or is gathered for later must not be undone by a repeated
    // key or damage later.
    input_options.stream_checked_records = streaming == Streaming::Documents ||
                                           streaming == Streaming::Limited ||
                                           streaming == Streaming::Collected;
    // Gathering shows nothing before a document ends, `first`/`limit` can hold their few
    // outputs back and `.` some of its text, so the first reading may run beside them, unless
    // the filter writes to stderr on the way.
    input_options.check_alongside =
        (streaming == Streaming::Collected || streaming == Streaming::Limited ||
         streaming == Streaming::Documents) &&
        !reports_on_the_way(program.source().text);
    input_options.threads =
        options_.threads > 0 ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    // A document read whole is read in pieces on the threads (CTQ_PIECE_SIZE: smaller ones).
    input_options.document_pieces = streaming == Streaming::Off;
    input_options.document_piece_size = piece_size_setting();
    // `.` printed from pieces of a file: the run's main thread reads the file first.
    input_options.checked_by_caller = streaming == Streaming::Documents;
    // `.`: plain records are printed straight from their text.
    record_style_ = printer_.record_style();
    if (streaming == Streaming::Documents)
        input_options.echo_records = &record_style_;
    return input_options;
}

int Run::run_program(const Program& program, std::vector<Value> globals) {
    // CTQ_STREAMING=0 reads every document whole, for comparing the two in tests.
    const char* streaming_setting = std::getenv("CTQ_STREAMING");
    const bool may_stream = !streaming_setting || std::string_view(streaming_setting) != "0";
    const Streaming streaming = may_stream ? streaming_for(program) : Streaming::Off;
    InputStream::Options input_options = input_options_for(program, streaming);
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    for (const auto& [text, slot] : {std::pair{&options_.since, &input_options.window.since},
                                     std::pair{&options_.until, &input_options.window.until}}) {
        if (text->empty())
            continue;
        *slot = parse_window_time(*text, now);
        if (!*slot) {
            fmt::print(stderr, "ctq: error: not a time (use 2024-11-28T13:00:00Z or 36h, 7d): {}\n",
                       *text);
            return static_cast<int>(ExitCode::Usage);
        }
    }
    // Projection: each input is built only as far as the filter can see it.
    const Demand demand = projection(program);
    if (!demand.is_whole()) {
        input_options.demand = &demand;
        if (!options_.no_hints)
            input_options.keep_all_keys = &hints_.wants_keys();
    }
    if (streaming == Streaming::Collected) {
        collect_ = collect_plan(program);
        input_options.gather_pieces =
            gather_on_threads(program, globals, input_options.keep_all_keys != nullptr);
        input_options.gather_stack_size = evaluation_stack_size();
    }
    if (!options_.ranges.empty())
        return print_ranges(program, input_options, streaming);
    if (!options_.range.empty()) {
        if (const int status = start_range(program, streaming, input_options))
            return status;
    }
    if (input_options.threads > 1 && can_run_on_workers(program)) {
        std::vector<FilePrefetcher::Job> jobs =
            InputStream::list_files(options_.files, input_options);
        std::vector<PieceJob> pieces = cut_into_pieces(jobs, input_options.threads, streaming);
        if (jobs.size() > 1)
            return run_on_workers(program, globals, std::move(jobs), std::move(pieces),
                                  input_options, streaming);
    }
    InputStream inputs(options_.files, input_options, [this](const std::string& message) {
        report(fmt::format("ctq: error: {}\n", message));
        open_errors_ = true;
    });
    inputs_ = &inputs;
    program_ = &program;

    progress_ = std::make_unique<ProgressLine>(wants_progress(), [&] { return inputs.progress(); });

    bool slurped_given = false;
    Host host;
    host.next_input = [&]() -> std::optional<Value> {
        if (options_.slurp) {
            if (slurped_given)
                return std::nullopt;
            slurped_given = true;
            return slurp(inputs);
        }
        try {
            std::optional<Value> value = inputs.next();
            if (value)
                progress_->tick();
            return value;
        } catch (const InputError& error) {
            throw JqError(std::string(error.what()));
        }
    };
    host.input_filename = [&] { return inputs.current_filename(); };
    host.input_line_number = [&] { return inputs.current_line(); };
    host.write_stderr = [this](const std::string& text) { report(text); };
    Interpreter interpreter(program, std::move(globals), std::move(host));
    if (!options_.no_hints)
        interpreter.collect_hints(&hints_);

    try {
        if (options_.null_input) {
            run_one(interpreter, Value::null());
        } else {
            // host().next_input() rather than inputs.next(): it also slurps and ticks progress.
            if (!run_inputs(interpreter, inputs, streaming,
                            [&] { return interpreter.host().next_input(); }))
                input_error_ = true;
        }
    } catch (const HaltSignal& halt) {
        printer_.flush();
        progress_.reset();
        print_halt(halt);
        if (!write_range_report(inputs))
            return static_cast<int>(ExitCode::Usage);
        return halt.exit_code;
    }
    const int status = finish(program);
    return write_range_report(inputs) ? status : static_cast<int>(ExitCode::Usage);
}

// The end of a run: the table, the last output, hints, and the exit status.
int Run::finish(const Program& program) {
    int status = 0;
    if (overview_)
        overview_->finish(printer_);
    if (table_) {
        table_->finish();
        std::cout.flush();
    }
    printer_.flush();
    progress_.reset();
    // A closed pipe ends the run quietly with the status a shell shows for
    // jq killed by SIGPIPE (128 + 13); other write errors are reported.
    if (printer_.broken_pipe())
        return 128 + SIGPIPE;
    if (printer_.write_failed() || !std::cout) {
        std::fputs("ctq: error: writing output failed\n", stderr);
        return static_cast<int>(ExitCode::Usage);
    }
    print_hints(program);
    if (open_errors_)
        status = static_cast<int>(ExitCode::Usage);
    else if (runtime_error_ || input_error_)
        status = static_cast<int>(ExitCode::Runtime);
    else if (options_.exit_status) {
        if (!any_output_)
            status = static_cast<int>(ExitCode::NoOutput);
        else if (!last_output_.truthy())
            status = static_cast<int>(ExitCode::FalsyOutput);
    }
    if (status == 0 && !options_.expect.empty()) {
        status = hunts_ ? hunts_status() : expectation_status();
        if (!write_reports())
            status = static_cast<int>(ExitCode::Usage);
    }
    return status;
}

// Inputs are numbered within their file, so an offender can be found again.
void Run::note_input() {
    if (options_.expect.empty() || !inputs_)
        return;
    std::string file = inputs_->current_name();
    // A file read again from its start numbers its inputs again.
    if (file != input_file_ || inputs_->readings() != input_readings_) {
        input_file_ = std::move(file);
        input_readings_ = inputs_->readings();
        input_index_ = 0;
    } else {
        ++input_index_;
    }
}

void Run::note_output(const Value& output) {
    if (options_.expect.empty())
        return;
    ++output_count_;
    if (offenders_.size() < max_offenders)
        offenders_.push_back({input_file_, input_index_, to_json(output)});
}

// Errors were dealt with before: an assertion passes or fails only on a clean run.
int Run::expectation_status() const {
    const Expectation expectation = *parse_expectation(options_.expect);
    if (expectation.holds(output_count_))
        return 0;
    std::fputs(failure_line(expectation, output_count_, offenders_).c_str(), stderr);
    return 1;
}

// --report: every assertion of the run, as each CI format has it.
bool Run::write_reports() const {
    if (options_.reports.empty())
        return true;
    Report report;
    const std::string version = version_text();
    report.tool_version = version.substr(0, version.find(' '));
    const Expectation expectation = *parse_expectation(options_.expect);
    auto events = [](const std::vector<Offender>& offenders) {
        std::vector<ReportEvent> out;
        for (const Offender& o : offenders) out.push_back({o.file, o.index, o.json});
        return out;
    };
    if (hunts_) {
        for (const HuntTally& t : hunts_->tallies())
            report.cases.push_back({t.hunt.name, t.hunt.description, t.hunt.source,
                                    expectation.text, t.count, expectation.holds(t.count),
                                    events(t.findings)});
    } else {
        report.cases.push_back({"expect " + expectation.text,
                                "the filter's outputs: " + options_.filter, "", expectation.text,
                                output_count_, expectation.holds(output_count_),
                                events(offenders_)});
    }
    for (const std::string& spec : options_.reports) {
        const std::size_t eq = spec.find('=');
        const std::string path = spec.substr(eq + 1);
        try {
            write_report_file(
                path, spec.substr(0, eq) == "junit" ? junit_report(report) : sarif_report(report));
        } catch (const std::runtime_error& error) {
            fmt::print(stderr, "ctq: error: {}\n", error.what());
            return false;
        }
    }
    return true;
}

// --hunt with --expect: one line per hunt whose count breaks the expectation.
int Run::hunts_status() const {
    const std::string lines = hunts_->failure_lines(*parse_expectation(options_.expect));
    std::fputs(lines.c_str(), stderr);
    return lines.empty() ? 0 : 1;
}

void Run::print_halt(const HaltSignal& halt) {
    if (!halt.message)
        return;
    if (halt.message->is_string()) {
        const std::string_view text = halt.message->as_string();
        std::fwrite(text.data(), 1, text.size(), stderr);
    } else {
        fmt::print(stderr, "{}\n", to_json(*halt.message));
    }
}

Value Run::slurp(InputStream& inputs) {
    if (options_.raw_input)
        return Value::string(inputs.read_all_text());
    Array values;
    while (auto v = inputs.next()) {
        values.push_back(std::move(*v));
        progress_->tick();
    }
    return Value::array(std::move(values));
}

// What the filter can see of each input value, so that the reader builds no more (see
// demand.hpp). Whole where inputs are not the filter's own: --records unwraps shapes and
// --since/--until reads eventTime before the filter runs; -s makes one array of them all.
// CTQ_PROJECTION=0 turns it off, for comparing the two in tests.
Demand Run::projection(const Program& program) {
    const char* setting = std::getenv("CTQ_PROJECTION");
    if ((setting && std::string_view(setting) == "0") || options_.raw_input || options_.records ||
        options_.null_input || !options_.since.empty() || !options_.until.empty())
        return Demand::whole();
    std::unordered_set<const Node::Field*> fields;
    const Demand demand = input_demand(program, &fields);
    hints_.expect_fields(fields);
    return options_.slurp ? demand.element() : demand;
}

bool Run::run_inputs(Interpreter& interpreter, InputStream& inputs, Streaming streaming,
                     FunctionRef<std::optional<Value>()> next, std::uint64_t* count) {
    if (streaming == Streaming::Limited)
        limit_ = record_limit(interpreter.program());
    if (streaming == Streaming::Collected && !collect_)
        collect_ = collect_plan(interpreter.program());
    while (true) {
        std::optional<Value> input;
        std::string invalid;
        try {
            input = next();
        } catch (const InputError& error) {
            invalid = error.what();
        } catch (const JqError& error) {  // an InputError, as `input` hands it to the filter
            invalid = error.message();
        }
        if (!invalid.empty()) {
            // jq parses the document before it runs anything.
            if (streaming == Streaming::Collected)
                abandon_gathering();
            if (streaming == Streaming::Limited)
                drop_held();
            report(fmt::format("ctq: error (at {}:{}): {}\n", inputs.current_name(),
                               inputs.current_line(), invalid));
            return false;
        }
        if (!input)
            return true;
        if (count)
            ++*count;
        note_input();
        switch (streaming) {
            case Streaming::Records:
            case Streaming::Limited: run_streamed(interpreter, inputs, *input); break;
            case Streaming::Documents: print_in_pieces(interpreter, inputs, *input); break;
            case Streaming::Collected: run_collected(interpreter, inputs, *input); break;
            case Streaming::Off: run_one(interpreter, *input); break;
        }
        // Nobody is reading any more (or the disk is full): stop early.
        if (printer_.write_failed())
            return true;
    }
}

void Run::run_one(Interpreter& interpreter, const Value& input, std::string* deferred) {
    guarded(interpreter, deferred,
            [&] { interpreter.run(input, [this](const Value& output) { return emit(output); }); });
}

bool Run::emit(const Value& raw_output) {
    if (holding_) {
        held_.push_back(raw_output);
        return true;
    }
    if (overview_) {
        if (const std::optional<std::string> error = overview_->add(raw_output)) {
            runtime_error_ = true;
            report(fmt::format("ctq: error (at {}): {}\n", error_position(), *error));
        }
        return true;
    }
    // A hunt's output is tallied under its hunt; the finding is what is shown.
    const Value output = hunts_ ? hunts_->add(raw_output) : raw_output;
    if (!hunts_)
        note_output(output);
    if (options_.quiet) {
    } else if (table_) {
        table_->add(output);
    } else {
        printer_.print(output);
    }
    any_output_ = true;
    last_output_ = output;
    return !printer_.write_failed();
}

void Run::guarded(Interpreter& interpreter, std::string* deferred, FunctionRef<void()> body) {
    // The text after "ctq: error (at <position>)", reported at once, or deferred until the
    // document's position is known.
    auto fail = [&](const std::string& tail) {
        runtime_error_ = true;
        if (deferred)
            *deferred = tail;
        else
            report(fmt::format("ctq: error (at {}){}", error_position(), tail));
    };
    try {
        body();
    } catch (const std::bad_alloc&) {
        // The allocator itself refused (ulimit -v, or a request no machine could grant). What
        // was built is freed by now, so the next input can still run.
        fail(": Out of memory\n");
    } catch (const JqError& error) {
        const Value& payload = error.payload();
        const bool text = payload.is_string();
        fail(fmt::format("{}: {}\n{}", text ? "" : " (not a string)",
                         text ? std::string(payload.as_string()) : to_json(payload),
                         error_context(interpreter)));
    } catch (const BreakSignal&) {
        fail(": break\n");
    }
}

// Where jq says an error happened: the input's file and line when the error is raised, so
// after any `input` the filter read, or <unknown> before the first input.
std::string Run::error_position() const {
    // jq keeps the position when it slurps, having read everything in one go.
    if (!inputs_ || inputs_->current_number() == 0 ||
        (!options_.slurp && !inputs_->position_known()))
        return "<unknown>";
    return fmt::format("{}:{}", inputs_->current_name(), inputs_->current_line());
}

// After jq's one-line message: which input, and which part of the filter, failed.
std::string Run::error_context(const Interpreter& interpreter) const {
    std::string input;
    if (inputs_ && !options_.slurp && inputs_->current_number() > 0) {
        const bool record = options_.records || inputs_->last_was_record();
        input = fmt::format("{} {} of {}", record ? "record" : "input", inputs_->current_number(),
                            inputs_->current_name());
    }
    const Node* site = interpreter.error_site();
    if (!site || !program_)
        return input.empty() ? "" : fmt::format("ctq: note: the error came from {}\n", input);
    const SourceFile& source = program_->source();
    const LineCol at = source.line_col(site->span.begin);
    return fmt::format("ctq: note: the error came from {}{}line {}, column {} of the filter:\n{}",
                       input, input.empty() ? "" : ", at ", at.line, at.column,
                       render_excerpt(source, site->span));
}

// Hints go to stderr after everything else; they never change stdout or the exit code.
void Run::print_hints(const Program& program) {
    if (options_.no_hints)
        return;
    std::vector<std::string> all = filter_hints(program.main());
    for (const std::string& hint : hints_.hints()) all.push_back(hint);
    for (const std::string& hint : all) fmt::print(stderr, "ctq: hint: {}\n", hint);
}

// On a terminal, cells are cut so that a row of several columns fits the
// screen (--no-trunc keeps them whole); in a pipe nothing is cut.
TableOptions Run::table_options() const {
    TableOptions table;
    table.batch_rows = 100;
    winsize size{};
    if (!options_.no_trunc && isatty(STDOUT_FILENO) &&
        ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        table.max_cell_width = std::max<std::size_t>(12, size.ws_col / 3);
    }
    return table;
}

}  // namespace ctq::cli
