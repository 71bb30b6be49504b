// The runtime environment: persistent linked frames, mirroring the resolver's scopes.
#pragma once

#include <memory>

#include "ctq/lang/ast.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

struct Frame;
using EnvPtr = std::shared_ptr<const Frame>;

/// One binding. Frames are immutable and shared, so a closure captures its
/// environment by holding a pointer (jaq's rc_list).
struct Frame {
    enum class Kind : std::uint8_t {
        Var,      // `$x`: value
        Def,      // `def f: ...` nested in another scope: def
        Closure,  // a filter argument `f` of a call: body evaluated in closure_env
        Label,    // `label $name`: value holds the label's unique id
    };
    Kind kind;
    EnvPtr parent;
    Value value;
    const FuncDef* def = nullptr;
    const Node* closure = nullptr;
    EnvPtr closure_env;
    const void* label_id = nullptr;
};

inline EnvPtr bind_var(EnvPtr parent, Value value) {
    return std::make_shared<const Frame>(Frame{
        Frame::Kind::Var, std::move(parent), std::move(value), nullptr, nullptr, nullptr, nullptr});
}

/// The frame `depth` steps up from `env` (0 is `env` itself).
inline const Frame& frame_at(const EnvPtr& env, std::size_t depth) {
    const Frame* frame = env.get();
    for (std::size_t i = 0; i < depth; ++i) frame = frame->parent.get();
    return *frame;
}

/// The shared pointer to the frame `depth` steps up (to capture it).
inline EnvPtr env_at(const EnvPtr& env, std::size_t depth) {
    EnvPtr current = env;
    for (std::size_t i = 0; i < depth; ++i) current = current->parent;
    return current;
}

}  // namespace ctq
