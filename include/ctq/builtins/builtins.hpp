// Native builtins: the registry and the two shapes a native can take.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ctq/eval/env.hpp"
#include "ctq/eval/function_ref.hpp"
#include "ctq/lang/ast.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

class Interpreter;

/// Receives each output of a filter; returns false to stop the generator early.
using Sink = FunctionRef<bool(const Value&)>;

/// A native that maps its input and already-evaluated arguments to one value.
/// The interpreter evaluates arguments and takes their cartesian product as
/// jq does (the first argument varies fastest).
using ValueFn = Value (*)(const Value& input, const Value* args);

/// A native that receives its arguments unevaluated (closures), for control
/// builtins like `path(f)`, `limit(n; f)`, `input`, `error`.
using StreamFn = bool (*)(Interpreter& interp, const Node::Call& call, const Value& input,
                          const EnvPtr& env, Sink out);

/// Receives each output path with its value (path mode, for `path(f)` and updates).
using PathSink = FunctionRef<bool(const Value& path, const Value& value)>;

/// How a native behaves in path mode (`path(getpath(["a"]))`, `limit(1; .[]) |= f`).
using PathFn = bool (*)(Interpreter& interp, const Node::Call& call, const Value& input,
                        const Value& path, const EnvPtr& env, PathSink out);

struct Builtin {
    std::string_view name;
    int arity;
    ValueFn value_fn = nullptr;
    StreamFn stream_fn = nullptr;
    PathFn path_fn = nullptr;
};

/// All natives by name/arity; resolution happens once, at compile time.
class Registry {
public:
    template <std::size_t N>
    void add(const Builtin (&table)[N]) {
        for (const Builtin& builtin : table) add_one(builtin);
    }
    void add_one(const Builtin& builtin);
    const Builtin* find(std::string_view name, std::size_t arity) const;
    /// "name/arity" of every native, for `builtins`.
    std::vector<std::string> signatures() const;

    /// The registry with every family of natives registered.
    static const Registry& standard();

private:
    std::unordered_map<std::string, const Builtin*> by_signature_;
};

void register_core_builtins(Registry& registry);
void register_string_builtins(Registry& registry);
void register_format_builtins(Registry& registry);
void register_math_builtins(Registry& registry);
void register_iteration_builtins(Registry& registry);
void register_control_builtins(Registry& registry);
void register_regex_builtins(Registry& registry);
void register_date_builtins(Registry& registry);

/// Applies `@name` to a value (`@csv`, `@tsv`, `@json`, `@text`, ...).
/// Throws JqError "X is not a valid format" for unknown names.
Value apply_format(std::string_view name, const Value& input);

/// jq's `tostring`: strings unchanged, everything else as compact JSON.
std::string to_string_value(const Value& v);

}  // namespace ctq
