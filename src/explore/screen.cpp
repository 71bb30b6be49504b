// Drawing with ncursesw: one SCREEN on /dev/tty, colour pairs made on demand for jq's SGR
// colours, and keys decoded into one int (Alt as ESC + key, as terminals send it).
#define NCURSES_WIDECHAR 1
#define NCURSES_NOMACROS 1
#include "screen.hpp"

#include <curses.h>
#include <langinfo.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <utility>
#include <vector>

#include "ctq/output/table_writer.hpp"

namespace ctq::explore {

struct Screen::Impl {
    std::FILE* tty = nullptr;
    SCREEN* screen = nullptr;
    std::string saved_locale;
    std::map<std::pair<short, short>, int> pairs;
    int ctrl_left = 0;
    int ctrl_right = 0;
    std::map<int, int> modified;  // ncurses' code for a modified arrow -> ours
};

namespace {

// Where the next UTF-8 character of `text` starts after `at`.
std::size_t next_char(const std::string& text, std::size_t at) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    return at;
}

int code_for(const char* name) {
    const char* s = tigetstr(const_cast<char*>(name));
    if (!s || s == reinterpret_cast<char*>(-1))
        return 0;
    const int code = key_defined(s);
    return code > 0 ? code : 0;
}

// Columns one character takes on the screen: a control character shows as a `.`.
std::size_t shown_width(const std::string& ch) {
    const auto first = static_cast<unsigned char>(ch[0]);
    return first < 0x20 || first == 0x7f ? 1 : display_width(ch);
}

struct ModifiedKey {
    const char* sequence;
    int code;
};
const ModifiedKey kModifiedKeys[] = {
    {"\033[1;5D", kCtrlLeft},        {"\033[1;5C", kCtrlRight}, {"\033[1;3D", kAlt + KEY_LEFT},
    {"\033[1;3C", kAlt + KEY_RIGHT}, {"\033[1;2D", KEY_SLEFT},  {"\033[1;2C", KEY_SRIGHT},
    {"\033[1;2A", KEY_SR},           {"\033[1;2B", KEY_SF},     {"\033[Z", KEY_BTAB},
};

}  // namespace

std::string fit_columns(const std::string& text, std::size_t skip, std::size_t width) {
    std::string out;
    std::size_t col = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t next = next_char(text, i);
        const std::string ch = text.substr(i, next - i);
        const std::size_t w = shown_width(ch);
        if (col >= skip) {
            if (col + w > skip + width)
                break;
            out += ch;
        }
        col += w;
        i = next;
    }
    return out;
}

std::unique_ptr<Screen> Screen::open(bool color, std::string& error) {
    std::unique_ptr<Screen> s(new Screen());
    s->impl_ = std::make_unique<Impl>();
    Impl& impl = *s->impl_;
    impl.tty = std::fopen("/dev/tty", "r+");
    if (!impl.tty) {
        error = std::string("-i needs a terminal, and /dev/tty cannot be opened: ") +
                std::strerror(errno);
        return nullptr;
    }
    // ncursesw draws UTF-8 only under a UTF-8 character type; the rest of ctq keeps its own.
    const char* current = std::setlocale(LC_CTYPE, nullptr);
    impl.saved_locale = current ? current : "C";
    if (!std::setlocale(LC_CTYPE, "") || std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        std::setlocale(LC_CTYPE, "C.UTF-8");
    const char* term = std::getenv("TERM");
    impl.screen = newterm(term, impl.tty, impl.tty);
    if (!impl.screen) {
        error = std::string("-i cannot drive this terminal (TERM=") + (term ? term : "") + ")";
        std::fclose(impl.tty);
        impl.tty = nullptr;
        std::setlocale(LC_CTYPE, impl.saved_locale.c_str());
        return nullptr;
    }
    set_term(impl.screen);
    raw();  // Ctrl-C, Ctrl-Z and Ctrl-O come as keys
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    s->color_ = color && has_colors();
    if (s->color_) {
        start_color();
        use_default_colors();
    }
    impl.ctrl_left = code_for("kLFT5");
    impl.ctrl_right = code_for("kRIT5");
    // xterm's modified arrows, which tmux and most terminals send whatever TERM's terminfo
    // says (tmux's "screen" has none of them). ncurses keeps key codes in 16 bits: the
    // sequences get codes past KEY_MAX, turned into ours by read_key().
    for (std::size_t i = 0; i < std::size(kModifiedKeys); ++i) {
        int code = key_defined(kModifiedKeys[i].sequence);
        if (code <= 0) {
            code = KEY_MAX + 1 + static_cast<int>(i);
            define_key(kModifiedKeys[i].sequence, code);
        }
        impl.modified[code] = kModifiedKeys[i].code;
    }
    return s;
}

Screen::~Screen() {
    if (impl_ && impl_->screen) {
        endwin();
        delscreen(impl_->screen);
    }
    if (impl_ && impl_->tty)
        std::fclose(impl_->tty);
    if (impl_)
        std::setlocale(LC_CTYPE, impl_->saved_locale.c_str());
}

int Screen::rows() const {
    return LINES;
}

int Screen::cols() const {
    return COLS;
}

int Screen::read_key(int timeout_ms) {
    wtimeout(stdscr, timeout_ms);
    wint_t ch = 0;
    int kind = wget_wch(stdscr, &ch);
    if (kind == ERR)
        return kNoKey;
    if (kind == KEY_CODE_YES) {
        const int code = static_cast<int>(ch);
        if (auto it = impl_->modified.find(code); it != impl_->modified.end())
            return it->second;
        if (code == impl_->ctrl_left && code != 0)
            return kCtrlLeft;
        if (code == impl_->ctrl_right && code != 0)
            return kCtrlRight;
        return code;
    }
    if (ch != kEscape)
        return static_cast<int>(ch);
    // ESC: alone, or the first byte of Alt+key.
    wtimeout(stdscr, 30);
    wint_t next = 0;
    kind = wget_wch(stdscr, &next);
    if (kind == ERR)
        return kEscape;
    return kAlt + static_cast<int>(next);
}

void Screen::erase() {
    werase(stdscr);
}

int Screen::pair_for(short fg, short bg) {
    const auto key = std::make_pair(fg, bg);
    auto it = impl_->pairs.find(key);
    if (it != impl_->pairs.end())
        return it->second;
    const int pair = static_cast<int>(impl_->pairs.size()) + 1;
    if (pair >= COLOR_PAIRS)
        return 0;
    init_pair(static_cast<short>(pair), fg, bg);
    impl_->pairs.emplace(key, pair);
    return pair;
}

namespace {

struct SgrState {
    short fg = -1;
    short bg = -1;
    attr_t attrs = A_NORMAL;
};

// One SGR sequence's parameters ("1;34") applied to the state.
void apply_sgr(const std::string& params, SgrState& state) {
    std::vector<int> codes;
    std::size_t start = 0;
    while (start <= params.size()) {
        const std::size_t semi = params.find(';', start);
        const std::string part =
            params.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
        codes.push_back(part.empty() ? 0 : std::atoi(part.c_str()));
        if (semi == std::string::npos)
            break;
        start = semi + 1;
    }
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const int c = codes[i];
        if (c == 0) {
            state = SgrState{};
        } else if (c == 1) {
            state.attrs |= A_BOLD;
        } else if (c == 2) {
            state.attrs |= A_DIM;
        } else if (c == 3) {
            state.attrs |= A_ITALIC;
        } else if (c == 4) {
            state.attrs |= A_UNDERLINE;
        } else if (c == 5) {
            state.attrs |= A_BLINK;
        } else if (c == 7) {
            state.attrs |= A_REVERSE;
        } else if (c >= 30 && c <= 37) {
            state.fg = static_cast<short>(c - 30);
        } else if (c == 39) {
            state.fg = -1;
        } else if (c >= 40 && c <= 47) {
            state.bg = static_cast<short>(c - 40);
        } else if (c == 49) {
            state.bg = -1;
        } else if (c >= 90 && c <= 97) {
            state.fg = static_cast<short>(COLORS >= 16 ? c - 90 + 8 : c - 90);
        } else if (c >= 100 && c <= 107) {
            state.bg = static_cast<short>(COLORS >= 16 ? c - 100 + 8 : c - 100);
        } else if ((c == 38 || c == 48) && i + 2 < codes.size() && codes[i + 1] == 5) {
            const auto n = static_cast<short>(codes[i + 2] < COLORS ? codes[i + 2] : -1);
            (c == 38 ? state.fg : state.bg) = n;
            i += 2;
        }
    }
}

}  // namespace

void Screen::put(int row, int col, const std::string& text, int width, Style style, bool sgr,
                 bool dim, std::size_t skip) {
    if (row < 0 || row >= LINES || width <= 0)
        return;
    attr_t base = A_NORMAL;
    int base_pair = 0;
    switch (style) {
        case Style::Normal: break;
        case Style::Dim: base = A_DIM; break;
        case Style::Reverse: base = A_REVERSE; break;
        case Style::Bold: base = A_BOLD; break;
        case Style::Error:
            base = A_BOLD;
            if (color_)
                base_pair = pair_for(COLOR_RED, -1);
            break;
        case Style::Caret:
            base = A_BOLD;
            if (color_)
                base_pair = pair_for(COLOR_RED, -1);
            break;
        case Style::Menu: base = A_REVERSE; break;
        case Style::MenuSelected: base = A_BOLD; break;
    }
    if (dim)
        base |= A_DIM;
    wmove(stdscr, row, col);
    int used = 0;
    SgrState state;
    std::string run;
    std::size_t skipped = 0;
    auto flush = [&] {
        if (run.empty())
            return;
        const std::string piece = fit_columns(run, 0, static_cast<std::size_t>(width - used));
        attr_t attrs = base | state.attrs;
        int pair = base_pair;
        if (color_ && (state.fg != -1 || state.bg != -1))
            pair = pair_for(state.fg, state.bg);
        wattr_set(stdscr, attrs, static_cast<short>(pair), nullptr);
        waddnstr(stdscr, piece.c_str(), static_cast<int>(piece.size()));
        used += static_cast<int>(display_width(piece));
        run.clear();
    };
    for (std::size_t i = 0; i < text.size() && used < width;) {
        if (sgr && text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
            const std::size_t m = text.find('m', i);
            if (m == std::string::npos)
                break;
            flush();
            if (color_ || !sgr)
                apply_sgr(text.substr(i + 2, m - i - 2), state);
            i = m + 1;
            continue;
        }
        const std::size_t next = next_char(text, i);
        if (skipped < skip) {  // scrolled off to the left
            skipped += shown_width(text.substr(i, next - i));
            i = next;
            continue;
        }
        const char c = text[i];
        // Control characters would move the cursor: shown as a dot, the way less shows them.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            run += '.';
        else
            run.append(text, i, next - i);
        i = next;
    }
    flush();
    if (style == Style::Reverse || style == Style::Menu) {  // the bar spans the width
        wattr_set(stdscr, base, static_cast<short>(base_pair), nullptr);
        for (; used < width; ++used) waddch(stdscr, ' ');
    }
    wattr_set(stdscr, A_NORMAL, 0, nullptr);
}

void Screen::cursor(int row, int col) {
    wmove(stdscr, row, col);
}

void Screen::show_cursor(bool on) {
    curs_set(on ? 1 : 0);
}

void Screen::refresh() {
    wrefresh(stdscr);
}

void Screen::redraw_all() {
    clearok(stdscr, TRUE);
}

}  // namespace ctq::explore
