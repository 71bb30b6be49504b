// Recursive-descent parser for jq, with precedence climbing for binary operators.
//
// Precedence, lowest first (jq's parser.y): `|` (right) < `,` < `//` (right)
// < assignment (non-assoc) < `or` < `and` < comparisons (non-assoc) < `+ -`
// < `* / %`. `def`, `label` and `TERM as $x |` extend as far right as they can.
#include "ctq/parser.hpp"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "ctq/error.hpp"
#include "ctq/lexer.hpp"
#include "stack_guard.hpp"

namespace ctq {

namespace {

enum class Assoc { Left, Right, None };

struct OperatorInfo {
    int precedence = -1;  // -1: not a binary operator
    Assoc assoc = Assoc::Left;
};

// `|` is handled by parse_pipe, so the table starts at `,`.
OperatorInfo operator_info(TokenKind kind) {
    switch (kind) {
        case TokenKind::Comma: return {1, Assoc::Left};
        case TokenKind::Alt: return {2, Assoc::Right};
        case TokenKind::Assign:
        case TokenKind::UpdatePipe:
        case TokenKind::UpdatePlus:
        case TokenKind::UpdateMinus:
        case TokenKind::UpdateStar:
        case TokenKind::UpdateSlash:
        case TokenKind::UpdatePercent:
        case TokenKind::UpdateAlt: return {3, Assoc::None};
        case TokenKind::Or: return {4, Assoc::Left};
        case TokenKind::And: return {5, Assoc::Left};
        case TokenKind::Eq:
        case TokenKind::Ne:
        case TokenKind::Lt:
        case TokenKind::Le:
        case TokenKind::Gt:
        case TokenKind::Ge: return {6, Assoc::None};
        case TokenKind::Plus:
        case TokenKind::Minus: return {7, Assoc::Left};
        case TokenKind::Star:
        case TokenKind::Slash:
        case TokenKind::Percent: return {8, Assoc::Left};
        default: return {};
    }
}

constexpr int kAboveComma = 2;
constexpr int kMultiplicative = 8;

Span join(Span a, Span b) {
    return Span{a.begin, b.end};
}

class Parser {
public:
    explicit Parser(const SourceFile& source) : source_(source), tokens_(lex(source)) {}

    ParsedProgram parse_program() {
        ParsedProgram program;
        if (peek_ident("module")) {
            advance();
            program.module_metadata = parse_postfix_term(false);
            expect(TokenKind::Semicolon, "';'");
        }
        while (at(TokenKind::Import) || at(TokenKind::Include)) {
            program.directives.push_back(parse_directive());
        }
        if (at(TokenKind::End)) {
            // An empty program (or one with only definitions) is the identity.
            program.body = make_node(peek().span, Node::Identity{});
        } else {
            program.body = parse_pipe();
        }
        if (!at(TokenKind::End))
            unexpected();
        return program;
    }

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

    NodePtr parse_pipe() {
        DepthGuard guard(*this);
        // Brackets and parentheses start a fresh expression where `as` may bind again.
        BindScope bind_scope(*this, true);
        if (at(TokenKind::Def))
            return parse_definition();
        NodePtr lhs = parse_binary(1);
        if (at(TokenKind::Pipe)) {
            advance();
            NodePtr rhs = parse_pipe();
            const Span span = join(lhs->span, rhs->span);
            return make_node(span, Node::Pipe{std::move(lhs), std::move(rhs)});
        }
        return lhs;
    }

    NodePtr parse_definition() {
        std::unique_ptr<FuncDef> def = parse_funcdef();
        // A filter (or module) may consist of definitions alone: it then means `.`.
        NodePtr rest = at(TokenKind::End) ? make_node(peek().span, Node::Identity{}) : parse_pipe();
        const Span span = join(def->span, rest->span);
        return make_node(span, Node::Define{std::move(def), std::move(rest)});
    }

    std::unique_ptr<FuncDef> parse_funcdef() {
        const Span start = expect(TokenKind::Def, "def").span;
        auto def = std::make_unique<FuncDef>();
        if (at(TokenKind::Ident) || is_keyword(peek().kind)) {
            def->name = advance().text;
        } else {
            unexpected("IDENT");
        }
        if (accept(TokenKind::LParen)) {
            do {
                if (at(TokenKind::Variable)) {
                    def->params.push_back({advance().text, true});
                } else if (at(TokenKind::Ident) || is_keyword(peek().kind)) {
                    def->params.push_back({advance().text, false});
                } else {
                    unexpected("IDENT or '$'");
                }
            } while (accept(TokenKind::Semicolon));
            expect(TokenKind::RParen, "')'");
        }
        expect(TokenKind::Colon, "':'");
        def->body = parse_pipe();
        const Token& end = expect(TokenKind::Semicolon, "';'");
        def->span = join(start, end.span);
        return def;
    }

    NodePtr parse_binary(int min_precedence) {
        NodePtr lhs = parse_unary();
        while (true) {
            const TokenKind op = peek().kind;
            const OperatorInfo info = operator_info(op);
            if (info.precedence < min_precedence)
                return lhs;
            advance();
            const int next_min = info.assoc == Assoc::Right ? info.precedence : info.precedence + 1;
            NodePtr rhs = parse_binary(next_min);
            lhs = combine(op, std::move(lhs), std::move(rhs));
            if (info.assoc == Assoc::None &&
                operator_info(peek().kind).precedence == info.precedence) {
                unexpected();
            }
        }
    }

    static NodePtr combine(TokenKind op, NodePtr lhs, NodePtr rhs) {
        const Span span = join(lhs->span, rhs->span);
        auto binary = [&](BinOp b) {
            return make_node(span, Node::Binary{b, std::move(lhs), std::move(rhs)});
        };
        auto assign = [&](AssignOp a) {
            return make_node(span, Node::Assign{a, std::move(lhs), std::move(rhs)});
        };
        switch (op) {
            case TokenKind::Comma:
                return make_node(span, Node::Comma{std::move(lhs), std::move(rhs)});
            case TokenKind::Alt:
                return make_node(span, Node::Alternative{std::move(lhs), std::move(rhs)});
            case TokenKind::Or: return make_node(span, Node::Or{std::move(lhs), std::move(rhs)});
            case TokenKind::And: return make_node(span, Node::And{std::move(lhs), std::move(rhs)});
            case TokenKind::Assign: return assign(AssignOp::Set);
            case TokenKind::UpdatePipe: return assign(AssignOp::Update);
            case TokenKind::UpdatePlus: return assign(AssignOp::Add);
            case TokenKind::UpdateMinus: return assign(AssignOp::Sub);
            case TokenKind::UpdateStar: return assign(AssignOp::Mul);
            case TokenKind::UpdateSlash: return assign(AssignOp::Div);
            case TokenKind::UpdatePercent: return assign(AssignOp::Mod);
            case TokenKind::UpdateAlt: return assign(AssignOp::Alt);
            case TokenKind::Eq: return binary(BinOp::Eq);
            case TokenKind::Ne: return binary(BinOp::Ne);
            case TokenKind::Lt: return binary(BinOp::Lt);
            case TokenKind::Le: return binary(BinOp::Le);
            case TokenKind::Gt: return binary(BinOp::Gt);
            case TokenKind::Ge: return binary(BinOp::Ge);
            case TokenKind::Plus: return binary(BinOp::Add);
            case TokenKind::Minus: return binary(BinOp::Sub);
            case TokenKind::Star: return binary(BinOp::Mul);
            case TokenKind::Slash: return binary(BinOp::Div);
            default: return binary(BinOp::Mod);
        }
    }

    // Unary minus binds looser than `*` (jq: `-.a * 2` is `-(.a * 2)`).
    NodePtr parse_unary() {
        if (at(TokenKind::Minus)) {
            DepthGuard guard(*this);
            const Span start = advance().span;
            NodePtr operand = parse_binary(kMultiplicative);
            const Span span = join(start, operand->span);
            return make_node(span, Node::Neg{std::move(operand)});
        }
        return parse_postfix_term();
    }

    // ---- terms ------------------------------------------------------------

    // A term with its suffixes; `TERM as $x | body` only where binding is allowed
    // (not in reduce/foreach sources, try bodies or object values).
    NodePtr parse_postfix_term(bool allow_bind = true) {
        DepthGuard guard(*this);
        allow_bind = allow_bind && allow_bind_;
        if (!allow_bind && at(TokenKind::Minus)) {
            // `reduce -.[] as $x (...)`: a negated term as the source (jq 1.8).
            const Span start = advance().span;
            NodePtr operand = parse_postfix_term(false);
            const Span joined = join(start, operand->span);
            return make_node(joined, Node::Neg{std::move(operand)});
        }
        // Whether the term so far ends in an access that a `?` makes optional.
        bool access =
            at(TokenKind::Field) || (at(TokenKind::Dot) && peek(1).kind == TokenKind::StringStart);
        NodePtr term = parse_primary();
        while (true) {
            if (at(TokenKind::Field)) {
                const Token& field = advance();
                const Span joined = join(term->span, field.span);
                term = make_node(joined, Node::Field{std::move(term), field.text});
                access = true;
            } else if (at(TokenKind::Dot) && peek(1).kind == TokenKind::StringStart) {
                advance();
                term = parse_string_field(std::move(term));
                access = true;
            } else if (at(TokenKind::Dot) && peek(1).kind == TokenKind::LBracket) {
                advance();  // jq 1.7: `.a.[0]` is `.a[0]`
            } else if (at(TokenKind::LBracket)) {
                term = parse_bracket_suffix(std::move(term));
                access = true;
            } else if (at(TokenKind::Question)) {
                const Span q = advance().span;
                if (access && make_optional(*term)) {
                    term->span = join(term->span, q);
                } else {
                    const Span joined = join(term->span, q);
                    term = make_node(joined, Node::Try{std::move(term), nullptr});
                }
                access = false;
            } else if (allow_bind && at(TokenKind::As)) {
                return parse_bind(std::move(term));
            } else {
                return term;
            }
        }
    }

    static bool make_optional(Node& node) {
        return std::visit(
            [](auto& kind) {
                using T = std::decay_t<decltype(kind)>;
                if constexpr (std::is_same_v<T, Node::Field> || std::is_same_v<T, Node::Index> ||
                              std::is_same_v<T, Node::Slice> || std::is_same_v<T, Node::Iterate>) {
                    kind.optional = true;
                    return true;
                }
                return false;
            },
            node.kind);
    }

    NodePtr parse_string_field(NodePtr target) {
        NodePtr key = parse_string("");
        const Span span = join(target->span, key->span);
        if (auto* literal = std::get_if<Node::Literal>(&key->kind)) {
            return make_node(span, Node::Field{std::move(target), literal->value.as_string()});
        }
        return make_node(span, Node::Index{std::move(target), std::move(key)});
    }

    NodePtr parse_bracket_suffix(NodePtr target) {
        const Span start = advance().span;  // '['
        if (at(TokenKind::RBracket)) {
            const Span end = advance().span;
            const Span joined = join(target->span, end);
            return make_node(joined, Node::Iterate{std::move(target)});
        }
        if (accept(TokenKind::Colon)) {
            NodePtr to = parse_pipe();
            const Span end = expect(TokenKind::RBracket, "']'").span;
            const Span joined = join(target->span, end);
            return make_node(joined, Node::Slice{std::move(target), nullptr, std::move(to)});
        }
        NodePtr index = parse_pipe();
        if (accept(TokenKind::Colon)) {
            NodePtr to;
            if (!at(TokenKind::RBracket))
                to = parse_pipe();
            const Span end = expect(TokenKind::RBracket, "']'").span;
            const Span joined = join(target->span, end);
            return make_node(joined,
                             Node::Slice{std::move(target), std::move(index), std::move(to)});
        }
        const Span end = expect(TokenKind::RBracket, "']'").span;
        (void)start;
        const Span joined = join(target->span, end);
        return make_node(joined, Node::Index{std::move(target), std::move(index)});
    }

    NodePtr parse_bind(NodePtr source) {
        advance();  // as
        std::vector<PatternPtr> patterns;
        patterns.push_back(parse_pattern());
        while (accept(TokenKind::QuestionAlt)) patterns.push_back(parse_pattern());
        expect(TokenKind::Pipe, "'|'");
        NodePtr body = parse_pipe();
        const Span span = join(source->span, body->span);
        return make_node(span, Node::Bind{std::move(source), std::move(patterns), std::move(body)});
    }

    NodePtr parse_primary() {
        const Token& token = peek();
        const Span span = token.span;
        switch (token.kind) {
            case TokenKind::Dot:
                advance();
                if (at(TokenKind::StringStart)) {
                    return parse_string_field(make_node(span, Node::Identity{}));
                }
                return make_node(span, Node::Identity{});
            case TokenKind::DotDot: advance(); return make_node(span, Node::RecurseDefault{});
            case TokenKind::Field: {
                std::string name = advance().text;
                return make_node(span,
                                 Node::Field{make_node(span, Node::Identity{}), std::move(name)});
            }
            case TokenKind::Number: return parse_number_literal();
            case TokenKind::StringStart: return parse_string("");
            case TokenKind::Format: {
                std::string name = advance().text;
                if (at(TokenKind::StringStart))
                    return parse_string(name);
                return make_node(span, Node::Format{std::move(name)});
            }
            case TokenKind::LParen: {
                advance();
                NodePtr inner = parse_pipe();
                const Span end = expect(TokenKind::RParen, "')'").span;
                inner->span = join(span, end);
                return inner;
            }
            case TokenKind::LBracket: {
                advance();
                NodePtr body;
                if (!at(TokenKind::RBracket))
                    body = parse_pipe();
                const Span end = expect(TokenKind::RBracket, "']'").span;
                return make_node(join(span, end), Node::ArrayCons{std::move(body)});
            }
            case TokenKind::LBrace: return parse_object();
            case TokenKind::Variable: {
                std::string name = advance().text;
                return make_node(span, Node::VarRef{std::move(name), {}});
            }
            case TokenKind::Loc:
                advance();
                return make_node(span, Node::Loc{source_.name, source_.line_col(span.begin).line});
            case TokenKind::Ident: return parse_call_or_constant();
            case TokenKind::If: return parse_if();
            case TokenKind::Try: return parse_try();
            case TokenKind::Reduce: return parse_reduce();
            case TokenKind::Foreach: return parse_foreach();
            case TokenKind::Label: return parse_label();
            case TokenKind::Def: return parse_definition();
            case TokenKind::Minus: return parse_unary();
            default: unexpected();
        }
    }

    NodePtr parse_number_literal() {
        const Token& token = advance();
        const double d = std::strtod(token.text.c_str(), nullptr);
        return make_node(token.span, Node::Literal{Value::number(d)});
    }

    NodePtr parse_call_or_constant() {
        const Token& token = advance();
        const Span start = token.span;
        std::string name = token.text;
        if (name == "break" && at(TokenKind::Variable)) {
            const Token& label = advance();
            return make_node(join(start, label.span), Node::Break{label.text, {}});
        }
        std::vector<NodePtr> args;
        Span span = start;
        if (accept(TokenKind::LParen)) {
            do {
                args.push_back(parse_pipe());
            } while (accept(TokenKind::Semicolon));
            span = join(start, expect(TokenKind::RParen, "')'").span);
        } else if (name == "null" || name == "true" || name == "false") {
            // jq treats these as literals unless called with arguments.
            const Value value = name == "null" ? Value::null() : Value::boolean(name == "true");
            return make_node(span, Node::Literal{value});
        }
        return make_node(span, Node::Call{std::move(name), std::move(args), {}});
    }

    NodePtr parse_if() {
        const Span start = advance().span;
        Node::If node;
        NodePtr cond = parse_pipe();
        expect(TokenKind::Then, "then");
        NodePtr then = parse_pipe();
        node.branches.push_back({std::move(cond), std::move(then)});
        while (accept(TokenKind::Elif)) {
            NodePtr elif_cond = parse_pipe();
            expect(TokenKind::Then, "then");
            NodePtr elif_then = parse_pipe();
            node.branches.push_back({std::move(elif_cond), std::move(elif_then)});
        }
        if (accept(TokenKind::Else))
            node.otherwise = parse_pipe();
        const Span end = expect(TokenKind::End_, "end").span;
        return make_node(join(start, end), std::move(node));
    }

    // `try` and `catch` bodies are postfix terms: `try .a | .b` is `(try .a) | .b`.
    NodePtr parse_try() {
        const Span start = advance().span;
        NodePtr body = parse_try_body();
        NodePtr handler;
        if (accept(TokenKind::Catch))
            handler = parse_try_body();
        const Span span = join(start, (handler ? handler : body)->span);
        return make_node(span, Node::Try{std::move(body), std::move(handler)});
    }

    NodePtr parse_try_body() {
        if (at(TokenKind::Minus))
            return parse_unary();
        return parse_postfix_term(false);
    }

    NodePtr parse_reduce() {
        const Span start = advance().span;
        NodePtr source = parse_postfix_term(false);
        expect(TokenKind::As, "as");
        PatternPtr pattern = parse_pattern();
        expect(TokenKind::LParen, "'('");
        NodePtr init = parse_pipe();
        expect(TokenKind::Semicolon, "';'");
        NodePtr update = parse_pipe();
        const Span end = expect(TokenKind::RParen, "')'").span;
        return make_node(join(start, end), Node::Reduce{std::move(source), std::move(pattern),
                                                        std::move(init), std::move(update)});
    }

    NodePtr parse_foreach() {
        const Span start = advance().span;
        NodePtr source = parse_postfix_term(false);
        expect(TokenKind::As, "as");
        PatternPtr pattern = parse_pattern();
        expect(TokenKind::LParen, "'('");
        NodePtr init = parse_pipe();
        expect(TokenKind::Semicolon, "';'");
        NodePtr update = parse_pipe();
        NodePtr extract;
        if (accept(TokenKind::Semicolon))
            extract = parse_pipe();
        const Span end = expect(TokenKind::RParen, "')'").span;
        return make_node(join(start, end),
                         Node::Foreach{std::move(source), std::move(pattern), std::move(init),
                                       std::move(update), std::move(extract)});
    }

    NodePtr parse_label() {
        const Span start = advance().span;
        const Token& name = expect(TokenKind::Variable, "'$'");
        std::string label = name.text;
        expect(TokenKind::Pipe, "'|'");
        NodePtr body = parse_pipe();
        const Span span = join(start, body->span);
        return make_node(span, Node::Label{std::move(label), std::move(body)});
    }

    // ---- strings ----------------------------------------------------------

    NodePtr parse_string(std::string format) {
        const Span start = expect(TokenKind::StringStart, "string").span;
        Node::StringInterp interp;
        interp.format = std::move(format);
        while (!at(TokenKind::StringEnd)) {
            if (at(TokenKind::StringText)) {
                interp.parts.emplace_back(advance().text);
            } else if (accept(TokenKind::InterpStart)) {
                interp.parts.emplace_back(parse_pipe());
                expect(TokenKind::InterpEnd, "')'");
            } else {
                unexpected();
            }
        }
        const Span span = join(start, advance().span);
        const bool constant =
            interp.parts.empty() ||
            (interp.parts.size() == 1 && std::holds_alternative<std::string>(interp.parts[0]));
        if (constant) {
            std::string text =
                interp.parts.empty() ? std::string() : std::get<std::string>(interp.parts[0]);
            return make_node(span, Node::Literal{Value::string(std::move(text))});
        }
        return make_node(span, std::move(interp));
    }

    // ---- objects ----------------------------------------------------------

    NodePtr parse_object() {
        const Span start = advance().span;
        Node::ObjectCons object;
        if (!at(TokenKind::RBrace)) {
            do {
                object.entries.push_back(parse_object_entry());
            } while (accept(TokenKind::Comma));
        }
        const Span end = expect(TokenKind::RBrace, "'}'").span;
        return make_node(join(start, end), std::move(object));
    }

    Node::ObjectCons::Entry parse_object_entry() {
        const Token& token = peek();
        const Span span = token.span;
        Node::ObjectCons::Entry entry;
        if (token.kind == TokenKind::Variable) {
            std::string name = advance().text;
            if (accept(TokenKind::Colon)) {
                // `{$k: v}` uses the variable's value as the key.
                entry.key = make_node(span, Node::VarRef{std::move(name), {}});
                entry.value = parse_object_value();
            } else {
                entry.key = make_node(span, Node::Literal{Value::string(name)});
                entry.value = make_node(span, Node::VarRef{std::move(name), {}});
            }
            return entry;
        }
        if (token.kind == TokenKind::Loc) {
            advance();
            entry.key = make_node(span, Node::Literal{Value::string("__loc__")});
            entry.value =
                make_node(span, Node::Loc{source_.name, source_.line_col(span.begin).line});
            return entry;
        }
        if (token.kind == TokenKind::Ident || is_keyword(token.kind) ||
            token.kind == TokenKind::Number) {
            if (token.kind == TokenKind::Number)
                unexpected();
            std::string name = advance().text;
            entry.key = make_node(span, Node::Literal{Value::string(name)});
        } else if (token.kind == TokenKind::StringStart || token.kind == TokenKind::Format) {
            std::string format;
            if (token.kind == TokenKind::Format)
                format = advance().text;
            entry.key = parse_string(format);
        } else if (token.kind == TokenKind::LParen) {
            advance();
            entry.key = parse_pipe();
            expect(TokenKind::RParen, "')'");
            expect(TokenKind::Colon, "':'");
            entry.value = parse_object_value();
            return entry;
        } else {
            unexpected();
        }
        if (accept(TokenKind::Colon)) {
            entry.value = parse_object_value();
        } else {
            // `{a}` and `{"a b"}` mean `{a: .a}`; `{"\(.k)"}` means `{(k): .[k]}`.
            const Span key_span = entry.key->span;
            if (auto* literal = std::get_if<Node::Literal>(&entry.key->kind)) {
                entry.value = make_node(key_span, Node::Field{make_node(key_span, Node::Identity{}),
                                                              literal->value.as_string()});
            } else {
                entry.value = make_node(key_span, Node::Index{make_node(key_span, Node::Identity{}),
                                                              clone_string_key(*entry.key)});
            }
        }
        return entry;
    }

    // `{"\(.a)"}` needs the key expression twice; re-parse it from its tokens.
    NodePtr clone_string_key(const Node& key) {
        Parser again(source_);
        again.pos_ = token_index_at(key.span.begin);
        std::string format;
        if (again.at(TokenKind::Format))
            format = again.advance().text;
        return again.parse_string(format);
    }

    std::size_t token_index_at(std::uint32_t offset) const {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (tokens_[i].span.begin == offset)
                return i;
        }
        return 0;
    }

    // Object values: jq 1.7 allowed only terms joined by `|`; jq 1.8 allows any
    // expression short of a top-level `,` (`{x: 1 + 2, y: .a // 3}`).
    NodePtr parse_object_value() {
        DepthGuard guard(*this);
        BindScope no_bind(*this, false);
        NodePtr lhs = parse_binary(kAboveComma);
        if (accept(TokenKind::Pipe)) {
            NodePtr rhs = parse_object_value();
            const Span span = join(lhs->span, rhs->span);
            return make_node(span, Node::Pipe{std::move(lhs), std::move(rhs)});
        }
        return lhs;
    }

    // ---- patterns ---------------------------------------------------------

    PatternPtr parse_pattern() {
        DepthGuard guard(*this);
        const Span start = peek().span;
        if (at(TokenKind::Variable)) {
            std::string name = advance().text;
            return std::make_unique<Pattern>(Pattern{start, Pattern::Var{std::move(name)}});
        }
        if (accept(TokenKind::LBracket)) {
            Pattern::Array array;
            do {
                array.elements.push_back(parse_pattern());
            } while (accept(TokenKind::Comma));
            const Span end = expect(TokenKind::RBracket, "']'").span;
            return std::make_unique<Pattern>(Pattern{join(start, end), std::move(array)});
        }
        if (accept(TokenKind::LBrace)) {
            Pattern::Object object;
            do {
                object.entries.push_back(parse_object_pattern_entry());
            } while (accept(TokenKind::Comma));
            const Span end = expect(TokenKind::RBrace, "'}'").span;
            return std::make_unique<Pattern>(Pattern{join(start, end), std::move(object)});
        }
        unexpected("'$', '[' or '{'");
    }

    ObjectPatternEntry parse_object_pattern_entry() {
        ObjectPatternEntry entry;
        const Token& token = peek();
        if (token.kind == TokenKind::Variable) {
            entry.key_var = advance().text;
            if (accept(TokenKind::Colon))
                entry.value = parse_pattern();
            return entry;
        }
        if (token.kind == TokenKind::Ident || is_keyword(token.kind)) {
            const Span span = token.span;
            entry.key = make_node(span, Node::Literal{Value::string(advance().text)});
        } else if (token.kind == TokenKind::StringStart) {
            entry.key = parse_string("");
        } else if (accept(TokenKind::LParen)) {
            entry.key = parse_pipe();
            expect(TokenKind::RParen, "')'");
        } else {
            unexpected();
        }
        expect(TokenKind::Colon, "':'");
        entry.value = parse_pattern();
        return entry;
    }

    // ---- modules ----------------------------------------------------------

    ModuleDirective parse_directive() {
        ModuleDirective directive{};
        const Span start = peek().span;
        const bool include = advance().kind == TokenKind::Include;
        NodePtr path = parse_string("");
        auto* literal = std::get_if<Node::Literal>(&path->kind);
        if (!literal)
            throw CompileError(path->span, "Import path must be constant");
        directive.path = literal->value.as_string();
        if (include) {
            directive.kind = ModuleDirective::Kind::Include;
        } else {
            expect(TokenKind::As, "as");
            if (at(TokenKind::Variable)) {
                directive.kind = ModuleDirective::Kind::ImportData;
                directive.alias = advance().text;
            } else {
                directive.kind = ModuleDirective::Kind::Import;
                directive.alias = expect(TokenKind::Ident, "IDENT").text;
            }
        }
        if (!at(TokenKind::Semicolon))
            directive.metadata = parse_postfix_term(false);
        const Span end = expect(TokenKind::Semicolon, "';'").span;
        directive.span = join(start, end);
        return directive;
    }

private:
    const SourceFile& source_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    StackGuard stack_;
    bool allow_bind_ = true;
};

}  // namespace

ParsedProgram parse(const SourceFile& source) {
    Parser parser(source);
    return parser.parse_program();
}

}  // namespace ctq
