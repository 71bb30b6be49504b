// Aggregations over a document's records without holding the document: `[E] | g` and
// `.Records | map(f) | g` gather E's (f's) outputs as each record is read, then run g on
// their array once the document ends; `reduce E as $x (INIT; UPDATE) | g` carries its state
// from record to record (see Streaming::Collected in run.hpp).
//
// jq reads the whole document before it evaluates anything, so nothing may show before the
// document is known to be sound: the file's first quick reading (document_check.hpp) makes
// sure of that, as for `ctq .`, and nothing reaches the output before the document's end.
#include <fmt/format.h>

#include <utility>
#include <variant>

#include "ctq/eval/memory_budget.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/lang/record_filters.hpp"
#include "run.hpp"

namespace ctq::cli {

namespace {

// `.Records`, as `.Records` or `. | .Records` would be written at the top.
bool is_records_field(const Node& node) {
    const auto* field = std::get_if<Node::Field>(&node.kind);
    return field && !field->optional && field->name == "Records" &&
           (!field->target || std::holds_alternative<Node::Identity>(field->target->kind));
}

// Whether E's outputs on a document are the outputs of E on {"Records":[r]}, one record r
// after the other: `.Records[]`, then accesses that each output goes through on its own
// (`.x`, `.x?`, `[0]`, `[]`), then `| f`. A `(…)?` around them is not: it stops at the
// first record that fails.
bool runs_record_by_record(const Node& node) {
    if (const auto* iterate = std::get_if<Node::Iterate>(&node.kind)) {
        if (!iterate->target)
            return false;
        return (!iterate->optional && is_records_field(*iterate->target)) ||
               runs_record_by_record(*iterate->target);
    }
    if (const auto* pipe = std::get_if<Node::Pipe>(&node.kind))
        return runs_record_by_record(*pipe->lhs);
    if (const auto* field = std::get_if<Node::Field>(&node.kind))
        return field->target && runs_record_by_record(*field->target);
    // An index is evaluated against the document, not the element: only a literal one.
    if (const auto* index = std::get_if<Node::Index>(&node.kind))
        return index->target && std::holds_alternative<Node::Literal>(index->index->kind) &&
               runs_record_by_record(*index->target);
    return false;
}

// `a | b | c`, however parenthesised, as its stages in order.
void flatten_pipe(const Node& node, std::vector<const Node*>& stages) {
    if (const auto* pipe = std::get_if<Node::Pipe>(&node.kind)) {
        flatten_pipe(*pipe->lhs, stages);
        flatten_pipe(*pipe->rhs, stages);
        return;
    }
    stages.push_back(&node);
}

// jq's own `map(f)`, not a definition of the user's that hides it.
const Node::Call* prelude_map(const Node& node) {
    const auto* call = std::get_if<Node::Call>(&node.kind);
    if (!call || call->name != "map" || call->args.size() != 1 ||
        call->target.kind != CallTarget::Kind::Global || !call->target.def ||
        !call->target.def->body || call->target.def->body->in_filter)
        return nullptr;
    return call;
}

// A value that needs no input, built the same before the document as after it: `0`, `{}`,
// `[]`, `{"n": 0, "ips": {}}`.
bool is_constant(const Node& node) {
    if (std::holds_alternative<Node::Literal>(node.kind))
        return true;
    if (const auto* array = std::get_if<Node::ArrayCons>(&node.kind))
        return !array->body || std::holds_alternative<Node::Literal>(array->body->kind);
    if (const auto* object = std::get_if<Node::ObjectCons>(&node.kind)) {
        for (const auto& entry : object->entries) {
            const auto* key = std::get_if<Node::Literal>(&entry.key->kind);
            if (!key || !key->value.is_string() || !entry.value || !is_constant(*entry.value))
                return false;
        }
        return true;
    }
    return false;
}

}  // namespace

std::optional<Run::Collect> Run::collect_plan(const Program& program) const {
    // As for streaming records; and --since/--until choose records, not documents.
    if (options_.records || options_.slurp || options_.null_input || options_.raw_input ||
        !options_.since.empty() || !options_.until.empty() ||
        reads_beyond_records(program.source().text))
        return std::nullopt;
    std::vector<const Node*> stages;
    flatten_pipe(program.main(), stages);
    Collect plan;
    std::size_t rest = 1;
    if (const auto* cons = std::get_if<Node::ArrayCons>(&stages[0]->kind)) {
        if (!cons->body || !runs_record_by_record(*cons->body))
            return std::nullopt;
        plan.each = cons->body.get();
        plan.on_wrapper = true;
    } else if (const auto* reduce = std::get_if<Node::Reduce>(&stages[0]->kind)) {
        if (!runs_record_by_record(*reduce->source) || !is_constant(*reduce->init))
            return std::nullopt;
        plan.each = reduce->source.get();
        plan.on_wrapper = true;
        plan.reduce = reduce;
    } else if (stages.size() >= 2 && is_records_field(*stages[0])) {
        const Node::Call* map = prelude_map(*stages[1]);
        if (!map)
            return std::nullopt;
        plan.each = map->args[0].get();
        rest = 2;
    } else {
        return std::nullopt;
    }
    plan.then.assign(stages.begin() + static_cast<std::ptrdiff_t>(rest), stages.end());
    return plan;
}

void Run::run_collected(Interpreter& interpreter, InputStream& inputs, const Value& value) {
    // The stream went back to the file's start (damage where a piece was read, say).
    if (in_document_ && inputs.readings() != readings_)
        abandon_gathering();
    if (inputs.last_was_record()) {
        const bool first = !std::exchange(in_document_, true);
        if (first) {
            readings_ = inputs.readings();
            if (inputs.check_pending())
                remember_before_check();
        }
        if (!deferred_error_.empty())
            return;  // `[E]` stops at E's first error
        const Value input = collect_->on_wrapper ? record_document(value) : value;
        if (collect_->reduce) {
            guarded(interpreter, &deferred_error_, [&] {
                if (first)
                    reduced_ = initial_state(interpreter);
                interpreter.reduce_part(*collect_->reduce, input, reduced_);
            });
            return;
        }
        guarded(interpreter, &deferred_error_, [&] {
            interpreter.run_part(*collect_->each, input, [&](const Value& output) {
                check_array_length(collected_.size() + 1);
                collected_check_.step();
                collected_.push_back(output);
                return true;
            });
        });
        return;
    }
    // Nothing may show before the file is known to be sound; if it is not, it is being read
    // again, whole, from its start.
    if (inputs.check_pending() && !join_gathered(interpreter, inputs)) {
        abandon_gathering();
        return;
    }
    const bool gathered_records = std::exchange(in_document_, false);
    if (!deferred_error_.empty()) {
        collected_.clear();
        reduced_ = Value();
        report(fmt::format("ctq: error (at {}){}", error_position(), deferred_error_));
        deferred_error_.clear();
        return;
    }
    // A document whose records were not taken out of it (none, not an array, not a regular
    // file) runs whole, as usual.
    if (!gathered_records) {
        collected_.clear();
        reduced_ = Value();
        run_one(interpreter, value);
        return;
    }
    Value gathered = collect_->reduce ? std::move(reduced_) : Value::array(collected_.take_from(0));
    reduced_ = Value();
    guarded(interpreter, nullptr, [&] { run_stages(interpreter, gathered, 0); });
}

void Run::abandon_gathering() {
    if (!in_document_)
        return;
    in_document_ = false;
    collected_.clear();
    reduced_ = Value();
    deferred_error_.clear();
    restore_before_check();
}

// INIT, evaluated as jq would before the first record: it needs no input.
Value Run::initial_state(Interpreter& interpreter) {
    Value state;
    interpreter.run_part(*collect_->reduce->init, Value(), [&](const Value& v) {
        state = v;
        return true;
    });
    return state;
}

// The stages after the gathering, each output of one going through the next, then out.
bool Run::run_stages(Interpreter& interpreter, const Value& input, std::size_t stage) {
    if (stage == collect_->then.size())
        return emit(input);
    return interpreter.run_part(*collect_->then[stage], input, [&](const Value& output) {
        return run_stages(interpreter, output, stage + 1);
    });
}

}  // namespace ctq::cli
