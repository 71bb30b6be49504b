// Control constructs of the evaluator: try, reduce, foreach, bindings and destructuring.
#include <algorithm>
#include <atomic>

#include "ctq/eval/access.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/lang/resolver.hpp"
#include "eval_support.hpp"

namespace ctq {

namespace {

std::atomic<std::size_t> g_stack_size{0};

std::size_t slot_of(const std::vector<std::string>& names, const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

bool match(Interpreter& interp, const Pattern& pattern, const Value& value, const EnvPtr& env,
           const std::vector<std::string>& names, std::vector<Value>& slots, FunctionRef<bool()> k);

bool match_array(Interpreter& interp, const Pattern::Array& array, std::size_t i,
                 const Value& value, const EnvPtr& env, const std::vector<std::string>& names,
                 std::vector<Value>& slots, FunctionRef<bool()> k) {
    if (i == array.elements.size())
        return k();
    const Value element = index_value(value, Value::number(static_cast<double>(i)));
    return match(interp, *array.elements[i], element, env, names, slots,
                 [&] { return match_array(interp, array, i + 1, value, env, names, slots, k); });
}

bool match_object(Interpreter& interp, const Pattern::Object& object, std::size_t i,
                  const Value& value, const EnvPtr& env, const std::vector<std::string>& names,
                  std::vector<Value>& slots, FunctionRef<bool()> k) {
    if (i == object.entries.size())
        return k();
    const ObjectPatternEntry& entry = object.entries[i];
    auto next = [&] { return match_object(interp, object, i + 1, value, env, names, slots, k); };
    if (!entry.key_var.empty()) {
        const Value field = index_value(value, Value::string(entry.key_var));
        slots[slot_of(names, entry.key_var)] = field;
        if (!entry.value)
            return next();
        return match(interp, *entry.value, field, env, names, slots, next);
    }
    // Key expressions see the value being destructured as their input.
    return interp.eval(*entry.key, value, env, [&](const Value& key) {
        if (!key.is_string()) {
            throw JqError("Cannot index " + std::string(kind_name(value.kind())) + " with " +
                          describe_value(key));
        }
        return match(interp, *entry.value, index_value(value, key), env, names, slots, next);
    });
}

bool match(Interpreter& interp, const Pattern& pattern, const Value& value, const EnvPtr& env,
           const std::vector<std::string>& names, std::vector<Value>& slots,
           FunctionRef<bool()> k) {
    if (const auto* var = std::get_if<Pattern::Var>(&pattern.kind)) {
        slots[slot_of(names, var->name)] = value;
        return k();
    }
    if (const auto* array = std::get_if<Pattern::Array>(&pattern.kind)) {
        if (!value.is_array() && !value.is_null()) {
            throw JqError("Cannot index " + std::string(kind_name(value.kind())) + " with number");
        }
        return match_array(interp, *array, 0, value, env, names, slots, k);
    }
    return match_object(interp, std::get<Pattern::Object>(pattern.kind), 0, value, env, names,
                        slots, k);
}

}  // namespace

std::size_t configured_stack_size() {
    return g_stack_size.load();
}
std::size_t evaluation_stack_size() {
    return configured_stack_size();
}

void set_evaluation_stack_size(std::size_t bytes) {
    g_stack_size.store(bytes);
}

bool iterate(const Value& v, Sink out) {
    if (v.is_array()) {
        for (const Value& item : v.as_array()) {
            if (!out(item))
                return false;
        }
        return true;
    }
    if (v.is_object()) {
        for (const auto& entry : v.as_object()) {
            if (!out(entry.second))
                return false;
        }
        return true;
    }
    throw JqError("Cannot iterate over " + describe_value(v));
}

bool recurse_values(const Value& v, Sink out) {
    if (!out(v))
        return false;
    if (v.is_array()) {
        for (const Value& item : v.as_array()) {
            if (!recurse_values(item, out))
                return false;
        }
    } else if (v.is_object()) {
        for (const auto& entry : v.as_object()) {
            if (!recurse_values(entry.second, out))
                return false;
        }
    }
    return true;
}

Value error_value(const JqError& error) {
    return error.payload();
}

bool eval_try(FunctionRef<bool(Sink guarded)> body, FunctionRef<bool(const JqError&)> handler,
              Sink out) {
    const char token = 0;  // its address tells our downstream errors from others'
    auto guarded = [&](const Value& v) -> bool {
        try {
            return out(v);
        } catch (const JqError& error) {
            throw DownstreamError{&token, error};
        }
    };
    try {
        return body(guarded);
    } catch (const DownstreamError& downstream) {
        if (downstream.owner != &token)
            throw;
        throw downstream.error;
    } catch (const JqError& error) {
        return handler(error);
    }
}

// Keys and values are collected per entry first, then combined with the first
// entry in the outermost loop, as jq orders `{a: (1,2), b: (3,4)}`.
bool build_object(Interpreter& interp, const Node::ObjectCons& n, const Value& input,
                  const EnvPtr& env, Sink out) {
    std::vector<std::vector<std::pair<Value, Value>>> options(n.entries.size());
    for (std::size_t i = 0; i < n.entries.size(); ++i) {
        const auto& entry = n.entries[i];
        interp.eval(*entry.key, input, env, [&](const Value& key) {
            if (!key.is_string())
                throw JqError("Cannot use " + describe_value(key) + " as object key");
            return interp.eval(*entry.value, input, env, [&](const Value& value) {
                options[i].emplace_back(key, value);
                return true;
            });
        });
        if (options[i].empty())
            return true;
    }
    std::vector<std::size_t> choice(n.entries.size(), 0);
    while (true) {
        Object object;
        object.reserve(n.entries.size());
        for (std::size_t i = 0; i < options.size(); ++i) {
            const auto& [key, value] = options[i][choice[i]];
            object.set(Key::of(key), value);  // shares the key's text
        }
        if (!out(Value::object(std::move(object))))
            return false;
        std::size_t i = choice.size();
        while (i > 0) {
            --i;
            if (++choice[i] < options[i].size())
                break;
            choice[i] = 0;
            if (i == 0)
                return true;
        }
        if (choice.empty())
            return true;
    }
}

bool bind_pattern(Interpreter& interp, const Pattern& pattern, const Value& value,
                  const EnvPtr& env, const std::vector<std::string>& names,
                  FunctionRef<bool(const EnvPtr&)> k) {
    std::vector<Value> slots(names.size());
    return match(interp, pattern, value, env, names, slots, [&] {
        EnvPtr bound = env;
        for (const Value& v : slots) bound = bind_var(bound, v);
        return k(bound);
    });
}

void reduce_steps(Interpreter& interp, const Node::Reduce& n, const Value& input, const EnvPtr& env,
                  Value& acc) {
    const std::vector<std::string> names = pattern_variables_of(*n.pattern);
    memory::Checkpoint budget;  // the state may grow each step
    interp.eval(*n.source, input, env, [&](const Value& item) {
        budget.step();
        return bind_pattern(interp, *n.pattern, item, env, names, [&](const EnvPtr& bound) {
            // The last output of the update is the new state; none means null (jq 1.7).
            // The state is handed over so that the update may change it in place.
            Value next;
            interp.eval_handing_over(*n.update, acc, bound, [&](const Value& v) {
                next = v;
                return true;
            });
            acc = std::move(next);
            return true;
        });
    });
}

bool eval_reduce(Interpreter& interp, const Node::Reduce& n, const Value& input, const EnvPtr& env,
                 Sink out) {
    return interp.eval(*n.init, input, env, [&](const Value& init) {
        Value acc = init;
        reduce_steps(interp, n, input, env, acc);
        return out(acc);
    });
}

bool eval_foreach(Interpreter& interp, const Node::Foreach& n, const Value& input,
                  const EnvPtr& env, Sink out) {
    const std::vector<std::string> names = pattern_variables_of(*n.pattern);
    return interp.eval(*n.init, input, env, [&](const Value& init) {
        Value state = init;
        memory::Checkpoint budget;
        return interp.eval(*n.source, input, env, [&](const Value& item) {
            budget.step();
            return bind_pattern(interp, *n.pattern, item, env, names, [&](const EnvPtr& bound) {
                // The update sees the state as it was; its outputs replace it one by one, and
                // an update without outputs leaves null (jq 1.7). The state is handed over so
                // that the update may change it in place.
                Value current = std::move(state);
                state = Value::null();
                return interp.eval_handing_over(
                    *n.update, current, bound, [&](const Value& updated) {
                        state = updated;
                        if (!n.extract)
                            return out(updated);
                        return interp.eval(*n.extract, updated, bound, out);
                    });
            });
        });
    });
}

// `SOURCE as P1 ?// P2 | body`: an error while destructuring with, or running
// the body under, a non-final alternative moves on to the next alternative.
bool eval_bind(Interpreter& interp, const Node::Bind& n, const Value& input, const EnvPtr& env,
               Sink out) {
    const std::vector<std::string> names = pattern_variables(n.patterns);
    return interp.eval(*n.source, input, env, [&](const Value& item) {
        std::function<bool(std::size_t)> try_alternative = [&](std::size_t i) -> bool {
            auto run = [&](Sink sink) {
                return bind_pattern(
                    interp, *n.patterns[i], item, env, names,
                    [&](const EnvPtr& bound) { return interp.eval(*n.body, input, bound, sink); });
            };
            if (i + 1 == n.patterns.size())
                return run(out);
            return eval_try(
                run, [&](const JqError&) { return try_alternative(i + 1); }, out);
        };
        return try_alternative(0);
    });
}

}  // namespace ctq
