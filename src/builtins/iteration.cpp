// Recursive generators as loops: recurse, repeat, while, until in constant native stack.
//
// jq defines these with tail recursion (`def recurse(f): def r: ., (f | r); r;`)
// and relies on tail calls; a tree-walking evaluator would nest one native
// frame per step. Here each is a depth-first walk over an explicit stack of
// tasks, so a million iterations cost heap, not stack. One step's outputs of
// `f` (or `update`) are gathered before the walk goes deeper.
#include <vector>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/eval/paths.hpp"

namespace ctq {

namespace {

struct Task {
    // Visit: test the condition; Emit: output the value; Expand: run the update.
    enum class Kind { Visit, Emit, Expand } kind;
    Value value;
    Value path;  // path mode only
};

// Pushes tasks so that they run in the order given.
void schedule(std::vector<Task>& stack, std::vector<Task>& tasks) {
    for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) stack.push_back(std::move(*it));
    tasks.clear();
}

// `recurse(f)` and `recurse(f; cond)`: each value, then the walk
// of every output of f on it (kept only where cond holds, if given).
bool walk(Interpreter& interp, const Node& f, const Node* cond, const Value& input,
          const EnvPtr& env, Sink out) {
    std::vector<Task> stack{{Task::Kind::Visit, input, {}}};
    std::vector<Task> next;
    while (!stack.empty()) {
        Task task = std::move(stack.back());
        stack.pop_back();
        if (!out(task.value))
            return false;
        for (const Value& child : interp.outputs_of(f, task.value, env)) {
            if (!cond) {
                next.push_back({Task::Kind::Visit, child, {}});
                continue;
            }
            for (const Value& keep : interp.outputs_of(*cond, child, env)) {
                if (keep.truthy())
                    next.push_back({Task::Kind::Visit, child, {}});
            }
        }
        schedule(stack, next);
    }
    return true;
}

bool recurse1(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
              Sink out) {
    return walk(interp, *call.args[0], nullptr, input, env, out);
}

bool recurse2(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
              Sink out) {
    return walk(interp, *call.args[0], call.args[1].get(), input, env, out);
}

bool recurse1_paths(Interpreter& interp, const Node::Call& call, const Value& input,
                    const Value& path, const EnvPtr& env, PathSink out) {
    std::vector<Task> stack{{Task::Kind::Visit, input, path}};
    std::vector<Task> next;
    while (!stack.empty()) {
        Task task = std::move(stack.back());
        stack.pop_back();
        if (!out(task.path, task.value))
            return false;
        interp.eval_paths(*call.args[0], task.value, task.path, env,
                          [&](const Value& p, const Value& v) {
                              next.push_back({Task::Kind::Visit, v, p});
                              return true;
                          });
        schedule(stack, next);
    }
    return true;
}

// Runs a while/until task list: the condition decides, per output, whether a
// value is emitted and whether the update continues from it.
template <bool IsWhile>
bool loop(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
          Sink out) {
    std::vector<Task> stack{{Task::Kind::Visit, input, {}}};
    std::vector<Task> next;
    while (!stack.empty()) {
        Task task = std::move(stack.back());
        stack.pop_back();
        switch (task.kind) {
            case Task::Kind::Emit:
                if (!out(task.value))
                    return false;
                continue;
            case Task::Kind::Expand:
                for (const Value& w : interp.outputs_of(*call.args[1], task.value, env)) {
                    next.push_back({Task::Kind::Visit, w, {}});
                }
                break;
            case Task::Kind::Visit:
                for (const Value& c : interp.outputs_of(*call.args[0], task.value, env)) {
                    if (IsWhile) {
                        // while: `if cond then ., (update | _while) else empty end`
                        if (!c.truthy())
                            continue;
                        next.push_back({Task::Kind::Emit, task.value, {}});
                        next.push_back({Task::Kind::Expand, task.value, {}});
                    } else {
                        // until: `if cond then . else (update | _until) end`
                        next.push_back(
                            {c.truthy() ? Task::Kind::Emit : Task::Kind::Expand, task.value, {}});
                    }
                }
                break;
        }
        schedule(stack, next);
    }
    return true;
}

// `repeat(f)`: f's outputs on the same input, again and again (what jq 1.7.1
// does: `1 | [limit(3; repeat(. + 1))]` is [2,2,2]; `repeat(input)` reads on).
bool repeat(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
            Sink out) {
    while (true) {
        if (!interp.eval(*call.args[0], input, env, out))
            return false;
    }
}

const Builtin kIteration[] = {
    {"recurse", 1, nullptr, recurse1, recurse1_paths},
    {"recurse", 2, nullptr, recurse2},
    {"repeat", 1, nullptr, repeat},
    {"while", 2, nullptr, loop<true>},
    {"until", 2, nullptr, loop<false>},
};

}  // namespace

void register_iteration_builtins(Registry& registry) {
    registry.add(kIteration);
}

}  // namespace ctq
