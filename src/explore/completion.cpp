// What is being typed at the cursor, read from the filter text before it, and the ranked
// candidates for it. The scan is deliberately forgiving: the text is usually unfinished.
#include "ctq/explore/completion.hpp"

#include <algorithm>
#include <cctype>

#include "ctq/output/json_writer.hpp"

namespace ctq::explore {

namespace {

bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

using MaybePath = std::optional<Path>;

MaybePath with_step(const MaybePath& path, PathStep::Kind kind, std::string key = {}) {
    if (!path)
        return std::nullopt;
    Path out = *path;
    out.push_back({kind, std::move(key)});
    return out;
}

// Functions whose output is their input, or the array of their argument's outputs: the two
// shapes completion follows through. Anything else leaves the path unknown.
bool passes_input_through(const std::string& name) {
    return name == "select" || name == "sort_by" || name == "sort" || name == "unique_by" ||
           name == "recurse" || name == "debug" || name == "limit" || name == "first" ||
           name == "last" || name == "until" || name == "while";
}

// Where the text of a bracketed or called part began and what it was.
struct Frame {
    enum class Kind { Top, Group, Call, Index, Array, Object };
    Frame(Kind k, MaybePath b, MaybePath bf, std::string n = {})
        : kind(k), base(std::move(b)), before(std::move(bf)), name(std::move(n)) {}
    Kind kind;
    MaybePath base;    // the input of terms at this level (a pipe moves it on)
    MaybePath before;  // Index: the path of the term being indexed; Call: the call's input
    std::string name;  // Call: the function
    // Index: the text inside is one literal, so the index is a plain step.
    enum class Inside { Empty, Number, String, Other } inside = Inside::Empty;
    std::string key;
};

// A left-to-right reading of the filter, keeping for each open bracket what the terms inside
// take as input, and for the current term the path it has reached.
class Scanner {
public:
    Scanner(const std::string& text, std::size_t cursor, bool slurp) : text_(text), end_(cursor) {
        MaybePath root = Path{};
        if (slurp)
            root->push_back({PathStep::Kind::Wrap, {}});
        frames_.emplace_back(Frame::Kind::Top, root, root);
        current_ = root;
    }

    CursorContext run();

private:
    Frame& top() { return frames_.back(); }
    void note_inside(Frame::Inside kind, std::string key = {});
    void start_term() {
        if (expect_term_)
            current_ = top().base;
        expect_term_ = false;
    }
    void operator_seen(bool comparison) {
        if (comparison)
            operand_ = current_;
        note_inside(Frame::Inside::Other);
        current_ = top().base;
        expect_term_ = true;
    }
    bool scan_string(std::size_t& i, std::string& content);  // false: runs into the cursor
    void open(char c);
    void close(char c);
    CursorContext word_at_cursor(std::size_t start, bool after_dot, bool after_sigil);
    std::optional<CursorContext> scan_quote(std::size_t& i);
    std::optional<CursorContext> scan_dot(std::size_t& i);
    std::optional<CursorContext> scan_word(std::size_t& i);
    void scan_symbol(std::size_t& i);

    const std::string& text_;
    std::size_t end_;
    std::vector<Frame> frames_;
    MaybePath current_;
    MaybePath operand_;  // the left side of the last comparison, for values in strings
    bool expect_term_ = true;
    std::string last_ident_;   // the identifier just read, if the last token was one
    MaybePath call_input_;     // and the input it was called on
    bool dot_string_ = false;  // a `.` just came before a string: `."key"`
};

void Scanner::note_inside(Frame::Inside kind, std::string key) {
    Frame& f = top();
    if (f.kind != Frame::Kind::Index)
        return;
    f.inside = f.inside == Frame::Inside::Empty ? kind : Frame::Inside::Other;
    f.key = std::move(key);
}

bool Scanner::scan_string(std::size_t& i, std::string& content) {
    // i is at the opening quote.
    ++i;
    int interpolation = 0;
    while (i < end_) {
        const char c = text_[i];
        if (interpolation > 0) {
            if (c == '(')
                ++interpolation;
            else if (c == ')')
                --interpolation;
            ++i;
            continue;
        }
        if (c == '\\' && i + 1 < end_) {
            const char e = text_[i + 1];
            if (e == '(') {
                interpolation = 1;
            } else {
                content += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            }
            i += 2;
            continue;
        }
        if (c == '"') {
            ++i;
            return true;
        }
        content += c;
        ++i;
    }
    return false;
}

void Scanner::open(char c) {
    const bool postfix = !expect_term_;
    if (c == '[' && postfix) {
        frames_.emplace_back(Frame::Kind::Index, top().base, current_);
    } else if (c == '(' && !last_ident_.empty()) {
        // A call: its arguments take the call's input, `map`'s its elements.
        MaybePath input = call_input_;
        MaybePath inside =
            last_ident_ == "map" || last_ident_ == "map_values" || last_ident_ == "any" ||
                    last_ident_ == "all" || last_ident_ == "sort_by" || last_ident_ == "group_by" ||
                    last_ident_ == "unique_by" || last_ident_ == "min_by" || last_ident_ == "max_by"
                ? with_step(input, PathStep::Kind::Each)
                : input;
        operand_ = input;  // `test("…`, `startswith("…`: values of the call's input
        frames_.emplace_back(Frame::Kind::Call, inside, input, last_ident_);
    } else {
        start_term();
        const Frame::Kind kind = c == '('   ? Frame::Kind::Group
                                 : c == '[' ? Frame::Kind::Array
                                            : Frame::Kind::Object;
        frames_.emplace_back(kind, current_, current_);
    }
    current_ = top().base;
    expect_term_ = true;
    last_ident_.clear();
}

void Scanner::close(char) {
    if (frames_.size() == 1) {
        current_ = std::nullopt;  // unbalanced: nothing is known any more
        expect_term_ = false;
        return;
    }
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    MaybePath inner = current_;
    switch (f.kind) {
        case Frame::Kind::Index:
            if (f.inside == Frame::Inside::Empty || f.inside == Frame::Inside::Number)
                current_ = with_step(f.before, PathStep::Kind::Each);
            else if (f.inside == Frame::Inside::String)
                current_ = with_step(f.before, PathStep::Kind::Key, f.key);
            else
                current_ = std::nullopt;
            break;
        case Frame::Kind::Group: current_ = inner; break;
        case Frame::Kind::Array: current_ = with_step(inner, PathStep::Kind::Wrap); break;
        case Frame::Kind::Object: current_ = std::nullopt; break;
        case Frame::Kind::Call:
            if (f.name == "map")
                current_ = with_step(inner, PathStep::Kind::Wrap);
            else if (f.name == "first" || f.name == "last" || f.name == "limit")
                current_ = inner;
            else if (passes_input_through(f.name))
                current_ = f.before;
            else
                current_ = std::nullopt;
            break;
        case Frame::Kind::Top: break;
    }
    note_inside(Frame::Inside::Other);
    expect_term_ = false;
}

CursorContext Scanner::word_at_cursor(std::size_t start, bool after_dot, bool after_sigil) {
    CursorContext context;
    context.prefix = text_.substr(start, end_ - start);
    context.begin = start;
    if (after_sigil)
        return context;
    if (after_dot) {
        context.kind = CursorContext::Kind::Field;
        context.path = current_;
    } else {
        context.kind = CursorContext::Kind::Builtin;
    }
    return context;
}

// A string literal: the cursor inside it is a value (or, after `.`, a quoted key).
std::optional<CursorContext> Scanner::scan_quote(std::size_t& i) {
    const std::size_t open_at = i;
    const bool key = dot_string_;
    dot_string_ = false;
    std::string content;
    if (!scan_string(i, content)) {
        CursorContext context;
        context.begin = open_at + 1;
        context.prefix = content;
        context.kind = key ? CursorContext::Kind::Field : CursorContext::Kind::Value;
        context.path = key ? current_ : operand_;
        context.quoted = key;
        return context;
    }
    if (key) {
        current_ = with_step(current_, PathStep::Kind::Key, content);
    } else {
        start_term();
        current_ = std::nullopt;
        note_inside(Frame::Inside::String, content);
    }
    expect_term_ = false;
    return std::nullopt;
}

// `.`, `.name`, `."name"` (the quote is read next), `..`.
std::optional<CursorContext> Scanner::scan_dot(std::size_t& i) {
    if (i + 1 < end_ && text_[i + 1] == '.') {  // `..`: anything below
        start_term();
        current_ = std::nullopt;
        i += 2;
        return std::nullopt;
    }
    start_term();
    note_inside(Frame::Inside::Other);
    ++i;
    const std::size_t word = i;
    while (i < end_ && is_ident_char(text_[i])) ++i;
    if (i == end_)
        return word_at_cursor(word, true, false);
    if (i > word)
        current_ = with_step(current_, PathStep::Kind::Key, text_.substr(word, i - word));
    else if (text_[i] == '"')
        dot_string_ = true;
    return std::nullopt;
}

// An identifier (a keyword, or a function called on the current input), `$var`, `@format`.
std::optional<CursorContext> Scanner::scan_word(std::size_t& i) {
    const bool sigil = text_[i] == '$' || text_[i] == '@';
    const std::size_t word = sigil ? i + 1 : i;
    i = word;
    while (i < end_ &&
           (is_ident_char(text_[i]) || (text_[i] == ':' && i + 1 < end_ && text_[i + 1] == ':')))
        i += text_[i] == ':' ? 2 : 1;
    if (i == end_)
        return word_at_cursor(word, false, sigil);
    const std::string ident = text_.substr(word, i - word);
    if (sigil) {
        start_term();
        current_ = std::nullopt;
        note_inside(Frame::Inside::Other);
    } else if (ident == "and" || ident == "or") {
        operator_seen(false);
    } else if (ident == "if" || ident == "then" || ident == "elif" || ident == "else" ||
               ident == "try" || ident == "reduce" || ident == "foreach") {
        current_ = top().base;
        expect_term_ = true;
    } else if (ident == "as" || ident == "catch" || ident == "def" || ident == "label") {
        current_ = std::nullopt;
        expect_term_ = true;
    } else {
        start_term();
        call_input_ = current_;
        current_ = std::nullopt;  // a call's output, unless `(` follows
        last_ident_ = ident;
        note_inside(Frame::Inside::Other);
    }
    return std::nullopt;
}

// Brackets, pipes, commas and operators.
void Scanner::scan_symbol(std::size_t& i) {
    const char c = text_[i];
    const char next = i + 1 < end_ ? text_[i + 1] : '\0';
    ++i;
    switch (c) {
        case '(':
        case '[':
        case '{': open(c); break;
        case ')':
        case ']':
        case '}': close(c); break;
        case '|':
            if (next == '=') {
                ++i;
                operator_seen(false);
            } else {
                top().base = current_;
                expect_term_ = true;
            }
            break;
        case ',':
        case ';':
            current_ = top().base;
            expect_term_ = true;
            note_inside(Frame::Inside::Other);
            break;
        case ':':
            current_ = top().base;
            expect_term_ = true;
            break;
        case '?': break;
        case '=':
        case '!':
        case '<':
        case '>':
            if (next == '=')
                ++i;
            operator_seen(c != '=' || next == '=');  // `=` alone assigns, it compares nothing
            break;
        default:
            if (next == '=' || (c == '/' && next == '/'))
                ++i;
            operator_seen(false);
            break;
    }
}

CursorContext Scanner::run() {
    std::size_t i = 0;
    while (i < end_) {
        const char c = text_[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < end_ && text_[i] != '\n') ++i;
            continue;
        }
        if (!is_ident_start(c) && c != '(')
            last_ident_.clear();
        std::optional<CursorContext> at_cursor;
        if (c == '"') {
            at_cursor = scan_quote(i);
        } else if (c == '.') {
            dot_string_ = false;
            at_cursor = scan_dot(i);
        } else if (is_ident_start(c) || c == '$' || c == '@') {
            dot_string_ = false;
            at_cursor = scan_word(i);
        } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            dot_string_ = false;
            while (i < end_ &&
                   (std::isalnum(static_cast<unsigned char>(text_[i])) != 0 || text_[i] == '.'))
                ++i;
            start_term();
            current_ = std::nullopt;
            note_inside(Frame::Inside::Number);
        } else {
            dot_string_ = false;
            scan_symbol(i);
        }
        if (at_cursor)
            return *at_cursor;
    }
    return {};
}

bool starts_with(const std::string& text, const std::string& prefix, bool fold) {
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]);
        const auto b = static_cast<unsigned char>(prefix[i]);
        if (fold ? std::tolower(a) != std::tolower(b) : a != b)
            return false;
    }
    return true;
}

// Exact-case prefix matches first, then the case-blind ones, each in the given order.
std::vector<Ranked> matching(const std::vector<Ranked>& all, const std::string& prefix) {
    std::vector<Ranked> exact, folded;
    for (const Ranked& r : all) {
        if (starts_with(r.text, prefix, false))
            exact.push_back(r);
        else if (starts_with(r.text, prefix, true))
            folded.push_back(r);
    }
    exact.insert(exact.end(), folded.begin(), folded.end());
    return exact;
}

}  // namespace

std::string field_syntax(const std::string& key) {
    bool identifier = !key.empty() && is_ident_start(key[0]);
    for (const char c : key) identifier = identifier && is_ident_char(c);
    if (identifier)
        return key;
    std::string quoted;
    write_json_string(quoted, key, false);
    return quoted;
}

CursorContext cursor_context(const std::string& filter, std::size_t cursor, bool slurp) {
    return Scanner(filter, std::min(cursor, filter.size()), slurp).run();
}

Completion complete(const std::string& filter, std::size_t cursor, const KeyIndex& index,
                    const std::vector<std::string>& builtin_names, bool slurp) {
    Completion out;
    out.context = cursor_context(filter, cursor, slurp);
    const CursorContext& c = out.context;
    switch (c.kind) {
        case CursorContext::Kind::Nothing: break;
        case CursorContext::Kind::Field:
            for (const Ranked& r : matching(index.keys_at(c.path), c.prefix)) {
                std::string replacement;
                if (c.quoted) {
                    write_json_string(replacement, r.text, false);
                    replacement.erase(0, 1);  // the opening quote is typed already
                } else {
                    replacement = field_syntax(r.text);
                }
                out.candidates.push_back({replacement, r.text, r.count});
            }
            break;
        case CursorContext::Kind::Value:
            for (const Ranked& r : matching(index.values_at(c.path), c.prefix)) {
                std::string replacement;
                write_json_string(replacement, r.text, false);
                out.candidates.push_back({replacement.substr(1), r.text, r.count});
            }
            break;
        case CursorContext::Kind::Builtin:
            for (const std::string& name : builtin_names) {
                if (starts_with(name, c.prefix, false))
                    out.candidates.push_back({name, name, 0});
            }
            break;
    }
    return out;
}

std::string common_prefix(const std::vector<Candidate>& candidates) {
    if (candidates.empty())
        return {};
    std::string prefix = candidates.front().replacement;
    for (const Candidate& c : candidates) {
        std::size_t n = 0;
        while (n < prefix.size() && n < c.replacement.size() && prefix[n] == c.replacement[n]) ++n;
        prefix.resize(n);
    }
    // Never end inside a UTF-8 sequence.
    while (!prefix.empty() && (static_cast<unsigned char>(prefix.back()) & 0xC0) == 0x80)
        prefix.pop_back();
    if (!prefix.empty() && static_cast<unsigned char>(prefix.back()) >= 0xC0)
        prefix.pop_back();
    return prefix;
}

}  // namespace ctq::explore
