// Running a document before the whole of it is read: which filters may, and how each part
// of a streamed document reaches the filter or the output (see Streaming in run.hpp).
#include <fmt/format.h>

#include <utility>
#include <variant>

#include "ctq/lang/record_filters.hpp"
#include "ctq/output/json_writer.hpp"
#include "run.hpp"

namespace ctq::cli {

namespace {

// A call of jq's own `name` (not a definition of the user's that hides it).
const Node::Call* builtin_call(const Node& node, const char* name, std::size_t arity) {
    const auto* call = std::get_if<Node::Call>(&node.kind);
    if (!call || call->name != name || call->args.size() != arity ||
        call->target.kind != CallTarget::Kind::Native)
        return nullptr;
    return call;
}

}  // namespace

// Past this much held text, printing waits for the file's first reading instead. That reading
// is several times faster than printing, so on most files it ends long before this much is
// printed. CTQ_HELD_TEXT=BYTES sets less, for the tests.
std::size_t held_text_limit() {
    static const std::size_t limit = byte_setting("CTQ_HELD_TEXT", std::size_t{40} << 20);
    return limit;
}

Streaming Run::streaming_for(const Program& program) const {
    if (can_stream_records(program))
        return record_limit(program) ? Streaming::Limited : Streaming::Records;
    if (collect_plan(program))
        return Streaming::Collected;
    return can_print_in_pieces(program) ? Streaming::Documents : Streaming::Off;
}

bool Run::can_stream_records(const Program& program) const {
    if (options_.records || options_.slurp || options_.null_input || options_.raw_input) {
        return false;
    }
    if (reads_beyond_records(program.source().text))
        return false;
    return iterates_records(program.main()) || record_limit(program).has_value();
}

std::optional<Run::RecordLimit> Run::record_limit(const Program& program) {
    const Node* top = &program.main();
    const Node* then = nullptr;
    if (const auto* pipe = std::get_if<Node::Pipe>(&top->kind)) {
        top = pipe->lhs.get();
        then = pipe->rhs.get();
    }
    RecordLimit limit;
    limit.then = then;
    if (const Node::Call* first = builtin_call(*top, "first", 1)) {
        limit.each = first->args[0].get();
        limit.count = 1;
    } else if (const Node::Call* call = builtin_call(*top, "limit", 2)) {
        // A literal count only: any other is evaluated on the whole document, errors included.
        const auto* count = std::get_if<Node::Literal>(&call->args[0]->kind);
        if (!count || !count->value.is_number() || !(count->value.as_number() >= 0))
            return std::nullopt;
        limit.each = call->args[1].get();
        limit.count = count->value.as_number();
    } else {
        return std::nullopt;
    }
    if (!iterates_records(*limit.each))
        return std::nullopt;
    return limit;
}

bool Run::can_print_in_pieces(const Program& program) const {
    // -S orders the keys around "Records"; -q, --expect and --hunt take the output elsewhere
    // than the printer; the others change what the inputs are.
    if (options_.records || options_.slurp || options_.null_input || options_.raw_input ||
        options_.sort_keys || options_.table || options_.quiet || !options_.expect.empty() ||
        !options_.hunt.empty() || !options_.since.empty() || !options_.until.empty())
        return false;
    return std::holds_alternative<Node::Identity>(program.main().kind);
}

// One value under streaming: a record runs as the document {"Records":[record]} would,
// which gives exactly the record's share of `.Records[] | f`. An error stops the rest
// of that document, as in whole-document evaluation, and is reported where it would be.
void Run::run_streamed(Interpreter& interpreter, InputStream& inputs, const Value& value) {
    if (inputs.last_was_record()) {
        if (!std::exchange(in_document_, true) && inputs.check_pending())
            hold_until_checked();
        if (!settle_check(inputs, false))
            return;  // the file is read again, whole: this record was never read
        if (!deferred_error_.empty() || limit_reached())
            return;
        const Value document = record_document(value);
        if (!limit_) {
            run_one(interpreter, document, &deferred_error_);
            return;
        }
        run_limited(interpreter, document);
        if (limit_reached())
            inputs.skip_rest_of_records();  // they are only read from now on
        return;
    }
    // The document itself, its "Records" emptied when they were streamed: for the shapes
    // streamed, it adds nothing then, and runs whole otherwise. Whether or not it had records,
    // nothing of it shows before the file's first reading is over: a file found unsound is
    // read again from its start.
    in_document_ = false;
    if (!holding_ && inputs.check_pending())
        hold_until_checked();
    if (!settle_check(inputs, true))
        return;
    limit_seen_ = 0;
    if (!deferred_error_.empty()) {
        report(fmt::format("ctq: error (at {}){}", error_position(), deferred_error_));
        deferred_error_.clear();
        return;
    }
    run_one(interpreter, value);
}

// While the file's first reading runs alongside (InputStream::Options::check_alongside),
// outputs are held back: jq shows nothing of a document that turns out damaged.
void Run::hold_until_checked() {
    holding_ = true;
    remember_before_check();
}

// What a document's records may change before its file is found sound: put back if it is not.
void Run::remember_before_check() {
    unchecked_ = true;
    hints_before_ = hints_;
    runtime_error_before_ = runtime_error_;
}

bool Run::restore_before_check() {
    if (!std::exchange(unchecked_, false))
        return false;
    hints_ = hints_before_;
    runtime_error_ = runtime_error_before_;
    return true;
}

// Once the first reading is over (or, with `wait`, after waiting for it): what was held goes
// out, or, when the file was not sound, is dropped with everything its records did; the
// stream then reads the file again, whole. False in that case.
bool Run::settle_check(InputStream& inputs, bool wait) {
    if (!holding_ || (!wait && !inputs.check_ready()))
        return true;
    holding_ = false;
    std::vector<Value> held = std::move(held_);
    held_.clear();
    if (inputs.streamed_soundly()) {
        unchecked_ = false;
        for (const Value& output : held) {
            if (!emit(output))
                break;
        }
        return true;
    }
    drop_held();
    return false;
}

// Only while a document's outputs are held, or right after its first reading failed.
void Run::drop_held() {
    if (!restore_before_check())
        return;
    holding_ = false;
    in_document_ = false;
    held_.clear();
    limit_seen_ = 0;
    deferred_error_.clear();
}

// `first(E) | g`, `limit(N; E) | g`: E's outputs are counted over the document's records, and
// each goes on through g; once N are out, the document's other records are only read, as jq
// never evaluates them.
void Run::run_limited(Interpreter& interpreter, const Value& document) {
    guarded(interpreter, &deferred_error_, [&] {
        interpreter.run_part(*limit_->each, document, [&](const Value& output) {
            ++limit_seen_;
            // g runs inside E's evaluation, as in `first(E) | g` itself.
            const bool more = limit_->then
                                  ? interpreter.eval(*limit_->then, output, nullptr,
                                                     [this](const Value& v) { return emit(v); })
                                  : emit(output);
            return more && !limit_reached();
        });
    });
}

// The document is `.`'s one output, so its text can go out as the reader hands out its parts;
// the file's first reading (see document_check.hpp) has made sure none of it can fail. When
// that reading runs alongside, the text is held in memory until it ends, and dropped if the
// file turns out unsound (the stream then reads it again, whole).
void Run::print_in_pieces(Interpreter& interpreter, InputStream& inputs, const Value& value) {
    if (inputs.last_was_record()) {
        if (!document_open_ && inputs.check_pending())
            printer_.hold(held_text_limit() + (1u << 20));
        if (printer_.holding() &&
            !settle_printed(inputs, printer_.held_size() >= held_text_limit()))
            return;  // this record was never read
        const Value head = inputs.take_record_head();
        if (head.is_object()) {
            if (std::exchange(continues_document_, false))
                printer_.resume_document(head.as_object());
            else
                printer_.open_document(head.as_object());
            document_open_ = true;
        }
        if (inputs.last_was_echoed())
            printer_.print_record_text(inputs.echoed_text());
        else
            printer_.print_record(value);
        return;
    }
    // Nor does anything of a document without records: a file found unsound is read again
    // from its start.
    if (inputs.check_pending() && !settle_printed(inputs, true))
        return;  // nor was this rest of the document
    if (!document_open_) {
        run_one(interpreter, value);
        return;
    }
    document_open_ = false;
    printer_.close_document(value);
    any_output_ = true;
    last_output_ = value;
}

// Once the first reading is over (or, with `wait`, after waiting for it): the held text goes
// out, or is dropped when the file was not sound. False in that case.
bool Run::settle_printed(InputStream& inputs, bool wait) {
    if (!wait && !inputs.check_ready())
        return true;
    if (inputs.streamed_soundly()) {
        printer_.release();
        return true;
    }
    printer_.drop_held();
    document_open_ = false;
    return false;
}

}  // namespace ctq::cli
