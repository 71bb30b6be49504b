// The evaluator's core dispatch: one small arm per node kind, generators as sinks.
#include "ctq/eval/interpreter.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "ctq/error.hpp"
#include "ctq/eval/access.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/lang/resolver.hpp"
#include "ctq/value/value_chunks.hpp"
#include "eval/stack_guard.hpp"
#include "eval_support.hpp"

namespace ctq {

namespace {

// $ENV: the process environment as an object.
Value environment_object() {
    Object env;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const std::size_t eq = text.find('=');
        if (eq == std::string_view::npos)
            continue;
        env.set(std::string(text.substr(0, eq)), Value::string(std::string(text.substr(eq + 1))));
    }
    return Value::object(std::move(env));
}

}  // namespace

Interpreter::Interpreter(const Program& program, std::vector<Value> globals, Host host)
    : program_(program), host_(std::move(host)), stack_base_(nullptr) {
    globals_.reserve(globals.size() + 1);
    globals_.push_back(environment_object());
    for (Value& v : globals) globals_.push_back(std::move(v));
    for (const Value& v : program.data_values()) globals_.push_back(v);
}

// GCC says it builds with AddressSanitizer by __SANITIZE_ADDRESS__, clang by __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define CTQ_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTQ_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef CTQ_ADDRESS_SANITIZER
#define CTQ_ADDRESS_SANITIZER 0
#endif

std::size_t stack_budget() {
    rlimit limit{};
    std::size_t bytes = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        bytes = static_cast<std::size_t>(limit.rlim_cur);
    }
    if (const std::size_t configured = configured_stack_size(); configured != 0)
        bytes = configured;
    const std::size_t margin = std::max<std::size_t>(bytes / 8, 256u << 10);
    std::size_t budget = bytes - margin;
#if CTQ_ADDRESS_SANITIZER
    // AddressSanitizer cannot unwind an exception through more than 64 MB of
    // stack without false reports, so sanitizer builds stop deep recursion sooner.
    budget = std::min<std::size_t>(budget, 48u << 20);
#endif
    return budget;
}

void Interpreter::check_cancelled() const {
    if (cancel_ && cancel_->load(std::memory_order_relaxed))
        throw CancelledSignal{};
}

// Every evaluation step passes here, so this is also where a cancelled run notices.
void Interpreter::check_stack() const {
    check_cancelled();
    static const std::size_t budget = stack_budget();
    const char marker = 0;
    const auto used = static_cast<std::size_t>(stack_base_ > &marker ? stack_base_ - &marker
                                                                     : &marker - stack_base_);
    if (used > budget)
        throw JqError("filter recursion too deep (native stack exhausted)");
}

bool Interpreter::run(const Value& input, Sink out) {
    return run_part(program_.main(), input, out);
}

bool Interpreter::run_part(const Node& part, const Value& input, Sink out) {
    const char marker = 0;
    stack_base_ = &marker;
    error_site_ = nullptr;
    return eval(part, input, nullptr, out);
}

void Interpreter::reduce_part(const Node::Reduce& reduce, const Value& input, Value& acc) {
    const char marker = 0;
    stack_base_ = &marker;
    error_site_ = nullptr;
    reduce_steps(*this, reduce, input, nullptr, acc);
}

// ---- one arm per node kind -------------------------------------------------

// Arms that can fail call note_site(node) right before the failing step, not on
// entry: with push-style generators the operands run first and note themselves.
struct Interpreter::Dispatch {
    Interpreter& in_;
    const Node& node;
    const Value& input;
    const EnvPtr& env;
    Sink out;

    bool operator()(const Node::Identity&) const { return out(input); }

    bool operator()(const Node::RecurseDefault&) const { return recurse_values(input, out); }

    bool operator()(const Node::Field& n) const {
        return in_.eval(*n.target, input, env, [&](const Value& t) {
            // Hints speak of what the user wrote, never of the prelude's or a module's code.
            if (in_.hints_ && node.in_filter && t.is_object())
                in_.hints_->record(n, t, t.as_object().contains(n.name));
            in_.note_site(node);
            return access(n.optional, [&] { return field_value(t, n.name); });
        });
    }

    // The key is evaluated against the term's input (outer loop), then the target.
    bool operator()(const Node::Index& n) const {
        return in_.eval(*n.index, input, env, [&](const Value& key) {
            return in_.eval(*n.target, input, env, [&](const Value& t) {
                in_.note_site(node);
                return access(n.optional, [&] { return index_value(t, key); });
            });
        });
    }

    // jq's order: for each start, each end, then each target.
    bool operator()(const Node::Slice& n) const {
        return eval_optional(n.from.get(), [&](const Value& from) {
            return eval_optional(n.to.get(), [&](const Value& to) {
                return in_.eval(*n.target, input, env, [&](const Value& t) {
                    in_.note_site(node);
                    return access(n.optional, [&] { return slice_value(t, from, to); });
                });
            });
        });
    }

    bool operator()(const Node::Iterate& n) const {
        return in_.eval(*n.target, input, env, [&](const Value& t) {
            if (n.optional && !t.is_array() && !t.is_object())
                return true;
            in_.note_site(node);
            return iterate(t, out);
        });
    }

    template <class Get>
    bool access(bool optional, Get&& get) const {
        return optional_access(optional, get, [&](const Value& v) { return out(v); });
    }

    bool operator()(const Node::Literal& n) const { return out(n.value); }

    bool operator()(const Node::StringInterp& n) const {
        std::vector<std::string> pieces(n.parts.size());
        return interpolate_from(n, n.parts.size(), pieces, out);
    }

    bool operator()(const Node::Format& n) const {
        in_.note_site(node);
        return out(apply_format(n.name, input));
    }

    bool operator()(const Node::ArrayCons& n) const {
        ValueChunks items;
        if (n.body) {
            memory::Checkpoint budget;
            in_.eval(*n.body, input, env, [&](const Value& v) {
                budget.step();
                check_array_length(items.size() + 1);
                // Each new chunk is a megabyte more (reading the resident size costs a
                // system call: not for every small array).
                if (items.size() >= ValueChunks::kChunkValues &&
                    items.size() % ValueChunks::kChunkValues == 0)
                    memory::check_large(ValueChunks::kChunkValues * sizeof(Value));
                items.push_back(v);
                return true;
            });
        }
        // The array is built while the chunks still hold what has not moved yet.
        memory::check_large(items.size() * sizeof(Value));
        return out(Value::array(items.take_from(0)));
    }

    bool operator()(const Node::ObjectCons& n) const {
        return build_object(in_, n, input, env, out);
    }

    bool operator()(const Node::Neg& n) const {
        return in_.eval(*n.operand, input, env, [&](const Value& v) {
            in_.note_site(node);
            return out(negate(v));
        });
    }

    // jq evaluates the right operand in the outer loop.
    bool operator()(const Node::Binary& n) const {
        return in_.eval(*n.rhs, input, env, [&](const Value& r) {
            return in_.eval(*n.lhs, input, env, [&](const Value& l) {
                in_.note_site(node);
                return out(binary_op(n.op, l, r));
            });
        });
    }

    bool operator()(const Node::And& n) const {
        return in_.eval(*n.lhs, input, env, [&](const Value& l) {
            if (!l.truthy())
                return out(Value::boolean(false));
            return in_.eval(*n.rhs, input, env,
                            [&](const Value& r) { return out(Value::boolean(r.truthy())); });
        });
    }

    bool operator()(const Node::Or& n) const {
        return in_.eval(*n.lhs, input, env, [&](const Value& l) {
            if (l.truthy())
                return out(Value::boolean(true));
            return in_.eval(*n.rhs, input, env,
                            [&](const Value& r) { return out(Value::boolean(r.truthy())); });
        });
    }

    // `a // b`: a's truthy outputs, or else b's. Errors in `a` propagate (jq 1.7).
    bool operator()(const Node::Alternative& n) const {
        bool any = false;
        const bool go_on = in_.eval(*n.lhs, input, env, [&](const Value& v) {
            if (!v.truthy())
                return true;
            any = true;
            return out(v);
        });
        if (!go_on)
            return false;
        if (any)
            return true;
        return in_.eval(*n.rhs, input, env, out);
    }

    bool operator()(const Node::Pipe& n) const {
        return in_.eval(*n.lhs, input, env,
                        [&](const Value& v) { return in_.eval(*n.rhs, v, env, out); });
    }

    bool operator()(const Node::Comma& n) const {
        return in_.eval(*n.lhs, input, env, out) && in_.eval(*n.rhs, input, env, out);
    }

    bool operator()(const Node::Assign& n) const { return eval_assign(in_, n, input, env, out); }

    bool operator()(const Node::If& n) const { return eval_if(n, 0); }

    bool operator()(const Node::Try& n) const {
        return eval_try([&](Sink guarded) { return in_.eval(*n.body, input, env, guarded); },
                        [&](const JqError& error) {
                            if (!n.handler)
                                return true;
                            return in_.eval(*n.handler, error_value(error), env, out);
                        },
                        out);
    }

    bool operator()(const Node::Reduce& n) const { return eval_reduce(in_, n, input, env, out); }

    bool operator()(const Node::Foreach& n) const { return eval_foreach(in_, n, input, env, out); }

    bool operator()(const Node::Define& n) const {
        auto frame = std::make_shared<const Frame>(
            Frame{Frame::Kind::Def, env, Value{}, n.def.get(), nullptr, nullptr, nullptr});
        return in_.eval(*n.rest, input, frame, out);
    }

    bool operator()(const Node::Call& n) const {
        return in_.call_function(n, input, env, out, &node);
    }

    bool operator()(const Node::VarRef& n) const {
        if (n.target.kind == VarTarget::Kind::Global)
            return out(in_.global(n.target.index));
        return out(frame_at(env, n.target.index).value);
    }

    bool operator()(const Node::Bind& n) const { return eval_bind(in_, n, input, env, out); }

    bool operator()(const Node::Label& n) const {
        return eval_label(
            env, [&](const EnvPtr& frame) { return in_.eval(*n.body, input, frame, out); });
    }

    bool operator()(const Node::Break& n) const {
        throw BreakSignal{frame_at(env, n.target.index).label_id};
    }

    bool operator()(const Node::Loc& n) const {
        Object loc;
        loc.set("file", Value::string(n.file));
        loc.set("line", Value::number(n.line));
        return out(Value::object(std::move(loc)));
    }

    // ---- helpers for the arms above ----

    bool eval_optional(const Node* node, FunctionRef<bool(const Value&)> k) const {
        if (!node)
            return k(Value::null());
        return in_.eval(*node, input, env, k);
    }

    // Later parts vary slowest, as jq builds interpolations from right to left.
    bool interpolate_from(const Node::StringInterp& n, std::size_t remaining,
                          std::vector<std::string>& pieces, Sink sink) const {
        if (remaining == 0) {
            std::string text;
            for (const std::string& piece : pieces) text += piece;
            return sink(Value::string(std::move(text)));
        }
        const std::size_t i = remaining - 1;
        if (const auto* literal = std::get_if<std::string>(&n.parts[i])) {
            pieces[i] = *literal;
            return interpolate_from(n, i, pieces, sink);
        }
        return in_.eval(*std::get<NodePtr>(n.parts[i]), input, env, [&](const Value& v) {
            pieces[i] = n.format.empty() ? to_string_value(v)
                                         : std::string(apply_format(n.format, v).as_string());
            return interpolate_from(n, i, pieces, sink);
        });
    }

    bool eval_if(const Node::If& n, std::size_t branch) const {
        if (branch == n.branches.size()) {
            return n.otherwise ? in_.eval(*n.otherwise, input, env, out) : out(input);
        }
        const auto& b = n.branches[branch];
        return in_.eval(*b.cond, input, env, [&](const Value& c) {
            if (c.truthy())
                return in_.eval(*b.then, input, env, out);
            return eval_if(n, branch + 1);
        });
    }
};

bool Interpreter::eval(const Node& node, const Value& input, const EnvPtr& env, Sink out) {
    check_stack();
    return std::visit(Dispatch{*this, node, input, env, out}, node.kind);
}

std::vector<Value> Interpreter::outputs_of(const Node& node, const Value& input,
                                           const EnvPtr& env) {
    std::vector<Value> values;
    eval(node, input, env, [&](const Value& v) {
        values.push_back(v);
        return true;
    });
    return values;
}

// ---- calls -------------------------------------------------------------------

bool Interpreter::for_each_arg_values(const Node::Call& call, const Value& input, const EnvPtr& env,
                                      FunctionRef<bool(const Value* args)> fn) {
    std::vector<Value> args(call.args.size());
    // The last argument is the outermost loop, so the first varies fastest.
    std::function<bool(std::size_t)> loop = [&](std::size_t remaining) -> bool {
        if (remaining == 0)
            return fn(args.data());
        const std::size_t i = remaining - 1;
        return eval(*call.args[i], input, env, [&](const Value& v) {
            args[i] = v;
            return loop(i);
        });
    };
    return loop(args.size());
}

bool Interpreter::call_function(const Node::Call& call, const Value& input, const EnvPtr& env,
                                Sink out, const Node* site) {
    const CallTarget& target = call.target;
    switch (target.kind) {
        case CallTarget::Kind::Native: {
            const Builtin& native = *target.native;
            if (native.stream_fn) {
                if (!site || !site->in_filter)
                    return native.stream_fn(*this, call, input, env, out);
                note_site(*site);
                const Node* outer = native_site_;
                native_site_ = site;
                struct Restore {
                    const Node*& slot;
                    const Node* value;
                    ~Restore() { slot = value; }
                } restore{native_site_, outer};
                return native.stream_fn(*this, call, input, env, out);
            }
            if (call.args.empty()) {
                if (site)
                    note_site(*site);
                return out(native.value_fn(input, nullptr));
            }
            return for_each_arg_values(call, input, env, [&](const Value* args) {
                if (site)
                    note_site(*site);
                return out(native.value_fn(input, args));
            });
        }
        case CallTarget::Kind::Global:
            // A builtin defined in jq: its own nodes are not the user's, so the call is the site.
            if (site)
                note_site(*site);
            return call_user(call, *target.def, nullptr, input, env, out);
        case CallTarget::Kind::LocalDef:
            return call_user(call, *target.def, env_at(env, target.depth), input, env, out);
        case CallTarget::Kind::Param: {
            const Frame& frame = frame_at(env, target.depth);
            // What the caller does with the argument's values fails at the caller's site
            // (for `error(.msg)`, the call to error), not at the argument's last step.
            const Node* caller_site = error_site_;
            return eval(*frame.closure, input, frame.closure_env, [&](const Value& v) {
                error_site_ = caller_site;
                return out(v);
            });
        }
        case CallTarget::Kind::Unresolved: break;
    }
    throw JqError(fmt::format("{}/{} is not defined", call.name, call.args.size()));
}

// Binds filter parameters as closures over the caller's environment, then
// `$params` as variables (jq: `def f($a): body` is `def f(a): a as $a | body`).
bool Interpreter::call_user(const Node::Call& call, const FuncDef& def, EnvPtr def_env,
                            const Value& input, const EnvPtr& env, Sink out) {
    EnvPtr body_env = std::move(def_env);
    for (const NodePtr& arg : call.args) {
        body_env = std::make_shared<const Frame>(
            Frame{Frame::Kind::Closure, body_env, Value{}, nullptr, arg.get(), env, nullptr});
    }
    std::function<bool(std::size_t, const EnvPtr&)> bind_values = [&](std::size_t i,
                                                                      const EnvPtr& bound) -> bool {
        while (i < def.params.size() && !def.params[i].is_var) ++i;
        if (i == def.params.size())
            return eval(*def.body, input, bound, out);
        return eval(*call.args[i], input, env,
                    [&](const Value& v) { return bind_values(i + 1, bind_var(bound, v)); });
    };
    return bind_values(0, body_env);
}

}  // namespace ctq
