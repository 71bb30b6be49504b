// Control builtins that need the interpreter: empty, error, path, limit, range, input, debug, halt.
#include <unistd.h>

#include <cmath>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/eval/paths.hpp"
#include "ctq/lang/module_loader.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq {

namespace {

bool empty(Interpreter&, const Node::Call&, const Value&, const EnvPtr&, Sink) {
    return true;
}

bool empty_paths(Interpreter&, const Node::Call&, const Value&, const Value&, const EnvPtr&,
                 PathSink) {
    return true;
}

bool error0(Interpreter&, const Node::Call&, const Value& input, const EnvPtr&, Sink) {
    throw JqError(input);
}

bool error1(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
            Sink) {
    return interp.eval(*call.args[0], input, env, [&](const Value& message) -> bool {
        interp.note_call(call);
        throw JqError(message);
    });
}

bool path(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
          Sink out) {
    return interp.eval_paths(
        *call.args[0], input, Value::array({}), env, [&](const Value& p, const Value& v) {
            if (!p.is_array()) {
                throw JqError("Invalid path expression with result " + error_preview(v));
            }
            return out(p);
        });
}

bool getpath(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
             Sink out) {
    return interp.eval(*call.args[0], input, env, [&](const Value& p) {
        if (p.is_array() && p.as_array().size() > kMaxValueDepth)
            throw JqError("Path too deep");
        // Through null every step is null; a step into a scalar is an error, as in jq 1.7.1.
        return out(get_path(input, p));
    });
}

bool getpath_paths(Interpreter& interp, const Node::Call& call, const Value& input,
                   const Value& path, const EnvPtr& env, PathSink out) {
    return interp.eval(*call.args[0], input, env, [&](const Value& p) {
        const Value value = get_path(input, p);
        if (!path.is_array()) {
            throw JqError("Invalid path expression with result " + error_preview(input));
        }
        Value full = path;
        for (const Value& component : p.as_array()) full = path_append(full, component);
        return out(full, value);
    });
}

// Runs `body` until `n` outputs were seen; a stop asked by the downstream sink
// still propagates, a stop of our own doesn't.
template <class Emit>
bool take(double n, Emit&& run) {
    if (n <= 0)
        return true;
    double seen = 0;
    bool downstream_stopped = false;
    run([&](auto&& forward) {
        if (!forward()) {
            downstream_stopped = true;
            return false;
        }
        return ++seen < n;
    });
    return !downstream_stopped;
}

double count_argument(const Value& n, const char* who) {
    if (!n.is_number())
        throw JqError(std::string(who) + " count must be a number");
    if (n.as_number() < 0)
        throw JqError(std::string(who) + " doesn't support negative count");
    return n.as_number();
}

bool limit(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
           Sink out) {
    return interp.eval(*call.args[0], input, env, [&](const Value& n) {
        return take(count_argument(n, "limit"), [&](auto&& gate) {
            interp.eval(*call.args[1], input, env,
                        [&](const Value& v) { return gate([&] { return out(v); }); });
        });
    });
}

bool limit_paths(Interpreter& interp, const Node::Call& call, const Value& input, const Value& path,
                 const EnvPtr& env, PathSink out) {
    return interp.eval(*call.args[0], input, env, [&](const Value& n) {
        return take(count_argument(n, "limit"), [&](auto&& gate) {
            interp.eval_paths(*call.args[1], input, path, env, [&](const Value& p, const Value& v) {
                return gate([&] { return out(p, v); });
            });
        });
    });
}

bool first(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
           Sink out) {
    return take(1, [&](auto&& gate) {
        interp.eval(*call.args[0], input, env,
                    [&](const Value& v) { return gate([&] { return out(v); }); });
    });
}

bool first_paths(Interpreter& interp, const Node::Call& call, const Value& input, const Value& path,
                 const EnvPtr& env, PathSink out) {
    return take(1, [&](auto&& gate) {
        interp.eval_paths(*call.args[0], input, path, env, [&](const Value& p, const Value& v) {
            return gate([&] { return out(p, v); });
        });
    });
}

bool last(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
          Sink out) {
    std::optional<Value> last_value;
    interp.eval(*call.args[0], input, env, [&](const Value& v) {
        last_value = v;
        return true;
    });
    return !last_value || out(*last_value);
}

double range_bound(const Value& v) {
    if (!v.is_number())
        throw JqError("Range bounds must be numeric");
    return v.as_number();
}

bool range_loop(double from, double upto, double by, Sink out) {
    if (by > 0) {
        for (double x = from; x < upto; x += by) {
            if (!out(Value::number(x)))
                return false;
        }
    } else if (by < 0) {
        for (double x = from; x > upto; x += by) {
            if (!out(Value::number(x)))
                return false;
        }
    }
    return true;
}

// `range($from; $upto)`: $from is the outer loop, as in jq's definition.
bool range2(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
            Sink out) {
    return interp.eval(*call.args[0], input, env, [&](const Value& from) {
        return interp.eval(*call.args[1], input, env, [&](const Value& upto) {
            return range_loop(range_bound(from), range_bound(upto), 1, out);
        });
    });
}

bool range3(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
            Sink out) {
    return interp.eval(*call.args[0], input, env, [&](const Value& from) {
        return interp.eval(*call.args[1], input, env, [&](const Value& upto) {
            return interp.eval(*call.args[2], input, env, [&](const Value& by) {
                return range_loop(range_bound(from), range_bound(upto), range_bound(by), out);
            });
        });
    });
}

bool input(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&, Sink out) {
    auto next = interp.host().next_input ? interp.host().next_input() : std::nullopt;
    if (!next)
        throw JqError("No more inputs");
    return out(*next);
}

bool inputs(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&, Sink out) {
    if (!interp.host().next_input)
        return true;
    while (auto next = interp.host().next_input()) {
        if (!out(*next))
            return false;
    }
    return true;
}

void write_stderr(Interpreter& interp, const std::string& text) {
    if (interp.host().write_stderr)
        interp.host().write_stderr(text);
}

bool debug0(Interpreter& interp, const Node::Call&, const Value& input, const EnvPtr&, Sink out) {
    write_stderr(interp, "[\"DEBUG:\"," + to_json(input) + "]\n");
    return out(input);
}

bool debug1(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
            Sink out) {
    const bool go_on = interp.eval(*call.args[0], input, env, [&](const Value& message) {
        write_stderr(interp, "[\"DEBUG:\"," + to_json(message) + "]\n");
        return true;
    });
    return go_on && out(input);
}

bool stderr_(Interpreter& interp, const Node::Call&, const Value& input, const EnvPtr&, Sink out) {
    write_stderr(interp, to_json(input));
    return out(input);
}

bool input_filename(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&, Sink out) {
    return out(interp.host().input_filename ? interp.host().input_filename() : Value::null());
}

bool input_line_number(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&,
                       Sink out) {
    const auto& host = interp.host();
    return out(
        Value::number(host.input_line_number ? static_cast<double>(host.input_line_number()) : 0));
}

bool halt(Interpreter&, const Node::Call&, const Value&, const EnvPtr&, Sink) {
    throw HaltSignal{0, std::nullopt};
}

bool halt_error0(Interpreter&, const Node::Call&, const Value& input, const EnvPtr&, Sink) {
    throw HaltSignal{5, input};
}

bool halt_error1(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
                 Sink) {
    return interp.eval(*call.args[0], input, env, [&](const Value& code) -> bool {
        if (!code.is_number())
            throw JqError("halt_error/1: number required");
        const double d = code.as_number();
        // Exit statuses are 0..255; anything else is taken modulo 256, never cast blindly.
        const int status = std::isfinite(d) ? static_cast<int>(std::fmod(std::trunc(d), 256.0)) : 5;
        throw HaltSignal{status < 0 ? status + 256 : status, input};
    });
}

bool modulemeta(Interpreter& interp, const Node::Call&, const Value& input, const EnvPtr&,
                Sink out) {
    if (!input.is_string())
        throw JqError("modulemeta input module not a string");
    try {
        return out(interp.program().modules().module_metadata(std::string(input.as_string())));
    } catch (const CompileError& error) {
        throw JqError(std::string(error.what()));
    }
}

bool get_search_list(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&,
                     Sink out) {
    return out(interp.program().modules().search_list());
}

bool builtins(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&, Sink out) {
    Array names;
    for (const std::string& name : interp.program().builtin_signatures()) {
        names.push_back(Value::string(name));
    }
    return out(Value::array(std::move(names)));
}

bool get_jq_origin(Interpreter&, const Node::Call&, const Value&, const EnvPtr&, Sink out) {
    char buffer[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0)
        return out(Value::null());
    std::string path(buffer, static_cast<std::size_t>(n));
    return out(Value::string(path.substr(0, path.rfind('/'))));
}

bool get_prog_origin(Interpreter& interp, const Node::Call&, const Value&, const EnvPtr&,
                     Sink out) {
    const std::string& origin = interp.program().program_origin();
    return out(origin.empty() ? Value::null() : Value::string(origin));
}

const Builtin kControl[] = {
    {"get_jq_origin", 0, nullptr, get_jq_origin},
    {"get_prog_origin", 0, nullptr, get_prog_origin},
    {"builtins", 0, nullptr, builtins},
    {"modulemeta", 0, nullptr, modulemeta},
    {"get_search_list", 0, nullptr, get_search_list},
    {"empty", 0, nullptr, empty, empty_paths},
    {"error", 0, nullptr, error0},
    {"error", 1, nullptr, error1},
    {"path", 1, nullptr, path},
    {"getpath", 1, nullptr, getpath, getpath_paths},
    {"limit", 2, nullptr, limit, limit_paths},
    {"first", 1, nullptr, first, first_paths},
    {"last", 1, nullptr, last},
    {"range", 2, nullptr, range2},
    {"range", 3, nullptr, range3},
    {"input", 0, nullptr, input},
    {"inputs", 0, nullptr, inputs},
    {"debug", 0, nullptr, debug0},
    {"debug", 1, nullptr, debug1},
    {"stderr", 0, nullptr, stderr_},
    {"input_filename", 0, nullptr, input_filename},
    {"input_line_number", 0, nullptr, input_line_number},
    {"halt", 0, nullptr, halt},
    {"halt_error", 0, nullptr, halt_error0},
    {"halt_error", 1, nullptr, halt_error1},
};

}  // namespace

void register_control_builtins(Registry& registry) {
    registry.add(kControl);
}

}  // namespace ctq
