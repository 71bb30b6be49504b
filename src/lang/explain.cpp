// --explain: renders the typed AST as an indented, plain-language tree for learners.
#include "ctq/lang/explain.hpp"

#include <optional>
#include <string_view>

#include "ctq/output/json_writer.hpp"

namespace ctq {
namespace {

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

std::string_view binop_symbol(BinOp op) {
    switch (op) {
        case BinOp::Add: return "+";
        case BinOp::Sub: return "-";
        case BinOp::Mul: return "*";
        case BinOp::Div: return "/";
        case BinOp::Mod: return "%";
        case BinOp::Eq: return "==";
        case BinOp::Ne: return "!=";
        case BinOp::Lt: return "<";
        case BinOp::Le: return "<=";
        case BinOp::Gt: return ">";
        case BinOp::Ge: return ">=";
    }
    return "?";
}

std::string_view binop_label(BinOp op) {
    switch (op) {
        case BinOp::Add: return "add (+) these two:";
        case BinOp::Sub: return "subtract (-) the second from the first:";
        case BinOp::Mul: return "multiply (*) these two:";
        case BinOp::Div: return "divide (/) the first by the second:";
        case BinOp::Mod: return "remainder (%) of the first divided by the second:";
        case BinOp::Eq: return "true when these are equal (==):";
        case BinOp::Ne: return "true when these differ (!=):";
        case BinOp::Lt: return "true when the first is less than (<) the second:";
        case BinOp::Le: return "true when the first is at most (<=) the second:";
        case BinOp::Gt: return "true when the first is greater than (>) the second:";
        case BinOp::Ge: return "true when the first is at least (>=) the second:";
    }
    return "?";
}

std::string_view assign_label(AssignOp op) {
    switch (op) {
        case AssignOp::Set: return "set (=) the paths on the left to the value on the right:";
        case AssignOp::Update: return "update (|=) the values at the left's paths with the filter:";
        case AssignOp::Add: return "add (+=) the right to the values at the left's paths:";
        case AssignOp::Sub: return "subtract (-=) the right from the values at the left's paths:";
        case AssignOp::Mul: return "multiply (*=) the values at the left's paths by the right:";
        case AssignOp::Div: return "divide (/=) the values at the left's paths by the right:";
        case AssignOp::Mod: return "take the remainder (%=) of the values at the left's paths:";
        case AssignOp::Alt: return "default (//=) the values at the left's paths to the right:";
    }
    return "?";
}

std::string format_label(std::string_view name) {
    struct Entry {
        std::string_view name, what;
    };
    static constexpr Entry kFormats[] = {
        {"text", "as text"},
        {"json", "as JSON text"},
        {"csv", "as a CSV row"},
        {"tsv", "as a tab-separated row"},
        {"html", "HTML-escaped"},
        {"uri", "percent-encoded for a URI"},
        {"sh", "quoted for a shell"},
        {"base64", "encoded as base64"},
        {"base64d", "decoded from base64"},
        {"base32", "encoded as base32"},
        {"base32d", "decoded from base32"},
    };
    for (const auto& f : kFormats) {
        if (f.name == name)
            return std::string(f.what);
    }
    return "with the @" + std::string(name) + " format";
}

// Friendly labels for common builtins, keyed by name/arity.
struct Friendly {
    std::string_view name;
    std::size_t arity;
    std::string_view label;
};
constexpr Friendly kFriendly[] = {
    {"select", 1, "keep the input only where"},
    {"map", 1, "apply to each element and collect into an array"},
    {"map_values", 1, "apply to each value, keeping the keys"},
    {"sort_by", 1, "sort the array by"},
    {"group_by", 1, "group the array's elements by"},
    {"unique_by", 1, "keep one element per distinct"},
    {"min_by", 1, "the element with the smallest"},
    {"max_by", 1, "the element with the largest"},
    {"with_entries", 1, "rewrite each {key, value} entry of the object with"},
    {"to_entries", 0, "the object as a list of {key, value} entries"},
    {"from_entries", 0, "an object built from {key, value} entries"},
    {"length", 0, "the length of the input"},
    {"keys", 0, "the input's keys, sorted"},
    {"keys_unsorted", 0, "the input's keys, in order"},
    {"has", 1, "true when the input has the key"},
    {"empty", 0, "produce no output"},
    {"error", 0, "raise the input as an error"},
    {"error", 1, "raise an error with the message"},
    {"not", 0, "the logical opposite of the input"},
    {"type", 0, "the input's type name"},
    {"add", 0, "add up the array's elements"},
    {"sort", 0, "sort the array"},
    {"unique", 0, "sort the array and drop duplicates"},
    {"reverse", 0, "reverse the input"},
    {"tostring", 0, "the input as a string"},
    {"tonumber", 0, "the input as a number"},
    {"tojson", 0, "the input as JSON text"},
    {"fromjson", 0, "parse the input as JSON text"},
    {"ascii_downcase", 0, "the string in lower case"},
    {"ascii_upcase", 0, "the string in upper case"},
    {"test", 1, "true when the string matches the regex"},
    {"startswith", 1, "true when the string starts with"},
    {"endswith", 1, "true when the string ends with"},
    {"contains", 1, "true when the input contains"},
    {"join", 1, "join the array's strings with the separator"},
    {"split", 1, "split the string at"},
    {"first", 1, "only the first output of"},
    {"last", 1, "only the last output of"},
    {"limit", 2, "at most this many outputs"},
    {"first", 0, "the first element"},
    {"last", 0, "the last element"},
    {"del", 1, "delete the paths"},
    {"path", 1, "the paths (as arrays) of"},
    {"paths", 0, "every path in the input"},
    {"recurse", 0, "the input and every value inside it, recursively"},
    {"recurse", 1, "recursively apply and output"},
    {"any", 0, "true when any element is true"},
    {"all", 0, "true when every element is true"},
    {"any", 1, "true when any element satisfies"},
    {"all", 1, "true when every element satisfies"},
    {"range", 1, "the numbers from 0 up to (not including)"},
    {"range", 2, "the numbers from the first up to (not including) the second"},
    {"min", 0, "the smallest element"},
    {"max", 0, "the largest element"},
    {"flatten", 0, "flatten nested arrays"},
    {"to_entries", 0, "the object as {key, value} entries"},
    {"input", 0, "read the next input"},
    {"inputs", 0, "every remaining input"},
    {"debug", 0, "print the input to stderr and pass it on"},
    {"env", 0, "the environment variables as an object"},
    {"now", 0, "the current time in seconds since the epoch"},
    {"todate", 0, "the number of seconds as an ISO 8601 date"},
    {"fromdate", 0, "the ISO 8601 date as seconds since the epoch"},
    {"ltrimstr", 1, "remove this prefix if present"},
    {"rtrimstr", 1, "remove this suffix if present"},
    {"sub", 2, "replace the first regex match"},
    {"gsub", 2, "replace every regex match"},
    {"capture", 1, "an object of the named regex captures"},
    {"isempty", 1, "true when there are no outputs from"},
    {"getpath", 1, "the value at the path"},
    {"splits", 1, "split the string at each regex match"},
    {"strftime", 1, "format the time with"},
    {"tostream", 0, "the input as [path, leaf] events"},
    {"walk", 1, "apply bottom-up to every value"},
    {"ascii", 0, "the character with this code"},
    {"records", 0, "each CloudTrail event, whatever the input's shape"},
    {"principal", 0, "a readable name for who made the call"},
};

std::optional<std::string_view> friendly(const std::string& name, std::size_t arity) {
    for (const auto& f : kFriendly) {
        if (f.name == name && f.arity == arity)
            return f.label;
    }
    return std::nullopt;
}

std::string pattern_text(const Pattern& p);

std::string pattern_text(const Pattern& p) {
    return std::visit(Overload{
                          [](const Pattern::Var& v) { return "$" + v.name; },
                          [](const Pattern::Array& a) {
                              std::string s = "[";
                              for (std::size_t i = 0; i < a.elements.size(); ++i) {
                                  if (i > 0)
                                      s += ", ";
                                  s += pattern_text(*a.elements[i]);
                              }
                              return s + "]";
                          },
                          [](const Pattern::Object& o) {
                              std::string s = "{";
                              bool first = true;
                              for (const auto& e : o.entries) {
                                  if (!first)
                                      s += ", ";
                                  first = false;
                                  if (!e.key_var.empty()) {
                                      s += "$" + e.key_var;
                                  } else if (auto* lit = std::get_if<Node::Literal>(&e.key->kind)) {
                                      s += to_json(lit->value);
                                  } else {
                                      s += "(computed key)";
                                  }
                                  if (e.value)
                                      s += ": " + pattern_text(*e.value);
                              }
                              return s + "}";
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
            line(depth, std::string(label) + ": " + *text);
        } else {
            line(depth, std::string(label) + ":");
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
        return *l + " " + std::string(op) + " " + *r;
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
                    return *p + "." + key + (f.optional ? "?" : "");
                },
                [](const Node::Index& i) -> R {
                    auto p = prefix(*i.target);
                    auto* lit = std::get_if<Node::Literal>(&i.index->kind);
                    if (!p || !lit)
                        return std::nullopt;
                    std::string s = p->empty() ? "." : *p;
                    return s + "[" + to_json(lit->value) + "]" + (i.optional ? "?" : "");
                },
                [](const Node::Iterate& it) -> R {
                    auto p = prefix(*it.target);
                    if (!p)
                        return std::nullopt;
                    std::string s = p->empty() ? "." : *p;
                    return s + "[]" + (it.optional ? "?" : "");
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
                    std::string t = p->empty() ? "." : *p;
                    return t + "[" + *from + ":" + *to + "]" + (s.optional ? "?" : "");
                },
                [](const Node::Literal& l) -> R { return to_json(l.value); },
                [](const Node::Neg& n) -> R {
                    auto inner = inline_text(*n.operand);
                    if (!inner)
                        return std::nullopt;
                    return "-" + *inner;
                },
                [](const Node::VarRef& v) -> R { return "$" + v.name; },
                [](const Node::Binary& b) -> R {
                    return binary_text(*b.lhs, binop_symbol(b.op), *b.rhs);
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
        line(depth, "the variable $" + v.name);
    }
    void render_kind(const Node::RecurseDefault&, const Node&, int depth) {
        line(depth, ".. (the input and every value inside it, recursively)");
    }
    void render_kind(const Node::Field& f, const Node&, int depth) {
        std::string key;
        write_json_string(key, f.name, false);
        line(depth, "the field " + key + (f.optional ? " (errors ignored)" : "") + " of:");
        render(*f.target, depth + 1);
    }
    void render_kind(const Node::Index& i, const Node&, int depth) {
        line(depth, std::string("look up an index or key") +
                        (i.optional ? " (errors ignored)" : "") + ":");
        labelled(depth + 1, "in", *i.target);
        labelled(depth + 1, "at", *i.index);
    }
    void render_kind(const Node::Slice& s, const Node&, int depth) {
        line(depth, std::string("slice") + (s.optional ? " (errors ignored)" : "") + ":");
        labelled(depth + 1, "of", *s.target);
        if (s.from)
            labelled(depth + 1, "from", *s.from);
        if (s.to)
            labelled(depth + 1, "up to (not including)", *s.to);
    }
    void render_kind(const Node::Iterate& it, const Node&, int depth) {
        std::string label = "for each element of";
        if (it.optional)
            label = "for each element (errors ignored) of";
        if (std::holds_alternative<Node::Identity>(it.target->kind)) {
            line(depth, label + " the input");
        } else if (auto t = inline_text(*it.target)) {
            line(depth, label + " " + *t);
        } else {
            line(depth, label + ":");
            render(*it.target, depth + 1);
        }
    }
    void render_kind(const Node::StringInterp& s, const Node&, int depth) {
        if (s.format.empty()) {
            line(depth, "build a string from:");
        } else {
            line(depth, "build a string, with each inserted value " + format_label(s.format) +
                            " (@" + s.format + "), from:");
        }
        for (const auto& part : s.parts) {
            if (auto* text = std::get_if<std::string>(&part)) {
                std::string lit;
                write_json_string(lit, *text, false);
                line(depth + 1, "the text " + lit);
            } else {
                labelled(depth + 1, "the value of", *std::get<NodePtr>(part));
            }
        }
    }
    void render_kind(const Node::Format& f, const Node&, int depth) {
        line(depth, "the input " + format_label(f.name) + " (@" + f.name + ")");
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
                key = "key " + to_json(lit->value);
            } else if (auto t = inline_text(*e.key)) {
                key = "key from " + *t;
            }
            if (key.empty()) {
                line(depth + 1, "a key computed by:");
                render(*e.key, depth + 2);
                key = "and its value";
            }
            if (e.value) {
                labelled(depth + 1, key, *e.value);
            } else {
                line(depth + 1, key + " (value taken from the same name)");
            }
        }
    }
    void render_kind(const Node::Neg& n, const Node&, int depth) {
        labelled(depth, "the negative (-) of", *n.operand);
    }
    void render_kind(const Node::Binary& b, const Node&, int depth) {
        line(depth, binop_label(b.op));
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
            line(depth, *l + ", or else " + *r + " if that is null, false or missing (//)");
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
        labelled(depth + 1, "for each output, as " + pattern_text(*r.pattern) + ", of", *r.source);
        labelled(depth + 1, "start with", *r.init);
        labelled(depth + 1, "then replace the result (.) with", *r.update);
    }
    void render_kind(const Node::Foreach& f, const Node&, int depth) {
        line(depth, "foreach: keep a running state and output as it changes");
        labelled(depth + 1, "for each output, as " + pattern_text(*f.pattern) + ", of", *f.source);
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
                sig += (d.def->params[i].is_var ? "$" : "") + d.def->params[i].name;
            }
            sig += ")";
        }
        labelled(depth, "define the function " + sig + " as", *d.def->body);
        if (d.rest)
            render(*d.rest, depth);
    }
    void render_kind(const Node::Call& c, const Node&, int depth) {
        std::string sig = c.name + "/" + std::to_string(c.args.size());
        auto label = friendly(c.name, c.args.size());
        if (c.args.empty()) {
            line(depth,
                 label ? std::string(*label) + " (" + c.name + ")" : "call the function " + sig);
            return;
        }
        std::string head = label ? std::string(*label) : "call the function " + sig + " with";
        if (c.args.size() == 1) {
            labelled(depth, head, *c.args[0]);
            return;
        }
        line(depth, head + ":");
        for (std::size_t i = 0; i < c.args.size(); ++i) {
            labelled(depth + 1, "argument " + std::to_string(i + 1), *c.args[i]);
        }
    }
    void render_kind(const Node::Bind& b, const Node&, int depth) {
        std::string pats;
        for (std::size_t i = 0; i < b.patterns.size(); ++i) {
            if (i > 0)
                pats += " or else ";
            pats += pattern_text(*b.patterns[i]);
        }
        labelled(depth, "for each output, bound to " + pats + ", of", *b.source);
        labelled(depth + 1, "run, with the original input", *b.body);
    }
    void render_kind(const Node::Label& l, const Node&, int depth) {
        labelled(depth, "label $" + l.name + " (break $" + l.name + " stops here)", *l.body);
    }
    void render_kind(const Node::Break& b, const Node&, int depth) {
        line(depth, "break out to label $" + b.name);
    }
    void render_kind(const Node::Loc& l, const Node&, int depth) {
        line(depth, "$__loc__ (the file and line: " + l.file + ":" + std::to_string(l.line) + ")");
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
