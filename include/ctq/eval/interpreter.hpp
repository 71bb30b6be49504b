// The tree-walking evaluator: every expression pushes zero or more outputs into a sink.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctq/builtins/builtins.hpp"
#include "ctq/eval/env.hpp"
#include "ctq/eval/hints.hpp"
#include "ctq/lang/ast.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// `break $label` on its way up to the matching `label`.
struct BreakSignal {
    const void* label_id;
};

/// The host gave up on the run (the explorer's filter changed under it). Unlike JqError,
/// `try`, `?` and `//` never catch it: it unwinds the whole run.
struct CancelledSignal {};

/// `halt` / `halt_error`: ends the program with an exit code.
struct HaltSignal {
    int exit_code;
    std::optional<Value> message;  // halt_error's payload, printed to stderr
};

/// What the interpreter asks of its host (the CLI, or a test): more inputs,
/// the current file name, and where debug/stderr output goes.
struct Host {
    std::function<std::optional<Value>()> next_input;
    std::function<Value()> input_filename;
    std::function<std::size_t()> input_line_number;
    std::function<void(const std::string&)> write_stderr;
};

/// Tells the evaluator how big the native stack of the thread running it is
/// (0: the process's stack limit), so deep recursion ends in a JqError.
void set_evaluation_stack_size(std::size_t bytes);
/// The size set by set_evaluation_stack_size (0: none), for more threads that evaluate.
std::size_t evaluation_stack_size();

class Interpreter {
public:
    /// `globals` are the values of CompileOptions::global_variables, in order;
    /// $ENV is added by the interpreter itself.
    Interpreter(const Program& program, std::vector<Value> globals, Host host);

    /// Runs the program on one input; returns false if a sink asked to stop.
    bool run(const Value& input, Sink out);
    /// Runs `part`, a node of the program's main expression that sits in its top-level scope
    /// (`E` in `first(E) | g`), on one input, as run() runs the whole.
    bool run_part(const Node& part, const Value& input, Sink out);

    /// Runs the steps of `reduce` (a node in the top-level scope) over the outputs of its
    /// source on `input`, from the state `acc`: a document's share of the reduction when its
    /// records come one at a time.
    void reduce_part(const Node::Reduce& reduce, const Value& input, Value& acc);

    /// Evaluates `node` against `input` in `env`, pushing each output into `out`.
    bool eval(const Node& node, const Value& input, const EnvPtr& env, Sink out);

    /// Every output of `node` on `input`, gathered, for the few places that must see them all
    /// before going on.
    std::vector<Value> outputs_of(const Node& node, const Value& input, const EnvPtr& env);

    /// Like eval(), for a caller that hands `input` over (the state of reduce and foreach):
    /// an update such as `.[$k] += 1`, `. + [$x]` or `if c then .a |= f else . end` may take
    /// it, leaving it null, and change it in place instead of copying it, as jq does.
    bool eval_handing_over(const Node& node, Value& input, const EnvPtr& env, Sink out);

    /// Path mode: evaluates a path expression, pushing (path, value) pairs.
    /// `path` is the path of `input` from the root the caller started at.
    bool eval_paths(const Node& node, const Value& input, const Value& path, const EnvPtr& env,
                    PathSink out);

    /// Evaluates each argument of a native call as values, in jq's cartesian
    /// order (the first argument varies fastest), calling `fn` per combination.
    bool for_each_arg_values(const Node::Call& call, const Value& input, const EnvPtr& env,
                             FunctionRef<bool(const Value* args)> fn);

    const Program& program() const { return program_; }
    /// Once `*flag` turns true the run ends soon, with CancelledSignal; null: never.
    void set_cancel_flag(const std::atomic<bool>* flag) { cancel_ = flag; }
    /// Throws CancelledSignal once the flag is set: for native loops that take many steps
    /// without evaluating a node (an assignment's paths).
    void check_cancelled() const;
    /// Turns on field-name hints: every `.name` on an object is reported to `hints`.
    void collect_hints(HintCollector* hints) { hints_ = hints; }
    Host& host() { return host_; }
    /// The part of the user's filter that last did something that can fail
    /// (an access, an operator, a call): after a JqError escapes run(), the
    /// place to point at. Null when the error came from elsewhere.
    const Node* error_site() const { return error_site_; }
    /// For natives that evaluate their own arguments (`error(msg)`): marks the
    /// call, rather than the argument's last step, as the site of what follows.
    void note_call(const Node::Call& call) {
        if (native_site_ && std::get_if<Node::Call>(&native_site_->kind) == &call)
            error_site_ = native_site_;
    }
    const Value& global(std::size_t index) const { return globals_[index]; }

private:
    struct Dispatch;
    struct PathDispatch;
    friend struct Dispatch;
    friend struct PathDispatch;

    bool call_function(const Node::Call& call, const Value& input, const EnvPtr& env, Sink out,
                       const Node* site = nullptr);
    bool call_user(const Node::Call& call, const FuncDef& def, EnvPtr def_env, const Value& input,
                   const EnvPtr& env, Sink out);
    bool call_paths(const Node::Call& call, const Value& input, const Value& path,
                    const EnvPtr& env, PathSink out);
    void check_stack() const;
    bool if_handing_over(const Node::If& n, std::size_t branch, Value& input, const EnvPtr& env,
                         Sink out);
    void note_site(const Node& node) {
        if (node.in_filter)
            error_site_ = &node;
    }

    const Program& program_;
    std::vector<Value> globals_;
    Host host_;
    const char* stack_base_;
    HintCollector* hints_ = nullptr;
    const std::atomic<bool>* cancel_ = nullptr;
    const Node* error_site_ = nullptr;
    const Node* native_site_ = nullptr;  // the user's call of the running stream native
};

}  // namespace ctq
