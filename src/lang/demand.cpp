// What a filter can observe of its input: a backward walk over the resolved AST.
//
// demand(e, out) answers "if each output of e is needed as `out` says, what is needed of
// e's input?". Pipes run right to left, commas and branches join, `.a` asks its target for
// one field, `.[]` for every element. Variables collect what their uses need, which then
// becomes a demand on the expression they were bound from. Calls of functions written in
// jq (the prelude's `select`, `map`, a user's `def`) are followed into their bodies, with
// the arguments analysed where they were written. Natives need their whole input unless
// the table below knows better. Whenever the walk meets something it cannot follow
// (recursion, `input`, a budget exceeded), it gives up and the answer is Whole.
#include "ctq/lang/demand.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>
#include <unordered_set>

#include "ctq/builtins/builtins.hpp"
#include "ctq/lang/ast.hpp"
#include "ctq/lang/program.hpp"

namespace ctq {

// ---- Demand -----------------------------------------------------------------------------

namespace {

const Demand& none_demand() {
    static const Demand none = Demand::none();
    return none;
}

const Demand& whole_demand() {
    static const Demand whole = Demand::whole();
    return whole;
}

}  // namespace

Demand Demand::field(std::string key, Demand of_field) {
    Demand d(Level::Partial);
    d.fields_.emplace_back(std::move(key), std::move(of_field));
    return d;
}

Demand Demand::every(Demand each) {
    Demand d(Level::Partial);
    d.every_entry_ = true;
    if (!each.is_none())
        d.each_ = std::make_shared<const Demand>(std::move(each));
    return d;
}

Demand Demand::every_element(Demand each) {
    Demand d = every(std::move(each));
    d.arrays_only_ = true;
    return d;
}

const Demand& Demand::each() const {
    return each_ ? *each_ : none_demand();
}

const Demand* Demand::of_key(std::string_view key, int* named) const {
    if (named)
        *named = -1;
    if (level_ == Level::Whole || (arrays_only_ && !named))
        return &whole_demand();
    if (level_ != Level::Partial)
        return nullptr;
    const int index = named_index(key);
    if (named)
        *named = index;
    if (arrays_only_)
        return &whole_demand();
    if (index >= 0)
        return &fields_[static_cast<std::size_t>(index)].second;  // joined with each()
    return every_entry_ ? &each() : nullptr;
}

// Few fields are scanned, lengths first: most keys a record gives are none of them.
int Demand::named_index(std::string_view key) const {
    if (fields_.size() <= 8) {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            const std::string& name = fields_[i].first;
            if (name.size() == key.size() && std::memcmp(name.data(), key.data(), key.size()) == 0)
                return static_cast<int>(i);
        }
        return -1;
    }
    auto it =
        std::lower_bound(fields_.begin(), fields_.end(), key,
                         [](const auto& entry, std::string_view k) { return entry.first < k; });
    return it != fields_.end() && it->first == key ? static_cast<int>(it - fields_.begin()) : -1;
}

const Demand& Demand::element() const {
    switch (level_) {
        case Level::Whole: return whole_demand();
        case Level::Partial: return fields_.empty() ? each() : whole_demand();
        default: return none_demand();
    }
}

void Demand::join(const Demand& other) {
    if (other.level_ == Level::None || level_ == Level::Whole)
        return;
    if (other.level_ == Level::Whole || level_ == Level::None) {
        *this = other;
        return;
    }
    if (other.level_ == Level::Kind)
        return;  // this is Kind or Partial already
    if (level_ == Level::Kind) {
        *this = other;
        return;
    }
    // Both partial.
    every_entry_ = every_entry_ || other.every_entry_;
    arrays_only_ = arrays_only_ || other.arrays_only_;
    if (other.each_) {
        if (!each_) {
            each_ = other.each_;
        } else if (*each_ != *other.each_) {
            Demand joined = *each_;
            joined.join(*other.each_);
            each_ = std::make_shared<const Demand>(std::move(joined));
        }
    }
    for (const auto& [key, demand] : other.fields_) {
        auto it = std::lower_bound(
            fields_.begin(), fields_.end(), key,
            [](const auto& entry, const std::string& k) { return entry.first < k; });
        if (it != fields_.end() && it->first == key)
            it->second.join(demand);
        else
            fields_.insert(it, {key, demand});
    }
    // A named field also gets what every value gets, so of_key() never has to join.
    if (each_) {
        for (auto& entry : fields_) entry.second.join(*each_);
    }
}

bool Demand::operator==(const Demand& other) const {
    if (level_ != other.level_)
        return false;
    if (level_ != Level::Partial)
        return true;
    return every_entry_ == other.every_entry_ && arrays_only_ == other.arrays_only_ &&
           each() == other.each() && fields_ == other.fields_;
}

std::string Demand::describe() const {
    switch (level_) {
        case Level::None: return "none";
        case Level::Kind: return "kind";
        case Level::Whole: return "whole";
        case Level::Partial: break;
    }
    std::string text = "{";
    const char* sep = "";
    if (every_entry_) {
        text += (arrays_only_ ? "[*]: " : "*: ") + each().describe();
        sep = ", ";
    }
    for (const auto& [key, demand] : fields_) {
        text += sep + key + ": " + demand.describe();
        sep = ", ";
    }
    return text + "}";
}

// ---- The analysis -------------------------------------------------------------------------

namespace {

/// The walk met something it cannot follow: the input is needed whole.
struct GiveUp {};

// The analysis's own scope chain. Names are looked up innermost first, as the resolver did;
// the resolver has already reported any name that is not defined.
struct Frame;
using FramePtr = std::shared_ptr<const Frame>;
struct Frame {
    enum class Kind { Var, Param, Def } kind;
    std::string name;
    std::shared_ptr<Demand> uses;    // Var: joined demands of the variable's uses
    const Node* argument = nullptr;  // Param: the closure, analysed where it was written
    FramePtr argument_scope;         // Param
    const FuncDef* def = nullptr;    // Def
    std::size_t calls_at_site = 0;   // Param: how many defs were being followed where it was
    FramePtr parent;
};

FramePtr push_var(const std::string& name, std::shared_ptr<Demand> uses, FramePtr parent) {
    return std::make_shared<const Frame>(Frame{Frame::Kind::Var, name, std::move(uses), nullptr,
                                               nullptr, nullptr, 0, std::move(parent)});
}

// A budget on the walk: following closures into bodies can multiply the work.
constexpr std::size_t kMaxSteps = 100000;
constexpr std::size_t kMaxCallDepth = 64;
constexpr int kMaxFixpointRounds = 8;

class Analysis {
public:
    explicit Analysis(std::unordered_set<const Node::Field*>* user_fields)
        : user_fields_(user_fields) {}
    Demand demand(const Node& node, const Demand& out, const FramePtr& scope);

private:
    Demand field(const Node::Field& n, bool in_filter, const Demand& out, const FramePtr& scope);
    Demand index(const Node::Index& n, const Demand& out, const FramePtr& scope);
    Demand array(const Node::ArrayCons& n, const Demand& out, const FramePtr& scope);
    Demand object(const Node::ObjectCons& n, const Demand& out, const FramePtr& scope);
    Demand branches(const Node::If& n, const Demand& out, const FramePtr& scope);
    Demand reduce(const Node::Reduce& n, const Demand& out, const FramePtr& scope);
    Demand foreach (const Node::Foreach& n, const Demand& out, const FramePtr& scope);
    Demand bind(const Node::Bind& n, const Demand& out, const FramePtr& scope);
    Demand call(const Node::Call& n, const Demand& out, const FramePtr& scope);
    Demand call_def(const FuncDef& def, const Node::Call& n, const Demand& out,
                    const FramePtr& def_scope, const FramePtr& scope);
    Demand closure(const Frame& param, const Demand& out);
    Demand native(const Node::Call& n, const Demand& out, const FramePtr& scope);
    Demand var(const Node::VarRef& n, const Demand& out, const FramePtr& scope);

    /// Binds the variables of `pattern`; returns what is needed of the bound value.
    Demand bind_pattern(const Pattern& pattern, FramePtr& scope, const FramePtr& outer,
                        std::vector<std::shared_ptr<Demand>>& uses);
    /// The state of reduce/foreach, widened until the update needs nothing more of it.
    Demand fold(const Node& source, const Pattern& pattern, const Node& init, const Node& update,
                const Node* extract, const Demand& out, const FramePtr& scope);

    std::unordered_set<const Node::Field*>* user_fields_;
    std::size_t steps_ = 0;
    std::vector<const FuncDef*> calls_;  // the defs being followed, innermost last
};

Demand Analysis::demand(const Node& node, const Demand& out, const FramePtr& scope) {
    if (++steps_ > kMaxSteps)
        throw GiveUp{};
    return std::visit(
        [&](const auto& n) -> Demand {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, Node::Identity>) {
                return out;
            } else if constexpr (std::is_same_v<T, Node::Field>) {
                return field(n, node.in_filter, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Index>) {
                return index(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Slice>) {
                // The slice's bounds run on the input; the target is needed whole.
                Demand in = n.target ? demand(*n.target, whole_demand(), scope) : Demand::whole();
                if (n.from)
                    in.join(demand(*n.from, whole_demand(), scope));
                if (n.to)
                    in.join(demand(*n.to, whole_demand(), scope));
                return in;
            } else if constexpr (std::is_same_v<T, Node::Iterate>) {
                Demand each = Demand::every(out);
                return n.target ? demand(*n.target, each, scope) : each;
            } else if constexpr (std::is_same_v<T, Node::Literal> || std::is_same_v<T, Node::Loc>) {
                return Demand::none();
            } else if constexpr (std::is_same_v<T, Node::StringInterp>) {
                Demand in;
                for (const auto& part : n.parts) {
                    if (const auto* expr = std::get_if<NodePtr>(&part))
                        in.join(demand(**expr, whole_demand(), scope));
                }
                return in;
            } else if constexpr (std::is_same_v<T, Node::ArrayCons>) {
                return array(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::ObjectCons>) {
                return object(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Neg>) {
                return demand(*n.operand, whole_demand(), scope);
            } else if constexpr (std::is_same_v<T, Node::Binary>) {
                // Arithmetic and comparison look at all of both operands (and their
                // error messages quote them).
                Demand in = demand(*n.lhs, whole_demand(), scope);
                in.join(demand(*n.rhs, whole_demand(), scope));
                return in;
            } else if constexpr (std::is_same_v<T, Node::And> || std::is_same_v<T, Node::Or>) {
                Demand in = demand(*n.lhs, Demand::kind(), scope);
                in.join(demand(*n.rhs, Demand::kind(), scope));
                return in;
            } else if constexpr (std::is_same_v<T, Node::Alternative>) {
                // `a // b` keeps a's truthy outputs, so it also looks at their kind.
                Demand of_lhs = out;
                of_lhs.join(Demand::kind());
                Demand in = demand(*n.lhs, of_lhs, scope);
                in.join(demand(*n.rhs, out, scope));
                return in;
            } else if constexpr (std::is_same_v<T, Node::Pipe>) {
                return demand(*n.lhs, demand(*n.rhs, out, scope), scope);
            } else if constexpr (std::is_same_v<T, Node::Comma>) {
                Demand in = demand(*n.lhs, out, scope);
                in.join(demand(*n.rhs, out, scope));
                return in;
            } else if constexpr (std::is_same_v<T, Node::If>) {
                return branches(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Try>) {
                Demand in = demand(*n.body, out, scope);
                // The handler's input is the error, not this input; only what it needs of
                // variables counts, and that is collected through the scope.
                if (n.handler)
                    demand(*n.handler, out, scope);
                return in;
            } else if constexpr (std::is_same_v<T, Node::Reduce>) {
                return reduce(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Foreach>) {
                return foreach (n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Define>) {
                auto frame =
                    std::make_shared<const Frame>(Frame{Frame::Kind::Def, n.def->name, nullptr,
                                                        nullptr, nullptr, n.def.get(), 0, scope});
                return demand(*n.rest, out, frame);
            } else if constexpr (std::is_same_v<T, Node::Call>) {
                return call(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::VarRef>) {
                return var(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Bind>) {
                return bind(n, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Label>) {
                return demand(*n.body, out, scope);
            } else if constexpr (std::is_same_v<T, Node::Break>) {
                return Demand::none();
            } else if constexpr (std::is_same_v<T, Node::Assign>) {
                // An update rebuilds its whole input; both sides may read variables.
                demand(*n.lhs, whole_demand(), scope);
                demand(*n.rhs, whole_demand(), scope);
                return Demand::whole();
            } else {
                static_assert(std::is_same_v<T, Node::RecurseDefault> ||
                              std::is_same_v<T, Node::Format>);
                return Demand::whole();  // `..` and `@format` alone see everything
            }
        },
        node.kind);
}

Demand Analysis::field(const Node::Field& n, bool in_filter, const Demand& out,
                       const FramePtr& scope) {
    Demand of_target = Demand::field(n.name, out);
    if (user_fields_ && in_filter)
        user_fields_->insert(&n);
    return n.target ? demand(*n.target, of_target, scope) : of_target;
}

Demand Analysis::index(const Node::Index& n, const Demand& out, const FramePtr& scope) {
    // `.["name"]` is `.name`; `.[0]` needs one element, taken here as every element.
    Demand of_target = Demand::whole();
    const Node* index = n.index.get();
    const bool negative = std::holds_alternative<Node::Neg>(index->kind);
    if (negative)
        index = std::get<Node::Neg>(index->kind).operand.get();  // `.[-1]`
    if (const auto* literal = std::get_if<Node::Literal>(&index->kind)) {
        if (literal->value.is_string() && !negative)
            of_target = Demand::field(std::string(literal->value.as_string()), out);
        else if (literal->value.is_number())
            of_target = Demand::every(out);
    }
    Demand in = n.target ? demand(*n.target, of_target, scope) : of_target;
    in.join(demand(*n.index, whole_demand(), scope));
    return in;
}

Demand Analysis::array(const Node::ArrayCons& n, const Demand& out, const FramePtr& scope) {
    if (!n.body)
        return Demand::none();
    // What is needed of the array's elements is what is needed of the body's outputs. The
    // body runs whatever is needed of the array, since the array's length counts them.
    if (out.is_whole())
        return demand(*n.body, whole_demand(), scope);
    if (out.level() == Demand::Level::Partial && out.fields().empty())
        return demand(*n.body, out.each(), scope);
    if (out.level() == Demand::Level::Partial)
        return demand(*n.body, whole_demand(), scope);  // `[...] | .a`: an error to report
    return demand(*n.body, none_demand(), scope);
}

Demand Analysis::object(const Node::ObjectCons& n, const Demand& out, const FramePtr& scope) {
    Demand in;
    for (const auto& entry : n.entries) {
        in.join(demand(*entry.key, whole_demand(), scope));
        // A constant key asked for by name gets just what is asked of it.
        Demand of_value = Demand::whole();
        const auto* literal = std::get_if<Node::Literal>(&entry.key->kind);
        if (out.level() == Demand::Level::Partial && literal && literal->value.is_string()) {
            const Demand* asked = out.of_key(literal->value.as_string());
            of_value = asked ? *asked : Demand::none();
        } else if (out.level() == Demand::Level::None || out.level() == Demand::Level::Kind) {
            of_value = Demand::none();
        }
        in.join(demand(*entry.value, of_value, scope));
    }
    return in;
}

Demand Analysis::branches(const Node::If& n, const Demand& out, const FramePtr& scope) {
    Demand in;
    for (const auto& branch : n.branches) {
        in.join(demand(*branch.cond, Demand::kind(), scope));
        in.join(demand(*branch.then, out, scope));
    }
    in.join(n.otherwise ? demand(*n.otherwise, out, scope) : out);
    return in;
}

Demand Analysis::var(const Node::VarRef& n, const Demand& out, const FramePtr& scope) {
    if (n.target.kind == VarTarget::Kind::Global)
        return Demand::none();  // $ENV, --arg values, data imports: not this input
    for (const Frame* f = scope.get(); f; f = f->parent.get()) {
        if (f->kind == Frame::Kind::Var && f->name == n.name) {
            f->uses->join(out);
            return Demand::none();
        }
    }
    throw GiveUp{};  // a local the walk did not bind: never guess
}

Demand Analysis::bind_pattern(const Pattern& pattern, FramePtr& scope, const FramePtr& outer,
                              std::vector<std::shared_ptr<Demand>>& uses) {
    if (const auto* var = std::get_if<Pattern::Var>(&pattern.kind)) {
        uses.push_back(std::make_shared<Demand>());
        scope = push_var(var->name, uses.back(), scope);
        return Demand::none();  // filled in by the caller once the body is walked
    }
    // Destructuring: its variables are bound, and the value is needed whole.
    std::vector<const Pattern*> work{&pattern};
    while (!work.empty()) {
        const Pattern* p = work.back();
        work.pop_back();
        if (const auto* var = std::get_if<Pattern::Var>(&p->kind)) {
            scope = push_var(var->name, std::make_shared<Demand>(), scope);
        } else if (const auto* array = std::get_if<Pattern::Array>(&p->kind)) {
            for (const PatternPtr& element : array->elements) work.push_back(element.get());
        } else if (const auto* object = std::get_if<Pattern::Object>(&p->kind)) {
            for (const ObjectPatternEntry& entry : object->entries) {
                if (!entry.key_var.empty())
                    scope = push_var(entry.key_var, std::make_shared<Demand>(), scope);
                if (entry.key)
                    demand(*entry.key, whole_demand(), outer);
                if (entry.value)
                    work.push_back(entry.value.get());
            }
        }
    }
    return Demand::whole();
}

Demand Analysis::bind(const Node::Bind& n, const Demand& out, const FramePtr& scope) {
    if (n.patterns.size() != 1)
        throw GiveUp{};  // `?//` alternatives
    FramePtr inner = scope;
    std::vector<std::shared_ptr<Demand>> uses;
    Demand of_source = bind_pattern(*n.patterns.front(), inner, scope, uses);
    Demand in = demand(*n.body, out, inner);
    for (const auto& use : uses) of_source.join(*use);
    in.join(demand(*n.source, of_source, scope));
    return in;
}

Demand Analysis::fold(const Node& source, const Pattern& pattern, const Node& init,
                      const Node& update, const Node* extract, const Demand& out,
                      const FramePtr& scope) {
    FramePtr inner = scope;
    std::vector<std::shared_ptr<Demand>> uses;
    Demand of_source = bind_pattern(pattern, inner, scope, uses);
    // The state flows from init through every update to the output (through extract,
    // for foreach): widen what is needed of it until an update needs nothing more.
    Demand state = extract ? demand(*extract, out, inner) : out;
    for (int round = 0;; ++round) {
        if (round == kMaxFixpointRounds)
            throw GiveUp{};
        Demand wider = state;
        wider.join(demand(update, state, inner));
        if (wider == state)
            break;
        state = std::move(wider);
    }
    for (const auto& use : uses) of_source.join(*use);
    Demand in = demand(source, of_source, scope);
    in.join(demand(init, state, scope));
    return in;
}

Demand Analysis::reduce(const Node::Reduce& n, const Demand& out, const FramePtr& scope) {
    return fold(*n.source, *n.pattern, *n.init, *n.update, nullptr, out, scope);
}

Demand Analysis::foreach (const Node::Foreach& n, const Demand& out, const FramePtr& scope) {
    return fold(*n.source, *n.pattern, *n.init, *n.update, n.extract.get(), out, scope);
}

Demand Analysis::call(const Node::Call& n, const Demand& out, const FramePtr& scope) {
    switch (n.target.kind) {
        case CallTarget::Kind::Native: return native(n, out, scope);
        case CallTarget::Kind::Global: return call_def(*n.target.def, n, out, nullptr, scope);
        case CallTarget::Kind::LocalDef:
            // The def sees the scope it was written in, itself included.
            for (FramePtr f = scope; f; f = f->parent) {
                if (f->kind == Frame::Kind::Def && f->def == n.target.def)
                    return call_def(*n.target.def, n, out, f, scope);
            }
            throw GiveUp{};
        case CallTarget::Kind::Param:
            for (const Frame* f = scope.get(); f; f = f->parent.get()) {
                if (f->kind == Frame::Kind::Param && f->name == n.name)
                    return closure(*f, out);
            }
            throw GiveUp{};
        case CallTarget::Kind::Unresolved: break;
    }
    throw GiveUp{};
}

// A closure runs where it was written: `map(map(.x))` is no recursion of map, so the defs
// being followed are those of the call site.
Demand Analysis::closure(const Frame& param, const Demand& out) {
    std::vector<const FuncDef*> saved = calls_;
    calls_.resize(param.calls_at_site);
    Demand in = demand(*param.argument, out, param.argument_scope);
    calls_ = std::move(saved);
    return in;
}

Demand Analysis::call_def(const FuncDef& def, const Node::Call& n, const Demand& out,
                          const FramePtr& def_scope, const FramePtr& scope) {
    // Recursion (`recurse`, `until`, `walk`) would need a fixpoint over the body; such
    // filters are rare on logs and mostly look at everything anyway.
    if (std::find(calls_.begin(), calls_.end(), &def) != calls_.end() ||
        calls_.size() >= kMaxCallDepth)
        throw GiveUp{};
    FramePtr body_scope = def_scope;
    std::vector<std::shared_ptr<Demand>> var_uses(def.params.size());
    for (std::size_t i = 0; i < def.params.size(); ++i) {
        body_scope = std::make_shared<const Frame>(Frame{Frame::Kind::Param, def.params[i].name,
                                                         nullptr, n.args[i].get(), scope, nullptr,
                                                         calls_.size(), body_scope});
    }
    for (std::size_t i = 0; i < def.params.size(); ++i) {
        if (def.params[i].is_var) {
            var_uses[i] = std::make_shared<Demand>();
            body_scope = push_var(def.params[i].name, var_uses[i], body_scope);
        }
    }
    calls_.push_back(&def);
    Demand in = demand(*def.body, out, body_scope);
    calls_.pop_back();
    // A `$x` parameter is each output of its argument, run on the call's input.
    for (std::size_t i = 0; i < def.params.size(); ++i) {
        if (var_uses[i])
            in.join(demand(*n.args[i], *var_uses[i], scope));
    }
    return in;
}

// Natives whose needs are known; every other native needs its input and arguments whole.
enum class NativeRule {
    Nothing,     // `empty`, `now`, `input_filename`: the input is not looked at
    KindOnly,    // `type`, `not`
    EntryCount,  // `length`, `keys`: every key or element, none of the values
    Has,         // `has(k)`: the keys, and the argument whole
    ArgsOnly,    // `range(a; b)`, `error(msg)`: arguments run on the input, nothing else
    LastArg,     // `first(f)`, `last(f)`, `limit(n; f)`: f's outputs are the outputs
    Reorders,    // `_sort_by_impl(keys)`: the input's elements, in another order
    Groups,      // `_group_by_impl(keys)`: arrays of the input's elements
    Picks,       // `_min_by_impl(keys)`: one of the input's elements
    GiveUp,      // `input`, `inputs`: other documents are read
    Whole,       // everything else
};

NativeRule native_rule(std::string_view name, std::size_t arity) {
    static const std::map<std::pair<std::string_view, std::size_t>, NativeRule> rules = {
        {{"empty", 0}, NativeRule::Nothing},
        {{"now", 0}, NativeRule::Nothing},
        {{"input_filename", 0}, NativeRule::Nothing},
        {{"input_line_number", 0}, NativeRule::Nothing},
        {{"builtins", 0}, NativeRule::Nothing},
        {{"infinite", 0}, NativeRule::Nothing},
        {{"nan", 0}, NativeRule::Nothing},
        {{"halt", 0}, NativeRule::Nothing},
        {{"have_decnum", 0}, NativeRule::Nothing},
        {{"have_literal_numbers", 0}, NativeRule::Nothing},
        {{"get_search_list", 0}, NativeRule::Nothing},
        {{"get_prog_origin", 0}, NativeRule::Nothing},
        {{"get_jq_origin", 0}, NativeRule::Nothing},
        {{"type", 0}, NativeRule::KindOnly},
        {{"not", 0}, NativeRule::KindOnly},
        {{"length", 0}, NativeRule::EntryCount},
        {{"keys", 0}, NativeRule::EntryCount},
        {{"keys_unsorted", 0}, NativeRule::EntryCount},
        {{"has", 1}, NativeRule::Has},
        {{"range", 2}, NativeRule::ArgsOnly},
        {{"range", 3}, NativeRule::ArgsOnly},
        {{"error", 1}, NativeRule::ArgsOnly},
        {{"first", 1}, NativeRule::LastArg},
        {{"last", 1}, NativeRule::LastArg},
        {{"limit", 2}, NativeRule::LastArg},
        {{"_sort_by_impl", 1}, NativeRule::Reorders},
        {{"_unique_by_impl", 1}, NativeRule::Reorders},
        {{"_group_by_impl", 1}, NativeRule::Groups},
        {{"_min_by_impl", 1}, NativeRule::Picks},
        {{"_max_by_impl", 1}, NativeRule::Picks},
        {{"_sort_by", 1}, NativeRule::Reorders},
        {{"_unique_by", 1}, NativeRule::Reorders},
        {{"_group_by", 1}, NativeRule::Groups},
        {{"_min_by", 1}, NativeRule::Picks},
        {{"_max_by", 1}, NativeRule::Picks},
        {{"input", 0}, NativeRule::GiveUp},
        {{"inputs", 0}, NativeRule::GiveUp},
    };
    auto it = rules.find({name, arity});
    return it == rules.end() ? NativeRule::Whole : it->second;
}

Demand Analysis::native(const Node::Call& n, const Demand& out, const FramePtr& scope) {
    const NativeRule rule = native_rule(n.name, n.args.size());
    Demand in;
    switch (rule) {
        case NativeRule::Nothing: return in;
        case NativeRule::KindOnly: return Demand::kind();
        case NativeRule::EntryCount: return Demand::every(Demand::none());
        case NativeRule::Has:
            in = Demand::every(Demand::none());
            in.join(demand(*n.args[0], whole_demand(), scope));
            return in;
        case NativeRule::LastArg:
            for (std::size_t i = 0; i + 1 < n.args.size(); ++i)
                in.join(demand(*n.args[i], whole_demand(), scope));
            in.join(demand(*n.args.back(), out, scope));
            return in;
        case NativeRule::Reorders:
        case NativeRule::Groups:
        case NativeRule::Picks: {
            // The keys (the argument, `map([f])` of the input) decide the order; the elements
            // themselves are only moved to the output, so they need what the output needs.
            const Demand& element = rule == NativeRule::Picks      ? out
                                    : rule == NativeRule::Reorders ? out.element()
                                                                   : out.element().element();
            // `_sort_by(f)` runs f on each element; `_sort_by_impl(keys)` gets keys made from
            // the input.
            const bool on_elements =
                n.name.size() < 5 || n.name.substr(n.name.size() - 5) != "_impl";
            if (on_elements) {
                Demand each = element;
                each.join(demand(*n.args[0], whole_demand(), scope));
                return Demand::every_element(each);
            }
            in = Demand::every_element(element);
            in.join(demand(*n.args[0], whole_demand(), scope));
            return in;
        }
        case NativeRule::GiveUp: throw GiveUp{};
        case NativeRule::ArgsOnly:
        case NativeRule::Whole: break;
    }
    // Arguments of natives run on the call's input; the native itself sees all of it,
    // unless the table says it looks only at its arguments.
    for (const NodePtr& arg : n.args) in.join(demand(*arg, whole_demand(), scope));
    if (rule == NativeRule::Whole)
        in.join(whole_demand());
    return in;
}

}  // namespace

Demand input_demand(const Node& expression, const Demand& of_outputs,
                    std::unordered_set<const Node::Field*>* user_fields) {
    try {
        Analysis analysis(user_fields);
        return analysis.demand(expression, of_outputs, nullptr);
    } catch (const GiveUp&) {
        return Demand::whole();
    }
}

Demand input_demand(const Program& program, std::unordered_set<const Node::Field*>* user_fields) {
    return input_demand(program.main(), Demand::whole(), user_fields);
}

}  // namespace ctq
