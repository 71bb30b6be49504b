// Lexing: filter text to tokens, with string interpolation handled by a mode stack.
#include "ctq/lang/lexer.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "ctq/error.hpp"
#include "input/json_reader_text.hpp"
#include "value/utf8.hpp"

namespace ctq {

namespace {

struct Keyword {
    std::string_view word;
    TokenKind kind;
};

constexpr std::array<Keyword, 16> kKeywords{{
    {"def", TokenKind::Def},
    {"if", TokenKind::If},
    {"then", TokenKind::Then},
    {"elif", TokenKind::Elif},
    {"else", TokenKind::Else},
    {"end", TokenKind::End_},
    {"as", TokenKind::As},
    {"reduce", TokenKind::Reduce},
    {"foreach", TokenKind::Foreach},
    {"try", TokenKind::Try},
    {"catch", TokenKind::Catch},
    {"label", TokenKind::Label},
    {"import", TokenKind::Import},
    {"include", TokenKind::Include},
    {"and", TokenKind::And},
    {"or", TokenKind::Or},
}};

struct Punct {
    std::string_view text;
    TokenKind kind;
};

// Longest first, so "//=" wins over "//" and "/".
constexpr std::array<Punct, 34> kPunctuation{{
    {"?//", TokenKind::QuestionAlt},
    {"//=", TokenKind::UpdateAlt},
    {"|=", TokenKind::UpdatePipe},
    {"+=", TokenKind::UpdatePlus},
    {"-=", TokenKind::UpdateMinus},
    {"*=", TokenKind::UpdateStar},
    {"/=", TokenKind::UpdateSlash},
    {"%=", TokenKind::UpdatePercent},
    {"==", TokenKind::Eq},
    {"!=", TokenKind::Ne},
    {"<=", TokenKind::Le},
    {">=", TokenKind::Ge},
    {"//", TokenKind::Alt},
    {"..", TokenKind::DotDot},
    {".", TokenKind::Dot},
    {"[", TokenKind::LBracket},
    {"]", TokenKind::RBracket},
    {"{", TokenKind::LBrace},
    {"}", TokenKind::RBrace},
    {"(", TokenKind::LParen},
    {")", TokenKind::RParen},
    {"|", TokenKind::Pipe},
    {",", TokenKind::Comma},
    {":", TokenKind::Colon},
    {";", TokenKind::Semicolon},
    {"?", TokenKind::Question},
    {"=", TokenKind::Assign},
    {"<", TokenKind::Lt},
    {">", TokenKind::Gt},
    {"+", TokenKind::Plus},
    {"-", TokenKind::Minus},
    {"*", TokenKind::Star},
    {"/", TokenKind::Slash},
    {"%", TokenKind::Percent},
}};

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

class Lexer {
public:
    explicit Lexer(const SourceFile& source) : text_(source.text) {}

    std::vector<Token> run() {
        // Each entry is the paren depth at which an interpolation `\(` was opened.
        std::vector<int> interpolations;
        int depth = 0;
        while (true) {
            skip_blanks_and_comments();
            if (pos_ >= text_.size())
                break;
            const char c = text_[pos_];
            if (c == ')' && !interpolations.empty() && interpolations.back() == depth) {
                interpolations.pop_back();
                push(TokenKind::InterpEnd, pos_, pos_ + 1);
                ++pos_;
                if (lex_string_body(interpolations, depth))
                    continue;
                continue;
            }
            if (c == '"') {
                push(TokenKind::StringStart, pos_, pos_ + 1);
                ++pos_;
                lex_string_body(interpolations, depth);
                continue;
            }
            if (c == '(')
                ++depth;
            if (c == ')')
                --depth;
            lex_token();
        }
        if (!interpolations.empty()) {
            throw CompileError(span(pos_, pos_), "unterminated string interpolation");
        }
        push(TokenKind::End, pos_, pos_);
        return std::move(tokens_);
    }

private:
    Span span(std::size_t begin, std::size_t end) const {
        return Span{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
    }

    void push(TokenKind kind, std::size_t begin, std::size_t end, std::string text = {}) {
        tokens_.push_back(Token{kind, span(begin, end), std::move(text)});
    }

    void skip_blanks_and_comments() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++pos_;
            } else if (c == '#') {
                skip_comment();
            } else {
                break;
            }
        }
    }

    // A comment runs to the end of the line; as in jq 1.7.1, an odd number of
    // backslashes right before the newline continues it onto the next line.
    void skip_comment() {
        while (pos_ < text_.size()) {
            if (text_[pos_] == '\n') {
                std::size_t backslashes = 0;
                std::size_t k = pos_;
                while (k > 0 && text_[k - 1] == '\\') {
                    ++backslashes;
                    --k;
                }
                if (backslashes % 2 == 0)
                    return;
            }
            ++pos_;
        }
    }

    void lex_token() {
        const std::size_t start = pos_;
        const char c = text_[pos_];
        if (c == '.' && pos_ + 1 < text_.size() && is_ident_start(text_[pos_ + 1])) {
            ++pos_;
            while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
            push(TokenKind::Field, start, pos_,
                 std::string(text_.substr(start + 1, pos_ - start - 1)));
            return;
        }
        if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
            lex_number();
            return;
        }
        if (c == '$') {
            ++pos_;
            const std::size_t name_start = pos_;
            lex_identifier_chars();
            if (pos_ == name_start)
                throw CompileError(span(start, pos_), "syntax error: unexpected '$'");
            std::string name(text_.substr(name_start, pos_ - name_start));
            const TokenKind kind = name == "__loc__" ? TokenKind::Loc : TokenKind::Variable;
            push(kind, start, pos_, std::move(name));
            return;
        }
        if (c == '@') {
            ++pos_;
            const std::size_t name_start = pos_;
            while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
            push(TokenKind::Format, start, pos_,
                 std::string(text_.substr(name_start, pos_ - name_start)));
            return;
        }
        if (is_ident_start(c)) {
            lex_identifier_chars();
            std::string word(text_.substr(start, pos_ - start));
            for (const Keyword& keyword : kKeywords) {
                if (keyword.word == word) {
                    push(keyword.kind, start, pos_, std::move(word));
                    return;
                }
            }
            push(TokenKind::Ident, start, pos_, std::move(word));
            return;
        }
        for (const Punct& punct : kPunctuation) {
            if (text_.compare(pos_, punct.text.size(), punct.text) == 0) {
                pos_ += punct.text.size();
                push(punct.kind, start, pos_, std::string(punct.text));
                return;
            }
        }
        const std::size_t end = start + utf8_sequence_length(text_, start);
        throw CompileError(span(start, end), "syntax error: unexpected INVALID_CHARACTER '" +
                                                 std::string(text_.substr(start, end - start)) +
                                                 "'");
    }

    // Identifiers may be module-qualified: mod::name.
    void lex_identifier_chars() {
        while (pos_ < text_.size()) {
            if (is_ident_char(text_[pos_])) {
                ++pos_;
            } else if (text_.compare(pos_, 2, "::") == 0 && pos_ + 2 < text_.size() &&
                       is_ident_start(text_[pos_ + 2])) {
                pos_ += 2;
            } else {
                break;
            }
        }
    }

    void lex_number() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            std::size_t k = pos_ + 1;
            if (k < text_.size() && (text_[k] == '+' || text_[k] == '-'))
                ++k;
            if (k < text_.size() && is_digit(text_[k])) {
                pos_ = k;
                while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
            }
        }
        push(TokenKind::Number, start, pos_, std::string(text_.substr(start, pos_ - start)));
    }

    // Lexes string text up to the closing quote or an interpolation `\(`.
    // Returns true when the string ended.
    bool lex_string_body(std::vector<int>& interpolations, int depth) {
        std::string piece;
        std::size_t piece_start = pos_;
        auto flush = [&] {
            if (piece.empty())
                return;
            // Bad UTF-8 in a filter's strings becomes U+FFFD, as jq does.
            std::string spare;
            json_text::repair_utf8(piece, spare);
            push(TokenKind::StringText, piece_start, pos_, std::move(piece));
            piece.clear();
        };
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '"') {
                flush();
                push(TokenKind::StringEnd, pos_, pos_ + 1);
                ++pos_;
                return true;
            }
            if (c != '\\') {
                piece += c;
                ++pos_;
                continue;
            }
            const std::size_t escape_start = pos_;
            if (pos_ + 1 >= text_.size())
                break;
            const char e = text_[pos_ + 1];
            pos_ += 2;
            switch (e) {
                case '"': piece += '"'; break;
                case '\\': piece += '\\'; break;
                case '/': piece += '/'; break;
                case 'b': piece += '\b'; break;
                case 'f': piece += '\f'; break;
                case 'n': piece += '\n'; break;
                case 'r': piece += '\r'; break;
                case 't': piece += '\t'; break;
                case 'u': lex_unicode_escape(piece, escape_start); break;
                case '(':
                    flush();
                    push(TokenKind::InterpStart, escape_start, pos_);
                    interpolations.push_back(depth);
                    return false;
                default:
                    throw CompileError(span(escape_start, pos_),
                                       "invalid escape '\\" + std::string(1, e) + "' in string");
            }
        }
        throw CompileError(span(piece_start > 0 ? piece_start - 1 : 0, text_.size()),
                           "syntax error: unterminated string literal");
    }

    unsigned read_hex4(std::size_t escape_start) {
        if (pos_ + 4 > text_.size()) {
            throw CompileError(span(escape_start, text_.size()), "invalid \\u escape in string");
        }
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = text_[pos_++];
            code <<= 4;
            if (h >= '0' && h <= '9')
                code |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                code |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                code |= static_cast<unsigned>(h - 'A' + 10);
            else
                throw CompileError(span(escape_start, pos_), "invalid \\u escape in string");
        }
        return code;
    }

    void lex_unicode_escape(std::string& out, std::size_t escape_start) {
        unsigned code = read_hex4(escape_start);
        if (code >= 0xD800 && code < 0xDC00 && text_.compare(pos_, 2, "\\u") == 0) {
            const std::size_t save = pos_;
            pos_ += 2;
            const unsigned low = read_hex4(escape_start);
            if (low >= 0xDC00 && low < 0xE000) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            } else {
                pos_ = save;
            }
        }
        if (code >= 0xD800 && code < 0xE000)
            code = 0xFFFD;  // lone surrogate
        append_utf8(out, code);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> lex(const SourceFile& source) {
    return Lexer(source).run();
}

bool is_keyword(TokenKind kind) {
    switch (kind) {
        case TokenKind::Def:
        case TokenKind::If:
        case TokenKind::Then:
        case TokenKind::Elif:
        case TokenKind::Else:
        case TokenKind::End_:
        case TokenKind::As:
        case TokenKind::Reduce:
        case TokenKind::Foreach:
        case TokenKind::Try:
        case TokenKind::Catch:
        case TokenKind::Label:
        case TokenKind::Import:
        case TokenKind::Include:
        case TokenKind::And:
        case TokenKind::Or: return true;
        default: return false;
    }
}

std::string describe(const Token& token) {
    switch (token.kind) {
        case TokenKind::End: return "end of file";
        case TokenKind::Ident: return "IDENT " + token.text;
        case TokenKind::Field: return "FIELD ." + token.text;
        case TokenKind::Variable: return "'$" + token.text + "'";
        case TokenKind::Loc: return "$__loc__";
        case TokenKind::Number: return "LITERAL " + token.text;
        case TokenKind::Format: return "FORMAT @" + token.text;
        case TokenKind::StringStart: return "QQSTRING_START";
        case TokenKind::StringText: return "QQSTRING_TEXT";
        case TokenKind::InterpStart: return "QQSTRING_INTERP_START";
        case TokenKind::InterpEnd: return "QQSTRING_INTERP_END";
        case TokenKind::StringEnd: return "QQSTRING_END";
        default: break;
    }
    if (is_keyword(token.kind))
        return token.text;
    return "'" + token.text + "'";
}

}  // namespace ctq
