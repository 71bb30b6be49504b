// Tokens of the jq language, as the lexer hands them to the parser.
#pragma once

#include <string>
#include <string_view>

#include "ctq/lang/source.hpp"

namespace ctq {

enum class TokenKind {
    End,
    // Atoms
    Ident,     // map, m::f (module-qualified names lex as one identifier)
    Field,     // .foo (text holds "foo")
    Variable,  // $foo (text holds "foo"), $__loc__
    Number,    // 1, 1.5e3, .5
    Format,    // @base64 (text holds "base64")
    // Strings: "a\(.b)c" lexes as StringStart Text("a") InterpStart ... InterpEnd Text("c")
    // StringEnd
    StringStart,
    StringText,  // decoded text of a literal piece
    InterpStart,
    InterpEnd,
    StringEnd,
    // Keywords
    Def,
    If,
    Then,
    Elif,
    Else,
    End_,
    As,
    Reduce,
    Foreach,
    Try,
    Catch,
    Label,
    Import,
    Include,
    And,
    Or,
    Loc,  // __loc__ after '$'
    // Punctuation
    Dot,
    DotDot,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Pipe,
    Comma,
    Colon,
    Semicolon,
    Question,
    QuestionAlt,  // ?//
    // Operators
    Assign,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Alt,  // //
    UpdatePipe,
    UpdatePlus,
    UpdateMinus,
    UpdateStar,
    UpdateSlash,
    UpdatePercent,
    UpdateAlt,
};

struct Token {
    TokenKind kind = TokenKind::End;
    Span span;
    std::string text;  // identifier/field/variable name, decoded string text, number text
};

/// How a token is shown in "unexpected X" messages: `'|'`, `IDENT map`, `end of file`.
std::string describe(const Token& token);

/// True for words that are keywords but may still name object keys and fields.
bool is_keyword(TokenKind kind);

}  // namespace ctq
