// Recursive-descent parser for jq, with precedence climbing for binary operators.
//
// Precedence, lowest first (jq's parser.y): `|` (right) < `,` < `//` (right)
// < assignment (non-assoc) < `or` < `and` < comparisons (non-assoc) < `+ -`
// < `* / %`. `def`, `label` and `TERM as $x |` extend as far right as they can.
#include "ctq/lang/parser.hpp"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "parser_impl.hpp"

namespace ctq {

namespace parsing {

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

}  // namespace

ParsedProgram Parser::parse_program() {
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

NodePtr Parser::parse_pipe() {
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

NodePtr Parser::parse_definition() {
    std::unique_ptr<FuncDef> def = parse_funcdef();
    // A filter (or module) may consist of definitions alone: it then means `.`.
    NodePtr rest = at(TokenKind::End) ? make_node(peek().span, Node::Identity{}) : parse_pipe();
    const Span span = join(def->span, rest->span);
    return make_node(span, Node::Define{std::move(def), std::move(rest)});
}

std::unique_ptr<FuncDef> Parser::parse_funcdef() {
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

NodePtr Parser::parse_binary(int min_precedence) {
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
        if (info.assoc == Assoc::None && operator_info(peek().kind).precedence == info.precedence) {
            unexpected();
        }
    }
}

NodePtr Parser::combine(TokenKind op, NodePtr lhs, NodePtr rhs) {
    const Span span = join(lhs->span, rhs->span);
    auto binary = [&](BinOp b) {
        return make_node(span, Node::Binary{b, std::move(lhs), std::move(rhs)});
    };
    auto assign = [&](AssignOp a) {
        return make_node(span, Node::Assign{a, std::move(lhs), std::move(rhs)});
    };
    switch (op) {
        case TokenKind::Comma: return make_node(span, Node::Comma{std::move(lhs), std::move(rhs)});
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
NodePtr Parser::parse_unary() {
    if (at(TokenKind::Minus)) {
        DepthGuard guard(*this);
        const Span start = advance().span;
        NodePtr operand = parse_binary(kMultiplicative);
        const Span span = join(start, operand->span);
        return make_node(span, Node::Neg{std::move(operand)});
    }
    return parse_postfix_term();
}

// A term with its suffixes; `TERM as $x | body` only where binding is allowed
// (not in reduce/foreach sources, try bodies or object values).
NodePtr Parser::parse_postfix_term(bool allow_bind) {
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

bool Parser::make_optional(Node& node) {
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

NodePtr Parser::parse_string_field(NodePtr target) {
    NodePtr key = parse_string("");
    const Span span = join(target->span, key->span);
    if (auto* literal = std::get_if<Node::Literal>(&key->kind)) {
        return make_node(span,
                         Node::Field{std::move(target), std::string(literal->value.as_string())});
    }
    return make_node(span, Node::Index{std::move(target), std::move(key)});
}

NodePtr Parser::parse_bracket_suffix(NodePtr target) {
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
        return make_node(joined, Node::Slice{std::move(target), std::move(index), std::move(to)});
    }
    const Span end = expect(TokenKind::RBracket, "']'").span;
    (void)start;
    const Span joined = join(target->span, end);
    return make_node(joined, Node::Index{std::move(target), std::move(index)});
}

NodePtr Parser::parse_bind(NodePtr source) {
    advance();  // as
    std::vector<PatternPtr> patterns;
    patterns.push_back(parse_pattern());
    while (accept(TokenKind::QuestionAlt)) patterns.push_back(parse_pattern());
    expect(TokenKind::Pipe, "'|'");
    NodePtr body = parse_pipe();
    const Span span = join(source->span, body->span);
    return make_node(span, Node::Bind{std::move(source), std::move(patterns), std::move(body)});
}

NodePtr Parser::parse_primary() {
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
            return make_node(span, Node::Field{make_node(span, Node::Identity{}), std::move(name)});
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
        case TokenKind::Reduce:
        case TokenKind::Foreach: return parse_fold();
        case TokenKind::Label: return parse_label();
        case TokenKind::Def: return parse_definition();
        case TokenKind::Minus: return parse_unary();
        default: unexpected();
    }
}

NodePtr Parser::parse_number_literal() {
    const Token& token = advance();
    const double d = std::strtod(token.text.c_str(), nullptr);
    return make_node(token.span, Node::Literal{Value::number(d)});
}

NodePtr Parser::parse_call_or_constant() {
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

NodePtr Parser::parse_if() {
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
NodePtr Parser::parse_try() {
    const Span start = advance().span;
    NodePtr body = parse_try_body();
    NodePtr handler;
    if (accept(TokenKind::Catch))
        handler = parse_try_body();
    const Span span = join(start, (handler ? handler : body)->span);
    return make_node(span, Node::Try{std::move(body), std::move(handler)});
}

NodePtr Parser::parse_try_body() {
    if (at(TokenKind::Minus))
        return parse_unary();
    return parse_postfix_term(false);
}

// `reduce SOURCE as $p (INIT; UPDATE)` and `foreach SOURCE as $p (INIT; UPDATE[; EXTRACT])`.
NodePtr Parser::parse_fold() {
    const Token& keyword = advance();
    const bool is_foreach = keyword.kind == TokenKind::Foreach;
    const Span start = keyword.span;
    NodePtr source = parse_postfix_term(false);
    expect(TokenKind::As, "as");
    PatternPtr pattern = parse_pattern();
    expect(TokenKind::LParen, "'('");
    NodePtr init = parse_pipe();
    expect(TokenKind::Semicolon, "';'");
    NodePtr update = parse_pipe();
    NodePtr extract;
    if (is_foreach && accept(TokenKind::Semicolon))
        extract = parse_pipe();
    const Span end = expect(TokenKind::RParen, "')'").span;
    if (!is_foreach) {
        return make_node(join(start, end), Node::Reduce{std::move(source), std::move(pattern),
                                                        std::move(init), std::move(update)});
    }
    return make_node(join(start, end),
                     Node::Foreach{std::move(source), std::move(pattern), std::move(init),
                                   std::move(update), std::move(extract)});
}

NodePtr Parser::parse_label() {
    const Span start = advance().span;
    const Token& name = expect(TokenKind::Variable, "'$'");
    std::string label = name.text;
    expect(TokenKind::Pipe, "'|'");
    NodePtr body = parse_pipe();
    const Span span = join(start, body->span);
    return make_node(span, Node::Label{std::move(label), std::move(body)});
}

}  // namespace parsing

ParsedProgram parse(const SourceFile& source) {
    parsing::Parser parser(source);
    return parser.parse_program();
}

}  // namespace ctq
