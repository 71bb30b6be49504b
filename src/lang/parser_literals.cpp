// The parser's strings (with interpolation and @formats), object constructions,
// destructuring patterns and module directives; see parser_impl.hpp.
#include <utility>

#include "parser_impl.hpp"

namespace ctq::parsing {

NodePtr Parser::parse_string(std::string format) {
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

NodePtr Parser::parse_object() {
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

Node::ObjectCons::Entry Parser::parse_object_entry() {
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
        entry.value = make_node(span, Node::Loc{source_.name, source_.line_col(span.begin).line});
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
                                                          std::string(literal->value.as_string())});
        } else {
            entry.value = make_node(key_span, Node::Index{make_node(key_span, Node::Identity{}),
                                                          clone_string_key(*entry.key)});
        }
    }
    return entry;
}

// `{"\(.a)"}` needs the key expression twice; re-parse it from its tokens.
NodePtr Parser::clone_string_key(const Node& key) {
    Parser again(source_);
    again.pos_ = token_index_at(key.span.begin);
    std::string format;
    if (again.at(TokenKind::Format))
        format = again.advance().text;
    return again.parse_string(format);
}

std::size_t Parser::token_index_at(std::uint32_t offset) const {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        if (tokens_[i].span.begin == offset)
            return i;
    }
    return 0;
}

// Object values: jq 1.7 allowed only terms joined by `|`; jq 1.8 allows any
// expression short of a top-level `,` (`{x: 1 + 2, y: .a // 3}`).
NodePtr Parser::parse_object_value() {
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

PatternPtr Parser::parse_pattern() {
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

ObjectPatternEntry Parser::parse_object_pattern_entry() {
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

ModuleDirective Parser::parse_directive() {
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

}  // namespace ctq::parsing
