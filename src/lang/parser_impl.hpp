// The recursive-descent parser's class, shared by the files that implement it:
// parser.cpp (programs, expressions, terms) and parser_literals.cpp (strings,
// object constructions, destructuring patterns, module directives).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/lang/ast.hpp"
#include "ctq/lang/lexer.hpp"
#include "ctq/lang/parser.hpp"
#include "eval/stack_guard.hpp"

namespace ctq::parsing {

// Precedence levels parse_binary() is called with from outside the operator table.
constexpr int kAboveComma = 2;
constexpr int kMultiplicative = 8;

inline Span join(Span a, Span b) {
    return Span{a.begin, b.end};
}

class Parser {
public:
    explicit Parser(const SourceFile& source) : source_(source), tokens_(lex(source)) {}

    ParsedProgram parse_program();

private:
    // ---- token handling ---------------------------------------------------

    const Token& peek(std::size_t ahead = 0) const {
        const std::size_t i = pos_ + ahead;
        return i < tokens_.size() ? tokens_[i] : tokens_.back();
    }
    bool at(TokenKind kind) const { return peek().kind == kind; }
    bool peek_ident(std::string_view name) const {
        return at(TokenKind::Ident) && peek().text == name;
    }
    const Token& advance() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    bool accept(TokenKind kind) {
        if (!at(kind))
            return false;
        advance();
        return true;
    }
    const Token& expect(TokenKind kind, std::string_view what) {
        if (!at(kind))
            unexpected(what);
        return advance();
    }
    [[noreturn]] void unexpected(std::string_view expecting = {}) const {
        std::string message = "syntax error: unexpected " + describe(peek());
        if (!expecting.empty())
            message += ", expecting " + std::string(expecting);
        throw CompileError(peek().span, message);
    }

    // Guards the native stack: 10,000 nested parentheses parse; a filter
    // nested deeper than the stack allows is an error, not a crash.
    struct DepthGuard {
        explicit DepthGuard(Parser& p) : parser(p) {
            if (++parser.depth_ > kMaxDepth || parser.stack_.exhausted()) {
                throw CompileError(parser.peek().span, "filter nesting too deep");
            }
        }
        ~DepthGuard() { --parser.depth_; }
        DepthGuard(const DepthGuard&) = delete;
        DepthGuard& operator=(const DepthGuard&) = delete;
        Parser& parser;
    };
    static constexpr int kMaxDepth = 100000;

    // Whether `TERM as $x | body` may start here; off inside object values,
    // where the body would otherwise swallow the following entries.
    struct BindScope {
        BindScope(Parser& p, bool allow) : parser(p), saved(p.allow_bind_) {
            p.allow_bind_ = allow;
        }
        ~BindScope() { parser.allow_bind_ = saved; }
        BindScope(const BindScope&) = delete;
        BindScope& operator=(const BindScope&) = delete;
        Parser& parser;
        bool saved;
    };

    // ---- expressions ------------------------------------------------------

    NodePtr parse_pipe();

    NodePtr parse_definition();

    std::unique_ptr<FuncDef> parse_funcdef();

    NodePtr parse_binary(int min_precedence);

    static NodePtr combine(TokenKind op, NodePtr lhs, NodePtr rhs);

    // Unary minus binds looser than `*` (jq: `-.a * 2` is `-(.a * 2)`).
    NodePtr parse_unary();

    // ---- terms ------------------------------------------------------------

    // A term with its suffixes; `TERM as $x | body` only where binding is allowed
    // (not in reduce/foreach sources, try bodies or object values).
    NodePtr parse_postfix_term(bool allow_bind = true);

    static bool make_optional(Node& node);

    NodePtr parse_string_field(NodePtr target);

    NodePtr parse_bracket_suffix(NodePtr target);

    NodePtr parse_bind(NodePtr source);

    NodePtr parse_primary();

    NodePtr parse_number_literal();

    NodePtr parse_call_or_constant();

    NodePtr parse_if();

    // `try` and `catch` bodies are postfix terms: `try .a | .b` is `(try .a) | .b`.
    NodePtr parse_try();

    NodePtr parse_try_body();

    NodePtr parse_fold();  // reduce and foreach

    NodePtr parse_label();

    // ---- strings ----------------------------------------------------------

    NodePtr parse_string(std::string format);

    // ---- objects ----------------------------------------------------------

    NodePtr parse_object();

    Node::ObjectCons::Entry parse_object_entry();

    // `{"\(.a)"}` needs the key expression twice; re-parse it from its tokens.
    NodePtr clone_string_key(const Node& key);

    std::size_t token_index_at(std::uint32_t offset) const;

    // Object values: jq 1.7 allowed only terms joined by `|`; jq 1.8 allows any
    // expression short of a top-level `,` (`{x: 1 + 2, y: .a // 3}`).
    NodePtr parse_object_value();

    // ---- patterns ---------------------------------------------------------

    PatternPtr parse_pattern();

    ObjectPatternEntry parse_object_pattern_entry();

    // ---- modules ----------------------------------------------------------

    ModuleDirective parse_directive();

private:
    const SourceFile& source_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    StackGuard stack_;
    bool allow_bind_ = true;
};

}  // namespace ctq::parsing
