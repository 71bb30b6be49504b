// Unit tests for the lexer: token kinds, spans, strings and interpolation, comments.
#include <catch2/catch.hpp>

#include "ctq/error.hpp"
#include "ctq/lang/lexer.hpp"

using ctq::TokenKind;

namespace {

std::vector<ctq::Token> tokens(const std::string& text) {
    const ctq::SourceFile source{"<test>", text};
    return ctq::lex(source);
}

std::vector<TokenKind> kinds(const std::string& text) {
    std::vector<TokenKind> out;
    for (const auto& token : tokens(text)) out.push_back(token.kind);
    return out;
}

}  // namespace

TEST_CASE("operators lex longest first", "[lexer]") {
    CHECK(kinds("a //= b") == std::vector<TokenKind>{TokenKind::Ident, TokenKind::UpdateAlt,
                                                     TokenKind::Ident, TokenKind::End});
    CHECK(kinds(".a//\"N/A\"") ==
          std::vector<TokenKind>{TokenKind::Field, TokenKind::Alt, TokenKind::StringStart,
                                 TokenKind::StringText, TokenKind::StringEnd, TokenKind::End});
    CHECK(kinds("?// |= == != <= >= ..") ==
          std::vector<TokenKind>{TokenKind::QuestionAlt, TokenKind::UpdatePipe, TokenKind::Eq,
                                 TokenKind::Ne, TokenKind::Le, TokenKind::Ge, TokenKind::DotDot,
                                 TokenKind::End});
}

TEST_CASE("fields, variables, formats and keywords", "[lexer]") {
    const auto t = tokens(".eventName $x @tsv if reduce $__loc__ m::f");
    REQUIRE(t.size() == 8);
    CHECK(t[0].kind == TokenKind::Field);
    CHECK(t[0].text == "eventName");
    CHECK(t[1].kind == TokenKind::Variable);
    CHECK(t[1].text == "x");
    CHECK(t[2].kind == TokenKind::Format);
    CHECK(t[2].text == "tsv");
    CHECK(t[3].kind == TokenKind::If);
    CHECK(t[4].kind == TokenKind::Reduce);
    CHECK(t[5].kind == TokenKind::Loc);
    CHECK(t[6].kind == TokenKind::Ident);
    CHECK(t[6].text == "m::f");
}

TEST_CASE("tokens carry byte spans", "[lexer]") {
    const auto t = tokens("  .a | 12.5e1");
    CHECK(t[0].span.begin == 2);
    CHECK(t[0].span.end == 4);
    CHECK(t[2].kind == TokenKind::Number);
    CHECK(t[2].text == "12.5e1");
    CHECK(t[2].span.begin == 7);
    CHECK(t[2].span.end == 13);
}

TEST_CASE("numbers: leading dot and field names that look like exponents", "[lexer]") {
    CHECK(tokens(".5")[0].kind == TokenKind::Number);
    const auto t = tokens(".e0");
    CHECK(t[0].kind == TokenKind::Field);
    CHECK(t[0].text == "e0");
}

TEST_CASE("string escapes decode", "[lexer]") {
    const auto t = tokens(R"("a\"b\\c\n\t\u00e9\ud83d\ude00")");
    REQUIRE(t[1].kind == TokenKind::StringText);
    CHECK(t[1].text == "a\"b\\c\n\t\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("string interpolation nests", "[lexer]") {
    CHECK(kinds(R"("x\(f("(")))y")") ==
          std::vector<TokenKind>{TokenKind::StringStart, TokenKind::StringText,
                                 TokenKind::InterpStart, TokenKind::Ident, TokenKind::LParen,
                                 TokenKind::StringStart, TokenKind::StringText,
                                 TokenKind::StringEnd, TokenKind::RParen, TokenKind::InterpEnd,
                                 TokenKind::StringText, TokenKind::StringEnd, TokenKind::End});
}

TEST_CASE("comments run to the end of the line, backslash continues them", "[lexer]") {
    CHECK(kinds(".a # comment\n| .b") == std::vector<TokenKind>{TokenKind::Field, TokenKind::Pipe,
                                                                TokenKind::Field, TokenKind::End});
    CHECK(kinds(".a # comment \\\n still comment\n| .b") ==
          std::vector<TokenKind>{TokenKind::Field, TokenKind::Pipe, TokenKind::Field,
                                 TokenKind::End});
    CHECK(kinds(".a # even \\\\\n| .b") == std::vector<TokenKind>{TokenKind::Field, TokenKind::Pipe,
                                                                  TokenKind::Field,
                                                                  TokenKind::End});
}

TEST_CASE("lexer errors name the problem and its span", "[lexer]") {
    try {
        tokens(".a ` .b");
        FAIL("expected a CompileError");
    } catch (const ctq::CompileError& error) {
        CHECK(std::string(error.what()) == "syntax error: unexpected INVALID_CHARACTER '`'");
        CHECK(error.span().begin == 3);
    }
    CHECK_THROWS_AS(tokens("\"unterminated"), ctq::CompileError);
    CHECK_THROWS_AS(tokens(R"("bad \q escape")"), ctq::CompileError);
}
