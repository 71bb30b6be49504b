// The typed syntax tree of a jq filter: one node kind per construct, each with its span.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "ctq/lang/source.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

struct Node;
using NodePtr = std::unique_ptr<Node>;
struct Builtin;
struct FuncDef;

enum class BinOp { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge };

/// Assignment operators: `=`, `|=`, and the arithmetic updates `+=` ... `//=`.
enum class AssignOp { Set, Update, Add, Sub, Mul, Div, Mod, Alt };

// ---- Destructuring patterns (`. as [$a, {b: $c}]`) ----------------------

struct Pattern;
using PatternPtr = std::unique_ptr<Pattern>;

struct ObjectPatternEntry {
    std::string key_var;  // `$name` entries: the variable bound to .name (and the key)
    NodePtr key;          // otherwise the key expression (a literal string or `(exp)`)
    PatternPtr value;     // may be null only for `$name` entries
};

struct Pattern {
    /// `$x`
    struct Var {
        std::string name;
    };
    /// `[$a, $b]`
    struct Array {
        std::vector<PatternPtr> elements;
    };
    /// `{a: $x, $b, "c": [$d], (.k): $e}`
    struct Object {
        std::vector<ObjectPatternEntry> entries;
    };
    Span span;
    std::variant<Var, Array, Object> kind;
};

// ---- How a name was resolved (filled in by the resolver) ----------------

/// Where a call goes. Local targets are found `depth` frames up the runtime
/// environment, which mirrors the resolver's scope chain exactly.
struct CallTarget {
    enum class Kind { Unresolved, Native, Global, LocalDef, Param } kind = Kind::Unresolved;
    const Builtin* native = nullptr;  // Native
    const FuncDef* def = nullptr;     // Global, LocalDef
    std::size_t depth = 0;            // LocalDef, Param
};

struct VarTarget {
    enum class Kind { Unresolved, Local, Global } kind = Kind::Unresolved;
    std::size_t index = 0;  // depth up the environment, or slot in the globals
};

// ---- Nodes ---------------------------------------------------------------

/// A function definition `def name(params): body;`.
struct FuncDef {
    struct Param {
        std::string name;
        bool is_var = false;  // `$x` parameters bind both a filter `x` and a variable `$x`
    };
    std::string name;
    std::vector<Param> params;
    NodePtr body;
    Span span;
    bool global = false;  // defined at the top level, so it captures no local bindings
};

struct Node {
    /// `.`
    struct Identity {};
    /// `..`
    struct RecurseDefault {};
    // Accesses carry `optional` for a trailing `?` (`.a?`, `.[]?`): it skips
    // the values the access fails on, one by one, unlike `(...)?`, which
    // stops at the first error.

    /// `.foo`, `."foo"`, `$x.foo`, `.foo?`
    struct Field {
        NodePtr target;
        std::string name;
        bool optional = false;
    };
    /// `.[e]`, `.a[0]`
    struct Index {
        NodePtr target;
        NodePtr index;
        bool optional = false;
    };
    /// `.[a:b]`, `.[a:]`, `.[:b]`
    struct Slice {
        NodePtr target;
        NodePtr from;  // may be null
        NodePtr to;    // may be null
        bool optional = false;
    };
    /// `.[]`, `.[]?`
    struct Iterate {
        NodePtr target;
        bool optional = false;
    };
    /// `1`, `"text"`, `null`, `true`, `false`
    struct Literal {
        Value value;
    };
    /// `"a\(.b)c"`, `@csv "\(.x)"`; literal parts are strings, the rest nodes
    struct StringInterp {
        std::vector<std::variant<std::string, NodePtr>> parts;
        std::string format;  // "" means text
    };
    /// `@base64` alone: applies the format to `.`
    struct Format {
        std::string name;
    };
    /// `[e]`, `[]`
    struct ArrayCons {
        NodePtr body;  // may be null
    };
    /// `{a: 1, (k): v, $x}`
    struct ObjectCons {
        struct Entry {
            NodePtr key;
            NodePtr value;
        };
        std::vector<Entry> entries;
    };
    /// `-e`
    struct Neg {
        NodePtr operand;
    };
    /// `a + b`, `a == b`, ...
    struct Binary {
        BinOp op;
        NodePtr lhs, rhs;
    };
    /// `a and b`
    struct And {
        NodePtr lhs, rhs;
    };
    /// `a or b`
    struct Or {
        NodePtr lhs, rhs;
    };
    /// `a // b`
    struct Alternative {
        NodePtr lhs, rhs;
    };
    /// `a | b`
    struct Pipe {
        NodePtr lhs, rhs;
    };
    /// `a, b`
    struct Comma {
        NodePtr lhs, rhs;
    };
    /// `a = b`, `a |= f`, `a += b`, ...
    struct Assign {
        AssignOp op;
        NodePtr lhs, rhs;
    };
    /// `if c then a elif d then b else e end`
    struct If {
        struct Branch {
            NodePtr cond, then;
        };
        std::vector<Branch> branches;
        NodePtr otherwise;  // may be null: `if c then a end` means `else .`
    };
    /// `try a catch b`, `a?`
    struct Try {
        NodePtr body;
        NodePtr handler;  // may be null
    };
    /// `reduce SOURCE as $x (INIT; UPDATE)`
    struct Reduce {
        NodePtr source;
        PatternPtr pattern;
        NodePtr init, update;
    };
    /// `foreach SOURCE as $x (INIT; UPDATE; EXTRACT)`
    struct Foreach {
        NodePtr source;
        PatternPtr pattern;
        NodePtr init, update, extract;  // extract may be null
    };
    /// `def f: body; rest`
    struct Define {
        std::unique_ptr<FuncDef> def;
        NodePtr rest;
    };
    /// `f`, `f(a; b)`, `m::f`
    struct Call {
        std::string name;
        std::vector<NodePtr> args;
        CallTarget target;
    };
    /// `$x`
    struct VarRef {
        std::string name;
        VarTarget target;
    };
    /// `SOURCE as $x | body`, `SOURCE as [$a] ?// {$a} | body`
    struct Bind {
        NodePtr source;
        std::vector<PatternPtr> patterns;  // more than one with `?//`
        NodePtr body;
    };
    /// `label $out | body`
    struct Label {
        std::string name;
        NodePtr body;
    };
    /// `break $out`
    struct Break {
        std::string name;
        VarTarget target;
    };
    /// `$__loc__`
    struct Loc {
        std::string file;
        std::uint32_t line;
    };

    using Kind = std::variant<Identity, RecurseDefault, Field, Index, Slice, Iterate, Literal,
                              StringInterp, Format, ArrayCons, ObjectCons, Neg, Binary, And, Or,
                              Alternative, Pipe, Comma, Assign, If, Try, Reduce, Foreach, Define,
                              Call, VarRef, Bind, Label, Break, Loc>;

    Span span;
    Kind kind;
    /// Part of the user's filter (not the prelude or a module), so a runtime
    /// error can point at it: spans of such nodes refer to Program::source().
    bool in_filter = false;

    template <class T>
    Node(Span s, T&& k) : span(s), kind(std::forward<T>(k)) {
        // A compiled filter is run by several threads at once (--threads), each copying
        // its constants.
        if (auto* literal = std::get_if<Literal>(&kind))
            literal->value.share();
    }
};

template <class T>
NodePtr make_node(Span span, T&& kind) {
    return std::make_unique<Node>(span, std::forward<T>(kind));
}

/// A module directive: `import "path" as name;`, `import "path" as $name;`, `include "path";`
struct ModuleDirective {
    enum class Kind { Import, ImportData, Include } kind;
    std::string path;
    std::string alias;
    NodePtr metadata;  // a constant object, or null
    Span span;
};

/// A parsed filter or module: directives, then the body (a chain of Define
/// nodes, ending in the main expression; a module's body ends in Identity).
struct ParsedProgram {
    NodePtr module_metadata;  // `module {...};`, or null
    std::vector<ModuleDirective> directives;
    NodePtr body;
};

}  // namespace ctq
