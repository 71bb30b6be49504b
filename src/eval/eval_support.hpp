// Evaluator pieces shared by the core dispatch and path mode (private to src/eval/).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"

namespace ctq {

/// A JqError raised downstream of a `try`, travelling through the try's body
/// without being caught by it.
struct DownstreamError {
    const void* owner;
    JqError error;
};

/// Runs an access (`.a`, `.[k]`, `.[a:b]`) for `.a?`-style optional accesses:
/// when `optional` and the access fails, nothing is emitted. `emit` runs
/// outside the try, so errors raised downstream are never swallowed.
template <class Get, class Emit>
bool optional_access(bool optional, Get&& get, Emit&& emit) {
    Value result;
    try {
        result = get();
    } catch (const JqError&) {
        if (optional)
            return true;
        throw;
    }
    return emit(result);
}

/// `label $name | body`, in value mode and path mode alike: runs `body(frame)` with a frame
/// naming this activation of the label, so that a `break $name` inside ends the body (and
/// only this activation, should the label recurse). The body's outputs before it stand.
template <class Body>
bool eval_label(const EnvPtr& env, Body&& body) {
    const char token = 0;  // its address names this activation of the label
    auto frame = std::make_shared<const Frame>(
        Frame{Frame::Kind::Label, env, Value{}, nullptr, nullptr, nullptr, &token});
    try {
        return body(frame);
    } catch (const BreakSignal& signal) {
        if (signal.label_id != &token)
            throw;
        return true;
    }
}

/// For updates that take a handed-over input (Interpreter::eval_handing_over): runs
/// `produce(sink)` and calls `each(value, last)` for every value it pushed, `last` marking the
/// one after which it pushed no more. The values are gathered first to know which is last.
/// Should `produce` fail part way, the values before the failure still go to `each` (never
/// as last) before the error goes on, so outputs come before an error as unbuffered; should
/// `each` return false, it stops there, as the producer would have been stopped.
template <class Produce, class Each>
bool gather_then(Produce&& produce, Each&& each) {
    std::vector<Value> values;
    try {
        produce([&](const Value& v) {
            values.push_back(v);
            return true;
        });
    } catch (...) {
        for (Value& v : values) {
            if (!each(v, false))
                return false;
        }
        throw;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!each(values[i], i + 1 == values.size()))
            return false;
    }
    return true;
}

/// The native stack size the host gave the evaluation thread (0: use the rlimit).
std::size_t configured_stack_size();

/// `.[]`: pushes each element or value; "Cannot iterate over number (1)" otherwise.
bool iterate(const Value& v, Sink out);

/// `..`: the value, then every value inside it, depth first.
bool recurse_values(const Value& v, Sink out);

/// What `catch` receives for an error.
Value error_value(const JqError& error);

/// Runs `body` so that errors it raises go to `handler`, while errors raised
/// downstream (inside `out`) pass through untouched, as in jq.
bool eval_try(FunctionRef<bool(Sink guarded)> body, FunctionRef<bool(const JqError&)> handler,
              Sink out);

bool build_object(Interpreter& interp, const Node::ObjectCons& n, const Value& input,
                  const EnvPtr& env, Sink out);
/// reduce's steps over the outputs of n.source on `input`, from the state `acc`.
void reduce_steps(Interpreter& interp, const Node::Reduce& n, const Value& input, const EnvPtr& env,
                  Value& acc);
bool eval_reduce(Interpreter& interp, const Node::Reduce& n, const Value& input, const EnvPtr& env,
                 Sink out);
bool eval_foreach(Interpreter& interp, const Node::Foreach& n, const Value& input,
                  const EnvPtr& env, Sink out);
bool eval_bind(Interpreter& interp, const Node::Bind& n, const Value& input, const EnvPtr& env,
               Sink out);
/// `owned`, when given, is `input` itself handed over by the caller (see
/// Interpreter::eval_handing_over): the result may then reuse it.
bool eval_assign(Interpreter& interp, const Node::Assign& n, const Value& input, const EnvPtr& env,
                 Sink out, Value* owned = nullptr);

/// Destructures `value` with `pattern`, calling `k` with the environment that
/// binds the pattern's variables (more than once if key expressions generate).
/// `names` lists every variable of the binding (all `?//` alternatives); those
/// the pattern doesn't mention are bound to null.
bool bind_pattern(Interpreter& interp, const Pattern& pattern, const Value& value,
                  const EnvPtr& env, const std::vector<std::string>& names,
                  FunctionRef<bool(const EnvPtr&)> k);

}  // namespace ctq
