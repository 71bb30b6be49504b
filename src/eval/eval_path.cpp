// Path mode: evaluating path expressions (`path(f)`, the left side of `|=`) and assignment.
#include <fmt/format.h>

#include <vector>

#include "ctq/eval/access.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/eval/paths.hpp"
#include "ctq/lang/resolver.hpp"
#include "ctq/output/json_writer.hpp"
#include "eval_support.hpp"

namespace ctq {

namespace {

// A value computed inside a path expression (`map(...)`, a literal) has no
// path. Like jq, we carry it on with this marker in place of the path and
// only fail when something tries to take a path through it, or when the
// marker reaches the consumer of the paths.
const Value& not_a_path() {
    static const Value marker = Value::null();
    return marker;
}

bool is_path(const Value& path) {
    return path.is_array();
}

[[noreturn]] void invalid_path(const Value& v) {
    throw JqError(fmt::format("Invalid path expression with result {}", error_preview(v)));
}

[[noreturn]] void invalid_access(const Value& key, const Value& v) {
    throw JqError(fmt::format("Invalid path expression near attempt to access element {} of {}",
                              to_json(key), error_preview(v)));
}

[[noreturn]] void invalid_iteration(const Value& v) {
    throw JqError(fmt::format("Invalid path expression near attempt to iterate through {}",
                              error_preview(v)));
}

bool recurse_paths(const Value& v, const Value& path, PathSink out) {
    if (!out(path, v))
        return false;
    if (!is_path(path) && (v.is_array() || v.is_object()))
        invalid_iteration(v);
    if (v.is_array()) {
        const Array& items = v.as_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!recurse_paths(items[i], path_append(path, Value::number(static_cast<double>(i))),
                               out)) {
                return false;
            }
        }
    } else if (v.is_object()) {
        for (const auto& [key, child] : v.as_object()) {
            if (!recurse_paths(child, path_append(path, key.value()), out))
                return false;
        }
    }
    return true;
}

}  // namespace

struct Interpreter::PathDispatch {
    Interpreter& in_;
    const Value& input;
    const Value& path;
    const EnvPtr& env;
    PathSink out;

    bool operator()(const Node::Identity&) const { return out(path, input); }

    bool operator()(const Node::RecurseDefault&) const { return recurse_paths(input, path, out); }

    bool operator()(const Node::Field& n) const {
        const Value key = Value::string(n.name);
        return in_.eval_paths(*n.target, input, path, env, [&](const Value& p, const Value& v) {
            if (!is_path(p))
                invalid_access(key, v);
            return access(n.optional, p, key, [&] { return field_value(v, n.name); });
        });
    }

    bool operator()(const Node::Index& n) const {
        return in_.eval(*n.index, input, env, [&](const Value& key) {
            return in_.eval_paths(*n.target, input, path, env, [&](const Value& p, const Value& v) {
                if (!is_path(p))
                    invalid_access(key, v);
                return access(n.optional, p, key, [&] { return index_value(v, key); });
            });
        });
    }

    bool operator()(const Node::Slice& n) const {
        auto each = [&](const Node* node, FunctionRef<bool(const Value&)> k) {
            return node ? in_.eval(*node, input, env, k) : k(Value::null());
        };
        // jq's order, as when evaluating: for each start, each end, then each target's path.
        return each(n.from.get(), [&](const Value& from) {
            return each(n.to.get(), [&](const Value& to) {
                return in_.eval_paths(
                    *n.target, input, path, env, [&](const Value& p, const Value& v) {
                        Object bounds;
                        bounds.set("start", from);
                        bounds.set("end", to);
                        const Value key = Value::object(std::move(bounds));
                        if (!is_path(p))
                            invalid_access(key, v);
                        return access(n.optional, p, key, [&] { return slice_value(v, from, to); });
                    });
            });
        });
    }

    bool operator()(const Node::Iterate& n) const {
        return in_.eval_paths(*n.target, input, path, env, [&](const Value& p, const Value& v) {
            if (!is_path(p))
                invalid_iteration(v);
            if (v.is_array()) {
                const Array& items = v.as_array();
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (!out(path_append(p, Value::number(static_cast<double>(i))), items[i])) {
                        return false;
                    }
                }
                return true;
            }
            if (v.is_object()) {
                for (const auto& [key, child] : v.as_object()) {
                    if (!out(path_append(p, key.value()), child))
                        return false;
                }
                return true;
            }
            if (v.is_null() || n.optional)
                return true;
            throw JqError(fmt::format("Cannot iterate over {}", describe_value(v)));
        });
    }

    template <class Get>
    bool access(bool optional, const Value& p, const Value& key, Get&& get) const {
        return optional_access(optional, get,
                               [&](const Value& v) { return out(path_append(p, key), v); });
    }

    bool operator()(const Node::Pipe& n) const {
        return in_.eval_paths(*n.lhs, input, path, env, [&](const Value& p, const Value& v) {
            return in_.eval_paths(*n.rhs, v, p, env, out);
        });
    }

    bool operator()(const Node::Comma& n) const {
        return in_.eval_paths(*n.lhs, input, path, env, out) &&
               in_.eval_paths(*n.rhs, input, path, env, out);
    }

    bool operator()(const Node::If& n) const { return branch(n, 0); }

    bool branch(const Node::If& n, std::size_t i) const {
        if (i == n.branches.size()) {
            return n.otherwise ? in_.eval_paths(*n.otherwise, input, path, env, out)
                               : out(path, input);
        }
        return in_.eval(*n.branches[i].cond, input, env, [&](const Value& c) {
            if (c.truthy())
                return in_.eval_paths(*n.branches[i].then, input, path, env, out);
            return branch(n, i + 1);
        });
    }

    bool operator()(const Node::Alternative& n) const {
        bool any = false;
        const bool go_on =
            in_.eval_paths(*n.lhs, input, path, env, [&](const Value& p, const Value& v) {
                if (!v.truthy())
                    return true;
                any = true;
                return out(p, v);
            });
        if (!go_on)
            return false;
        return any || in_.eval_paths(*n.rhs, input, path, env, out);
    }

    // Errors from the body are caught; errors raised downstream pass through.
    bool operator()(const Node::Try& n) const {
        const char token = 0;
        auto guarded = [&](const Value& p, const Value& v) -> bool {
            try {
                return out(p, v);
            } catch (const JqError& error) {
                throw DownstreamError{&token, error};
            }
        };
        try {
            return in_.eval_paths(*n.body, input, path, env, guarded);
        } catch (const DownstreamError& downstream) {
            if (downstream.owner != &token)
                throw;
            throw downstream.error;
        } catch (const JqError& error) {
            if (!n.handler)
                return true;
            return in_.eval(*n.handler, error_value(error), env,
                            [&](const Value& v) { return out(not_a_path(), v); });
        }
    }

    bool operator()(const Node::Define& n) const {
        auto frame = std::make_shared<const Frame>(
            Frame{Frame::Kind::Def, env, Value{}, n.def.get(), nullptr, nullptr, nullptr});
        return in_.eval_paths(*n.rest, input, path, frame, out);
    }

    bool operator()(const Node::Call& n) const { return in_.call_paths(n, input, path, env, out); }

    bool operator()(const Node::Bind& n) const {
        const std::vector<std::string> names = pattern_variables(n.patterns);
        return in_.eval(*n.source, input, env, [&](const Value& item) {
            return bind_pattern(in_, *n.patterns.front(), item, env, names,
                                [&](const EnvPtr& bound) {
                                    return in_.eval_paths(*n.body, input, path, bound, out);
                                });
        });
    }

    bool operator()(const Node::Label& n) const {
        return eval_label(env, [&](const EnvPtr& frame) {
            return in_.eval_paths(*n.body, input, path, frame, out);
        });
    }

    bool operator()(const Node::Break& n) const {
        throw BreakSignal{frame_at(env, n.target.index).label_id};
    }

    // Anything else (literals, arithmetic, constructors) produces values that
    // are not paths: jq's "Invalid path expression with result ...".
    template <class T>
    bool operator()(const T&) const {
        return in_.eval(node, input, env, [&](const Value& v) { return out(not_a_path(), v); });
    }

    const Node& node;
};

bool Interpreter::eval_paths(const Node& node, const Value& input, const Value& path,
                             const EnvPtr& env, PathSink out) {
    check_stack();
    PathDispatch dispatch{*this, input, path, env, out, node};
    return std::visit(dispatch, node.kind);
}

bool Interpreter::call_paths(const Node::Call& call, const Value& input, const Value& path,
                             const EnvPtr& env, PathSink out) {
    const CallTarget& target = call.target;
    switch (target.kind) {
        case CallTarget::Kind::Global:
        case CallTarget::Kind::LocalDef: {
            const FuncDef& def = *target.def;
            EnvPtr body_env =
                target.kind == CallTarget::Kind::Global ? nullptr : env_at(env, target.depth);
            for (const NodePtr& arg : call.args) {
                body_env = std::make_shared<const Frame>(Frame{
                    Frame::Kind::Closure, body_env, Value{}, nullptr, arg.get(), env, nullptr});
            }
            std::function<bool(std::size_t, const EnvPtr&)> bind_values =
                [&](std::size_t i, const EnvPtr& bound) -> bool {
                while (i < def.params.size() && !def.params[i].is_var) ++i;
                if (i == def.params.size())
                    return eval_paths(*def.body, input, path, bound, out);
                return eval(*call.args[i], input, env,
                            [&](const Value& v) { return bind_values(i + 1, bind_var(bound, v)); });
            };
            return bind_values(0, body_env);
        }
        case CallTarget::Kind::Param: {
            const Frame& frame = frame_at(env, target.depth);
            return eval_paths(*frame.closure, input, path, frame.closure_env, out);
        }
        case CallTarget::Kind::Native:
            if (target.native->path_fn)
                return target.native->path_fn(*this, call, input, path, env, out);
            break;
        case CallTarget::Kind::Unresolved: break;
    }
    return call_function(call, input, env, [&](const Value& v) { return out(not_a_path(), v); });
}

// ---- assignment ---------------------------------------------------------------

namespace {

std::vector<Value> collect_paths(Interpreter& interp, const Node& lhs, const Value& input,
                                 const EnvPtr& env) {
    std::vector<Value> paths;
    interp.eval_paths(lhs, input, Value::array({}), env, [&](const Value& p, const Value& v) {
        if (!is_path(p))
            invalid_path(v);
        paths.push_back(p);
        return true;
    });
    return paths;
}

BinOp arithmetic_of(AssignOp op) {
    switch (op) {
        case AssignOp::Add: return BinOp::Add;
        case AssignOp::Sub: return BinOp::Sub;
        case AssignOp::Mul: return BinOp::Mul;
        case AssignOp::Div: return BinOp::Div;
        default: return BinOp::Mod;
    }
}

// `lhs |= f`: each path gets the first output of f on its old value; paths
// where f is empty are deleted at the end (jq 1.8), so indices don't shift
// under later updates.
bool eval_update(Interpreter& interp, const Node::Assign& n, const Value& input, const EnvPtr& env,
                 Sink out, Value* owned) {
    const std::vector<Value> paths = collect_paths(interp, *n.lhs, input, env);
    Value result = owned ? std::move(*owned) : input;
    Array deletions;
    for (const Value& path : paths) {
        const Value old = get_path(result, path);
        bool produced = false;
        Value replacement;
        interp.eval(*n.rhs, old, env, [&](const Value& v) {
            replacement = v;
            produced = true;
            return false;
        });
        if (produced) {
            result = set_path(std::move(result), path, replacement);
        } else {
            deletions.push_back(path);
        }
    }
    if (!deletions.empty())
        result = delete_paths(std::move(result), Value::array(std::move(deletions)));
    return out(result);
}

}  // namespace

bool eval_assign(Interpreter& interp, const Node::Assign& n, const Value& input, const EnvPtr& env,
                 Sink out, Value* owned) {
    if (n.op == AssignOp::Update)
        return eval_update(interp, n, input, env, out, owned);
    // `=`, `+=`, ..., `//=`: the right side sees the original input, and each
    // of its outputs gives one result.
    auto assign = [&](Value result, const Value& rhs, const std::vector<Value>& paths) {
        for (const Value& path : paths) {
            interp.check_cancelled();  // thousands of paths may each copy a large array
            Value updated;
            if (n.op == AssignOp::Set) {
                updated = rhs;
            } else if (n.op == AssignOp::Alt) {
                const Value old = get_path(result, path);
                updated = old.truthy() ? old : rhs;
            } else {
                updated = binary_op(arithmetic_of(n.op), get_path(result, path), rhs);
            }
            result = set_path(std::move(result), path, updated);
        }
        return result;
    };
    if (!owned) {
        return interp.eval(*n.rhs, input, env, [&](const Value& rhs) {
            const std::vector<Value> paths = collect_paths(interp, *n.lhs, input, env);
            return out(assign(input, rhs, paths));
        });
    }
    // The input is handed over, so the result for the right side's last output may be the
    // input changed in place.
    return gather_then([&](Sink sink) { return interp.eval(*n.rhs, input, env, sink); },
                       [&](const Value& rhs, bool last) {
                           const std::vector<Value> paths =
                               collect_paths(interp, *n.lhs, input, env);
                           Value result = last ? std::move(*owned) : Value(input);
                           return out(assign(std::move(result), rhs, paths));
                       });
}

}  // namespace ctq
