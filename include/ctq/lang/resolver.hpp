// Name resolution: binds each call and variable to its definition once, before any input is read.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ctq/builtins/builtins.hpp"
#include "ctq/lang/ast.hpp"

namespace ctq {

/// Walks a syntax tree with a scope chain that mirrors the runtime
/// environment frame for frame, filling in every CallTarget and VarTarget.
/// Throws CompileError for undefined names ("foo/1 is not defined").
class Resolver {
public:
    Resolver(const Registry& natives, const std::vector<std::string>& global_variables);

    /// Resolves a chain of top-level definitions ending in an expression;
    /// the definitions become globals visible to everything resolved later.
    /// Returns the expression after the definitions.
    const Node* resolve_top_level(Node& node);

    /// The top-level definitions resolve_top_level() has seen, in order.
    const std::vector<const FuncDef*>& top_level_definitions() const { return top_level_; }

    /// Makes `defs` callable as `prefix::name` (or plain `name` for an empty
    /// prefix, as `include` does), shadowing earlier definitions.
    void import_definitions(const std::string& prefix, const std::vector<const FuncDef*>& defs);

    /// Makes every global definition of `other` (the prelude's) visible here.
    void inherit_definitions(const Resolver& other);

    /// A global variable supplied at run time in slot `index`.
    void add_global_variable(const std::string& name, std::size_t index);

    /// Marks the nodes resolved from now on as the user's filter (Node::in_filter).
    void mark_filter_nodes() { marks_filter_ = true; }

private:
    struct Scope {
        enum class Kind { Var, Def, Closure, Label } kind;
        std::string name;
        std::size_t arity = 0;  // Def
        const FuncDef* def = nullptr;
    };

    void resolve(Node& node);
    void resolve_call(Node& node, Node::Call& call);
    void check_constant_key(const Node& key);
    void resolve_function_body(FuncDef& def);
    void push_pattern_vars(const std::vector<PatternPtr>& patterns);
    void push_single_pattern_vars(const Pattern& pattern);
    void resolve_pattern_keys(Pattern& pattern);
    std::size_t lookup(Scope::Kind kind, const std::string& name, std::size_t arity,
                       bool& found) const;

    const Registry& natives_;
    bool marks_filter_ = false;
    std::unordered_map<std::string, std::size_t> global_variables_;
    std::unordered_map<std::string, const FuncDef*> global_defs_;  // "name/arity"
    std::vector<const FuncDef*> top_level_;
    std::vector<Scope> scopes_;
};

/// The value of a constant expression (literals, and arrays and objects of
/// them, as in module metadata), or nullopt if it depends on its input.
std::optional<Value> constant_value(const Node& node);

/// The variables a list of (alternative) patterns binds, in binding order.
std::vector<std::string> pattern_variables(const std::vector<PatternPtr>& patterns);
std::vector<std::string> pattern_variables_of(const Pattern& pattern);

}  // namespace ctq
