// Name resolution over the AST, with a scope chain that mirrors the runtime frames.
#include "ctq/lang/resolver.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"

namespace ctq {

namespace {

std::string signature(const std::string& name, std::size_t arity) {
    return fmt::format("{}/{}", name, arity);
}

void collect_pattern_variables(const Pattern& pattern, std::vector<std::string>& out) {
    auto add = [&out](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    };
    if (const auto* var = std::get_if<Pattern::Var>(&pattern.kind)) {
        add(var->name);
    } else if (const auto* array = std::get_if<Pattern::Array>(&pattern.kind)) {
        for (const PatternPtr& element : array->elements) collect_pattern_variables(*element, out);
    } else if (const auto* object = std::get_if<Pattern::Object>(&pattern.kind)) {
        for (const ObjectPatternEntry& entry : object->entries) {
            if (!entry.key_var.empty())
                add(entry.key_var);
            if (entry.value)
                collect_pattern_variables(*entry.value, out);
        }
    }
}

}  // namespace

std::vector<std::string> pattern_variables(const std::vector<PatternPtr>& patterns) {
    std::vector<std::string> names;
    for (const PatternPtr& pattern : patterns) collect_pattern_variables(*pattern, names);
    return names;
}

std::vector<std::string> pattern_variables_of(const Pattern& pattern) {
    std::vector<std::string> names;
    collect_pattern_variables(pattern, names);
    return names;
}

Resolver::Resolver(const Registry& natives, const std::vector<std::string>& global_variables)
    : natives_(natives) {
    for (std::size_t i = 0; i < global_variables.size(); ++i) {
        global_variables_[global_variables[i]] = i;
    }
}

std::optional<Value> constant_value(const Node& node) {
    if (const auto* literal = std::get_if<Node::Literal>(&node.kind))
        return literal->value;
    if (const auto* neg = std::get_if<Node::Neg>(&node.kind)) {
        auto inner = constant_value(*neg->operand);
        if (!inner || !inner->is_number())
            return std::nullopt;
        return Value::number(-inner->as_number());
    }
    if (const auto* array = std::get_if<Node::ArrayCons>(&node.kind)) {
        Array items;
        std::vector<const Node*> pending;
        if (array->body)
            pending.push_back(array->body.get());
        // Flatten the comma tree left to right.
        while (!pending.empty()) {
            const Node* current = pending.back();
            pending.pop_back();
            if (const auto* comma = std::get_if<Node::Comma>(&current->kind)) {
                pending.push_back(comma->rhs.get());
                pending.push_back(comma->lhs.get());
                continue;
            }
            auto item = constant_value(*current);
            if (!item)
                return std::nullopt;
            items.push_back(*item);
        }
        return Value::array(std::move(items));
    }
    if (const auto* object = std::get_if<Node::ObjectCons>(&node.kind)) {
        Object result;
        for (const auto& entry : object->entries) {
            auto key = constant_value(*entry.key);
            auto value = constant_value(*entry.value);
            if (!key || !value || !key->is_string())
                return std::nullopt;
            result.set(key->as_string(), *value);
        }
        return Value::object(std::move(result));
    }
    return std::nullopt;
}

void Resolver::import_definitions(const std::string& prefix,
                                  const std::vector<const FuncDef*>& defs) {
    for (const FuncDef* def : defs) {
        const std::string name =
            prefix.empty() ? def->name : fmt::format("{}::{}", prefix, def->name);
        global_defs_[signature(name, def->params.size())] = def;
    }
}

void Resolver::inherit_definitions(const Resolver& other) {
    for (const auto& [key, def] : other.global_defs_) global_defs_.emplace(key, def);
}

void Resolver::add_global_variable(const std::string& name, std::size_t index) {
    global_variables_[name] = index;
}

const Node* Resolver::resolve_top_level(Node& node) {
    Node* current = &node;
    while (auto* define = std::get_if<Node::Define>(&current->kind)) {
        FuncDef& def = *define->def;
        def.global = true;
        top_level_.push_back(&def);
        // Visible to its own body (recursion) and to everything after it.
        global_defs_[signature(def.name, def.params.size())] = &def;
        resolve_function_body(def);
        current = define->rest.get();
    }
    resolve(*current);
    return current;
}

std::size_t Resolver::lookup(Scope::Kind kind, const std::string& name, std::size_t arity,
                             bool& found) const {
    for (std::size_t i = scopes_.size(); i-- > 0;) {
        const Scope& scope = scopes_[i];
        if (scope.name != name)
            continue;
        const bool matches = scope.kind == kind &&
                             (kind != Scope::Kind::Def || scope.arity == arity) &&
                             (kind != Scope::Kind::Closure || arity == 0);
        // A closure parameter is also callable by a Def lookup of arity 0.
        const bool closure_call =
            kind == Scope::Kind::Def && scope.kind == Scope::Kind::Closure && arity == 0;
        if (matches || closure_call) {
            found = true;
            return scopes_.size() - 1 - i;
        }
    }
    found = false;
    return 0;
}

void Resolver::resolve_function_body(FuncDef& def) {
    const std::size_t saved = scopes_.size();
    for (const FuncDef::Param& param : def.params) {
        scopes_.push_back({Scope::Kind::Closure, param.name, 0, nullptr});
    }
    for (const FuncDef::Param& param : def.params) {
        if (param.is_var)
            scopes_.push_back({Scope::Kind::Var, param.name, 0, nullptr});
    }
    resolve(*def.body);
    scopes_.resize(saved);
}

void Resolver::push_pattern_vars(const std::vector<PatternPtr>& patterns) {
    for (const std::string& name : pattern_variables(patterns)) {
        scopes_.push_back({Scope::Kind::Var, name, 0, nullptr});
    }
}

void Resolver::push_single_pattern_vars(const Pattern& pattern) {
    for (const std::string& name : pattern_variables_of(pattern))
        scopes_.push_back({Scope::Kind::Var, name, 0, nullptr});
}

// Object-pattern keys like `{(expr): $x}` are expressions evaluated in the
// scope outside the pattern.
void Resolver::resolve_pattern_keys(Pattern& pattern) {
    if (auto* array = std::get_if<Pattern::Array>(&pattern.kind)) {
        for (PatternPtr& element : array->elements) resolve_pattern_keys(*element);
    } else if (auto* object = std::get_if<Pattern::Object>(&pattern.kind)) {
        for (ObjectPatternEntry& entry : object->entries) {
            if (entry.key)
                check_constant_key(*entry.key);
            if (entry.key)
                resolve(*entry.key);
            if (entry.value)
                resolve_pattern_keys(*entry.value);
        }
    }
}

// `{(0): 1}` can never work; jq rejects it at compile time.
void Resolver::check_constant_key(const Node& key) {
    const auto value = constant_value(key);
    if (value && !value->is_string()) {
        throw CompileError(key.span,
                           fmt::format("Cannot use {} as object key", describe_value(*value)));
    }
}

void Resolver::resolve_call(Node& node, Node::Call& call) {
    const std::size_t arity = call.args.size();
    for (NodePtr& arg : call.args) resolve(*arg);
    bool found = false;
    const std::size_t depth = lookup(Scope::Kind::Def, call.name, arity, found);
    if (found) {
        const Scope& scope = scopes_[scopes_.size() - 1 - depth];
        if (scope.kind == Scope::Kind::Closure) {
            call.target = {CallTarget::Kind::Param, nullptr, nullptr, depth};
        } else {
            call.target = {CallTarget::Kind::LocalDef, nullptr, scope.def, depth};
        }
        return;
    }
    const auto global = global_defs_.find(signature(call.name, arity));
    if (global != global_defs_.end()) {
        call.target = {CallTarget::Kind::Global, nullptr, global->second, 0};
        return;
    }
    if (const Builtin* native = natives_.find(call.name, arity)) {
        call.target = {CallTarget::Kind::Native, native, nullptr, 0};
        return;
    }
    throw CompileError(node.span, fmt::format("{} is not defined", signature(call.name, arity)));
}

void Resolver::resolve(Node& node) {
    node.in_filter = marks_filter_;
    std::visit(
        [&](auto& kind) {
            using T = std::decay_t<decltype(kind)>;
            if constexpr (std::is_same_v<T, Node::Field> || std::is_same_v<T, Node::Iterate>) {
                resolve(*kind.target);
            } else if constexpr (std::is_same_v<T, Node::Index>) {
                resolve(*kind.target);
                resolve(*kind.index);
            } else if constexpr (std::is_same_v<T, Node::Slice>) {
                resolve(*kind.target);
                if (kind.from)
                    resolve(*kind.from);
                if (kind.to)
                    resolve(*kind.to);
            } else if constexpr (std::is_same_v<T, Node::StringInterp>) {
                for (auto& part : kind.parts) {
                    if (auto* sub = std::get_if<NodePtr>(&part))
                        resolve(**sub);
                }
            } else if constexpr (std::is_same_v<T, Node::ArrayCons>) {
                if (kind.body)
                    resolve(*kind.body);
            } else if constexpr (std::is_same_v<T, Node::ObjectCons>) {
                for (auto& entry : kind.entries) {
                    check_constant_key(*entry.key);
                    resolve(*entry.key);
                    resolve(*entry.value);
                }
            } else if constexpr (std::is_same_v<T, Node::Neg>) {
                resolve(*kind.operand);
            } else if constexpr (std::is_same_v<T, Node::Binary> || std::is_same_v<T, Node::And> ||
                                 std::is_same_v<T, Node::Or> ||
                                 std::is_same_v<T, Node::Alternative> ||
                                 std::is_same_v<T, Node::Pipe> || std::is_same_v<T, Node::Comma> ||
                                 std::is_same_v<T, Node::Assign>) {
                resolve(*kind.lhs);
                resolve(*kind.rhs);
            } else if constexpr (std::is_same_v<T, Node::If>) {
                for (auto& branch : kind.branches) {
                    resolve(*branch.cond);
                    resolve(*branch.then);
                }
                if (kind.otherwise)
                    resolve(*kind.otherwise);
            } else if constexpr (std::is_same_v<T, Node::Try>) {
                resolve(*kind.body);
                if (kind.handler)
                    resolve(*kind.handler);
            } else if constexpr (std::is_same_v<T, Node::Reduce> ||
                                 std::is_same_v<T, Node::Foreach>) {
                // The pattern's variables are in scope for the update (and foreach's extract).
                resolve(*kind.source);
                resolve(*kind.init);
                resolve_pattern_keys(*kind.pattern);
                const std::size_t saved = scopes_.size();
                push_single_pattern_vars(*kind.pattern);
                resolve(*kind.update);
                if constexpr (std::is_same_v<T, Node::Foreach>) {
                    if (kind.extract)
                        resolve(*kind.extract);
                }
                scopes_.resize(saved);
            } else if constexpr (std::is_same_v<T, Node::Define>) {
                FuncDef& def = *kind.def;
                const std::size_t saved = scopes_.size();
                scopes_.push_back({Scope::Kind::Def, def.name, def.params.size(), &def});
                resolve_function_body(def);
                resolve(*kind.rest);
                scopes_.resize(saved);
            } else if constexpr (std::is_same_v<T, Node::Call>) {
                resolve_call(node, kind);
            } else if constexpr (std::is_same_v<T, Node::VarRef>) {
                bool found = false;
                const std::size_t depth = lookup(Scope::Kind::Var, kind.name, 0, found);
                if (found) {
                    kind.target = {VarTarget::Kind::Local, depth};
                } else if (auto it = global_variables_.find(kind.name);
                           it != global_variables_.end()) {
                    kind.target = {VarTarget::Kind::Global, it->second};
                } else {
                    throw CompileError(node.span, fmt::format("${} is not defined", kind.name));
                }
            } else if constexpr (std::is_same_v<T, Node::Bind>) {
                resolve(*kind.source);
                for (PatternPtr& pattern : kind.patterns) resolve_pattern_keys(*pattern);
                const std::size_t saved = scopes_.size();
                push_pattern_vars(kind.patterns);
                resolve(*kind.body);
                scopes_.resize(saved);
            } else if constexpr (std::is_same_v<T, Node::Label>) {
                const std::size_t saved = scopes_.size();
                scopes_.push_back({Scope::Kind::Label, kind.name, 0, nullptr});
                resolve(*kind.body);
                scopes_.resize(saved);
            } else if constexpr (std::is_same_v<T, Node::Break>) {
                bool found = false;
                const std::size_t depth = lookup(Scope::Kind::Label, kind.name, 0, found);
                if (!found)
                    throw CompileError(node.span,
                                       fmt::format("$*label-{} is not defined", kind.name));
                kind.target = {VarTarget::Kind::Local, depth};
            }
        },
        node.kind);
}

}  // namespace ctq
