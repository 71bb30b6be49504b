// The terminal, through ncursesw on /dev/tty: stdout is never touched, so whatever the
// explorer prints when it ends goes cleanly down a pipe or into a file.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace ctq::explore {

/// Keys as read_key() returns them: characters as their code points, special keys as ncurses'
/// KEY_* codes, and Alt+key (ESC then the key) with kAlt added.
constexpr int kAlt = 1 << 24;
constexpr int kNoKey = -1;
constexpr int kEscape = 27;
constexpr int kCtrlLeft = 1 << 23;
constexpr int kCtrlRight = (1 << 23) + 1;

/// A style for put(): what the explorer's parts look like.
enum class Style { Normal, Dim, Reverse, Bold, Error, Caret, Menu, MenuSelected };

class Screen {
public:
    /// Opens /dev/tty; on failure returns null and says why in `error`.
    static std::unique_ptr<Screen> open(bool color, std::string& error);
    ~Screen();
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    int rows() const;
    int cols() const;
    bool color() const { return color_; }

    /// The next key, waiting up to `timeout_ms`; kNoKey when none came.
    int read_key(int timeout_ms);

    void erase();
    /// `text` (UTF-8) at row, col, cut to `width` columns after the first `skip`; with `sgr`,
    /// SGR colour escapes in the text become attributes (jq's colours, JQ_COLORS); `dim` dims
    /// the whole line.
    void put(int row, int col, const std::string& text, int width, Style style, bool sgr = false,
             bool dim = false, std::size_t skip = 0);
    void cursor(int row, int col);
    void show_cursor(bool on);
    void refresh();
    void redraw_all();

private:
    Screen() = default;
    int pair_for(short fg, short bg);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool color_ = false;
};

/// The part of `text` that fits in `width` columns after skipping `skip` columns, without
/// SGR escapes in mind; wide characters never split.
std::string fit_columns(const std::string& text, std::size_t skip, std::size_t width);

}  // namespace ctq::explore
