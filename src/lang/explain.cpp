// --explain: renders the typed AST as an indented, plain-language tree for learners.
#include "ctq/lang/explain.hpp"

#include <fmt/format.h>

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/output/json_writer.hpp"
#include "explain_labels.hpp"

namespace ctq {
namespace {

using explain_labels::assign_label;
using explain_labels::binop_text;
using explain_labels::format_label;
using explain_labels::friendly_label;

// Inline text longer than this goes on its own lines as a tree instead.
constexpr std::size_t kInlineLimit = 72;

template <class... F>
struct Overload : F... {
    using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

bool is_identifier(std::string_view s) {
    if (s.empty())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        bool digit = c >= '0' && c <= '9';
        if (!alpha && !(digit && i > 0))
            return false;
    }
    return true;
}

std::string pattern_text(const Pattern& p);

// `{a: $x, $b, (.k): $e}` as jq writes it, but "(computed key)" for a computed key.
std::string object_entry_text(const ObjectPatternEntry& e) {
    std::string key;
    if (!e.key_var.empty()) {
        key = fmt::format("${}", e.key_var);
    } else if (auto* lit = std::get_if<Node::Literal>(&e.key->kind)) {
        key = to_json(lit->value);
    } else {
        key = "(computed key)";
    }
    return e.value ? fmt::format("{}: {}", key, pattern_text(*e.value)) : key;
}

std::string pattern_text(const Pattern& p) {
    std::vector<std::string> parts;
    return std::visit(Overload{
                          [](const Pattern::Var& v) { return fmt::format("${}", v.name); },
                          [&](const Pattern::Array& a) {
                              for (const PatternPtr& e : a.elements)
                                  parts.push_back(pattern_text(*e));
                              return fmt::format("[{}]", fmt::join(parts, ", "));
                          },
                          [&](const Pattern::Object& o) {
                              for (const auto& e : o.entries) parts.push_back(object_entry_text(e));
                              return fmt::format("{{{}}}", fmt::join(parts, ", "));
                          },
                      },
                      p.kind);
}

class Explainer {
public:
    std::string out;

    void render(const Node& node, int depth) {
        if (auto text = simple(node)) {
            line(depth, *text);
            return;
        }
        // Short comparisons and logic read best as the jq text itself.
        if (std::holds_alternative<Node::Binary>(node.kind) ||
            std::holds_alternative<Node::And>(node.kind) ||
            std::holds_alternative<Node::Or>(node.kind) ||
            std::holds_alternative<Node::Neg>(node.kind)) {
            if (auto text = inline_text(node)) {
                line(depth, *text);
                return;
            }
        }
        std::visit([&](const auto& k) { render_kind(k, node, depth); }, node.kind);
    }

private:
    void line(int depth, std::string_view text) {
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
        out += text;
        out += '\n';
    }

    // `label: inline` when the child is short, else `label:` and the child below.
    void labelled(int depth, std::string_view label, const Node& child) {
        if (auto text = inline_text(child)) {
            line(depth, fmt::format("{}: {}", label, *text));
        } else {
            line(depth, fmt::format("{}:", label));
            render(child, depth + 1);
        }
    }

    // Leaves printed as themselves: paths without iteration, literals, variables.
    static std::optional<std::string> simple(const Node& node) {
        if (std::holds_alternative<Node::Iterate>(node.kind))
            return std::nullopt;
        if (std::holds_alternative<Node::Literal>(node.kind) ||
            std::holds_alternative<Node::VarRef>(node.kind) ||
            std::holds_alternative<Node::Identity>(node.kind)) {
            return inline_text(node);
        }
        if (!is_path(node))
            return std::nullopt;
        return inline_text(node);
    }

    static bool is_path(const Node& node) {
        if (std::holds_alternative<Node::Identity>(node.kind))
            return true;
        if (std::holds_alternative<Node::VarRef>(node.kind))
            return true;
        if (auto* f = std::get_if<Node::Field>(&node.kind))
            return is_path(*f->target);
        if (auto* i = std::get_if<Node::Index>(&node.kind)) {
            return is_path(*i->target) && std::holds_alternative<Node::Literal>(i->index->kind);
        }
        if (auto* it = std::get_if<Node::Iterate>(&node.kind))
            return is_path(*it->target);
        if (auto* sl = std::get_if<Node::Slice>(&node.kind)) {
            return is_path(*sl->target) && inline_unbounded(node).has_value();
        }
        return false;
    }

    // Path suffixes attach to their target without the leading ".".
    static std::optional<std::string> prefix(const Node& target) {
        if (std::holds_alternative<Node::Identity>(target.kind))
            return std::string();
        return inline_text(target);
    }

    static std::optional<std::string> inline_text(const Node& node) {
        auto text = inline_unbounded(node);
        if (text && text->size() > kInlineLimit)
            return std::nullopt;
        return text;
    }

    static std::optional<std::string> binary_text(const Node& a, std::string_view op,
                                                  const Node& b) {
        auto l = inline_text(a);
        auto r = inline_text(b);
        if (!l || !r)
            return std::nullopt;
        return fmt::format("{} {} {}", *l, op, *r);
    }

    static std::optional<std::string> inline_unbounded(const Node& node) {
        using R = std::optional<std::string>;
        return std::visit(
            Overload{
                [](const Node::Identity&) -> R { return std::string("."); },
                [](const Node::Field& f) -> R {
                    auto p = prefix(*f.target);
                    if (!p)
                        return std::nullopt;
                    std::string key;
                    if (is_identifier(f.name)) {
                        key = f.name;
                    } else {
                        write_json_string(key, f.name, false);
                    }
                    return fmt::format("{}.{}{}", *p, key, f.optional ? "?" : "");
                },
                [](const Node::Index& i) -> R {
                    auto p = prefix(*i.target);
                    auto* lit = std::get_if<Node::Literal>(&i.index->kind);
                    if (!p || !lit)
                        return std::nullopt;
                    return fmt::format("{}[{}]{}", p->empty() ? "." : *p, to_json(lit->value),
                                       i.optional ? "?" : "");
                },
                [](const Node::Iterate& it) -> R {
                    auto p = prefix(*it.target);
                    if (!p)
                        return std::nullopt;
                    return fmt::format("{}[]{}", p->empty() ? "." : *p, it.optional ? "?" : "");
                },
                [](const Node::Slice& s) -> R {
                    auto p = prefix(*s.target);
                    auto bound = [](const NodePtr& b) -> R {
                        if (!b)
                            return std::string();
                        return inline_text(*b);
                    };
                    auto from = bound(s.from);
                    auto to = bound(s.to);
                    if (!p || !from || !to)
                        return std::nullopt;
                    return fmt::format("{}[{}:{}]{}", p->empty() ? "." : *p, *from, *to,
                                       s.optional ? "?" : "");
                },
                [](const Node::Literal& l) -> R { return to_json(l.value); },
                [](const Node::Neg& n) -> R {
                    auto inner = inline_text(*n.operand);
                    if (!inner)
                        return std::nullopt;
                    return fmt::format("-{}", *inner);
                },
                [](const Node::VarRef& v) -> R { return fmt::format("${}", v.name); },
                [](const Node::Binary& b) -> R {
                    return binary_text(*b.lhs, binop_text(b.op).symbol, *b.rhs);
                },
                [](const Node::And& b) -> R { return binary_text(*b.lhs, "and", *b.rhs); },
                [](const Node::Or& b) -> R { return binary_text(*b.lhs, "or", *b.rhs); },
                [](const Node::Alternative& b) -> R { return binary_text(*b.lhs, "//", *b.rhs); },
                [](const auto&) -> R { return std::nullopt; },
            },
            node.kind);
    }

    // ---- one arm per node kind (leaves printed by simple() never get here) ----

    void render_kind(const Node::Identity&, const Node&, int depth) { line(depth, "."); }
    void render_kind(const Node::Literal&, const Node& n, int depth) {
        line(depth, *inline_unbounded(n));
    }
    void render_kind(const Node::VarRef& v, const Node&, int depth) {
        line(depth, fmt::format("the variable ${}", v.name));
    }
    void render_kind(const Node::RecurseDefault&, const Node&, int depth) {
        line(depth, ".. (the input and every value inside it, recursively)");
    }
    void render_kind(const Node::Field& f, const Node&, int depth) {
        std::string key;
        write_json_string(key, f.name, false);
        line(depth, fmt::format("the field {}{} of:", key, f.optional ? " (errors ignored)" : ""));
        render(*f.target, depth + 1);
    }
    void render_kind(const Node::Index& i, const Node&, int depth) {
        line(depth,
             fmt::format("look up an index or key{}:", i.optional ? " (errors ignored)" : ""));
        labelled(depth + 1, "in", *i.target);
        labelled(depth + 1, "at", *i.index);
    }
    void render_kind(const Node::Slice& s, const Node&, int depth) {
        line(depth, fmt::format("slice{}:", s.optional ? " (errors ignored)" : ""));
        labelled(depth + 1, "of", *s.target);
        if (s.from)
            labelled(depth + 1, "from", *s.from);
        if (s.to)
            labelled(depth + 1, "up to (not including)", *s.to);
    }
    void render_kind(const Node::Iterate& it, const Node&, int depth) {
        const char* label =
            it.optional ? "for each element (errors ignored) of" : "for each element of";
        if (std::holds_alternative<Node::Identity>(it.target->kind)) {
            line(depth, fmt::format("{} the input", label));
        } else if (auto t = inline_text(*it.target)) {
            line(depth, fmt::format("{} {}", label, *t));
        } else {
            line(depth, fmt::format("{}:", label));
            render(*it.target, depth + 1);
        }
    }
    void render_kind(const Node::StringInterp& s, const Node&, int depth) {
        if (s.format.empty()) {
            line(depth, "build a string from:");
        } else {
            line(depth, fmt::format("build a string, with each inserted value {} (@{}), from:",
                                    format_label(s.format), s.format));
        }
        for (const auto& part : s.parts) {
            if (auto* text = std::get_if<std::string>(&part)) {
                std::string lit;
                write_json_string(lit, *text, false);
                line(depth + 1, fmt::format("the text {}", lit));
            } else {
                labelled(depth + 1, "the value of", *std::get<NodePtr>(part));
            }
        }
    }
    void render_kind(const Node::Format& f, const Node&, int depth) {
        line(depth, fmt::format("the input {} (@{})", format_label(f.name), f.name));
    }
    void render_kind(const Node::ArrayCons& a, const Node&, int depth) {
        if (!a.body) {
            line(depth, "an empty array []");
            return;
        }
        line(depth, "build an array of:");
        render_flat<Node::Comma>(*a.body, depth + 1);
    }
    void render_kind(const Node::ObjectCons& o, const Node&, int depth) {
        if (o.entries.empty()) {
            line(depth, "an empty object {}");
            return;
        }
        line(depth, "build an object with:");
        for (const auto& e : o.entries) {
            std::string key;
            auto* lit = std::get_if<Node::Literal>(&e.key->kind);
            if (lit && lit->value.is_string()) {
                key = fmt::format("key {}", to_json(lit->value));
            } else if (auto t = inline_text(*e.key)) {
                key = fmt::format("key from {}", *t);
            }
            if (key.empty()) {
                line(depth + 1, "a key computed by:");
                render(*e.key, depth + 2);
                key = "and its value";
            }
            if (e.value) {
                labelled(depth + 1, key, *e.value);
            } else {
                line(depth + 1, fmt::format("{} (value taken from the same name)", key));
            }
        }
    }
    void render_kind(const Node::Neg& n, const Node&, int depth) {
        labelled(depth, "the negative (-) of", *n.operand);
    }
    void render_kind(const Node::Binary& b, const Node&, int depth) {
        line(depth, binop_text(b.op).label);
        render(*b.lhs, depth + 1);
        render(*b.rhs, depth + 1);
    }
    void render_kind(const Node::And& b, const Node&, int depth) {
        line(depth, "true when both are true (and):");
        render(*b.lhs, depth + 1);
        render(*b.rhs, depth + 1);
    }
    void render_kind(const Node::Or& b, const Node&, int depth) {
        line(depth, "true when either is true (or):");
        render(*b.lhs, depth + 1);
        render(*b.rhs, depth + 1);
    }
    void render_kind(const Node::Alternative& b, const Node&, int depth) {
        auto l = inline_text(*b.lhs);
        auto r = inline_text(*b.rhs);
        if (l && r) {
            line(depth,
                 fmt::format("{}, or else {} if that is null, false or missing (//)", *l, *r));
            return;
        }
        line(depth, "the left's outputs that are not null or false, or else the right (//):");
        render(*b.lhs, depth + 1);
        render(*b.rhs, depth + 1);
    }
    void render_kind(const Node::Pipe&, const Node& n, int depth) {
        line(depth, "pipe: feed each output of the left into the right");
        render_flat<Node::Pipe>(n, depth + 1);
    }
    void render_kind(const Node::Comma&, const Node& n, int depth) {
        line(depth, "output each of these in turn:");
        render_flat<Node::Comma>(n, depth + 1);
    }
    void render_kind(const Node::Assign& a, const Node&, int depth) {
        line(depth, assign_label(a.op));
        render(*a.lhs, depth + 1);
        render(*a.rhs, depth + 1);
    }
    void render_kind(const Node::If& i, const Node&, int depth) {
        for (std::size_t b = 0; b < i.branches.size(); ++b) {
            labelled(depth, b == 0 ? "if" : "else if", *i.branches[b].cond);
            labelled(depth + 1, "then", *i.branches[b].then);
        }
        if (i.otherwise) {
            labelled(depth, "else", *i.otherwise);
        } else {
            line(depth, "else: the input unchanged");
        }
    }
    void render_kind(const Node::Try& t, const Node&, int depth) {
        if (!t.handler) {
            labelled(depth, "try, dropping any error (?)", *t.body);
            return;
        }
        labelled(depth, "try", *t.body);
        labelled(depth, "on error, with the error message as input", *t.handler);
    }
    void render_kind(const Node::Reduce& r, const Node&, int depth) {
        line(depth, "reduce: combine all outputs into one result");
        labelled(depth + 1, fmt::format("for each output, as {}, of", pattern_text(*r.pattern)),
                 *r.source);
        labelled(depth + 1, "start with", *r.init);
        labelled(depth + 1, "then replace the result (.) with", *r.update);
    }
    void render_kind(const Node::Foreach& f, const Node&, int depth) {
        line(depth, "foreach: keep a running state and output as it changes");
        labelled(depth + 1, fmt::format("for each output, as {}, of", pattern_text(*f.pattern)),
                 *f.source);
        labelled(depth + 1, "start with", *f.init);
        labelled(depth + 1, "update the state (.) with", *f.update);
        if (f.extract) {
            labelled(depth + 1, "and output", *f.extract);
        } else {
            line(depth + 1, "and output the state");
        }
    }
    void render_kind(const Node::Define& d, const Node&, int depth) {
        std::string sig = d.def->name;
        if (!d.def->params.empty()) {
            sig += "(";
            for (std::size_t i = 0; i < d.def->params.size(); ++i) {
                if (i > 0)
                    sig += "; ";
                fmt::format_to(std::back_inserter(sig), "{}{}", d.def->params[i].is_var ? "$" : "",
                               d.def->params[i].name);
            }
            sig += ")";
        }
        labelled(depth, fmt::format("define the function {} as", sig), *d.def->body);
        if (d.rest)
            render(*d.rest, depth);
    }
    void render_kind(const Node::Call& c, const Node&, int depth) {
        const std::string sig = fmt::format("{}/{}", c.name, c.args.size());
        const auto label = friendly_label(c.name, c.args.size());
        if (c.args.empty()) {
            line(depth, label ? fmt::format("{} ({})", *label, c.name)
                              : fmt::format("call the function {}", sig));
            return;
        }
        const std::string head =
            label ? std::string(*label) : fmt::format("call the function {} with", sig);
        if (c.args.size() == 1) {
            labelled(depth, head, *c.args[0]);
            return;
        }
        line(depth, fmt::format("{}:", head));
        for (std::size_t i = 0; i < c.args.size(); ++i) {
            labelled(depth + 1, fmt::format("argument {}", i + 1), *c.args[i]);
        }
    }
    void render_kind(const Node::Bind& b, const Node&, int depth) {
        std::vector<std::string> patterns;
        for (const PatternPtr& pattern : b.patterns) patterns.push_back(pattern_text(*pattern));
        labelled(depth,
                 fmt::format("for each output, bound to {}, of", fmt::join(patterns, " or else ")),
                 *b.source);
        labelled(depth + 1, "run, with the original input", *b.body);
    }
    void render_kind(const Node::Label& l, const Node&, int depth) {
        labelled(depth, fmt::format("label ${0} (break ${0} stops here)", l.name), *l.body);
    }
    void render_kind(const Node::Break& b, const Node&, int depth) {
        line(depth, fmt::format("break out to label ${}", b.name));
    }
    void render_kind(const Node::Loc& l, const Node&, int depth) {
        line(depth, fmt::format("$__loc__ (the file and line: {}:{})", l.file, l.line));
    }

    // Chains like a | b | c or a, b, c read best as one list of siblings.
    template <class K>
    void render_flat(const Node& node, int depth) {
        if (auto* k = std::get_if<K>(&node.kind)) {
            render_flat<K>(*k->lhs, depth);
            render_flat<K>(*k->rhs, depth);
        } else {
            render(node, depth);
        }
    }
};

}  // namespace

std::string explain(const Node& root) {
    Explainer e;
    e.render(root, 0);
    return std::move(e.out);
}

}  // namespace ctq
