// The explorer's filter line: text and a cursor, edited the way readline edits a line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ctq::explore {

/// One line of UTF-8 text and a cursor (a byte offset, always on a character boundary).
/// Words are runs of letters, digits and `_`, as jq identifiers are; the kill commands keep
/// what they cut for yank(), and every change can be undone.
class LineEditor {
public:
    LineEditor() = default;
    explicit LineEditor(std::string text) : text_(std::move(text)), cursor_(text_.size()) {}

    const std::string& text() const { return text_; }
    std::size_t cursor() const { return cursor_; }

    /// Replaces the whole line, cursor at the end (a history entry, a completion).
    void set_text(std::string text);
    /// Inserts at the cursor; newlines and tabs become spaces (a pasted filter stays one line).
    void insert(const std::string& text);
    /// Replaces bytes [begin, cursor) by `text`, cursor after it (a completion).
    void replace_before_cursor(std::size_t begin, const std::string& text);

    bool backspace();       // the character before the cursor
    bool delete_forward();  // the character under the cursor
    bool left();            // one character
    bool right();
    bool word_left();   // to the start of the word before the cursor
    bool word_right();  // to the end of the word after the cursor
    void home() { cursor_ = 0; }
    void end() { cursor_ = text_.size(); }
    bool kill_to_end();       // Ctrl-K
    bool kill_to_start();     // Ctrl-U
    bool kill_word_before();  // Ctrl-W, Alt-Backspace
    bool yank();              // Ctrl-Y: what was killed last
    bool undo();              // Ctrl-_ / Ctrl-Z: the line before the last change

private:
    void remember();  // the state before a change, for undo()
    std::size_t previous_boundary(std::size_t at) const;
    std::size_t next_boundary(std::size_t at) const;

    std::string text_;
    std::size_t cursor_ = 0;
    std::string killed_;
    struct State {
        std::string text;
        std::size_t cursor;
    };
    std::vector<State> undo_;
};

/// Terminal columns of `text` as the explorer shows it (UTF-8; wide characters count 2,
/// control characters 1).
std::size_t columns_of(const std::string& text);

}  // namespace ctq::explore
