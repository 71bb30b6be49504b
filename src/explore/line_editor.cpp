// Editing the filter line: character moves on UTF-8 boundaries, words, kill and yank, undo.
#include "ctq/explore/line_editor.hpp"

#include "ctq/output/table_writer.hpp"

namespace ctq::explore {

namespace {

constexpr std::size_t kUndoDepth = 200;

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

bool is_word(unsigned char c) {
    return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

}  // namespace

// A control character (a newline in a filter from -f) shows as one `.` on the screen.
std::size_t columns_of(const std::string& text) {
    std::size_t controls = 0;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            ++controls;
    }
    return display_width(text) + controls;
}

void LineEditor::remember() {
    if (undo_.size() == kUndoDepth)
        undo_.erase(undo_.begin());
    undo_.push_back({text_, cursor_});
}

std::size_t LineEditor::previous_boundary(std::size_t at) const {
    if (at == 0)
        return 0;
    --at;
    while (at > 0 && is_continuation(static_cast<unsigned char>(text_[at]))) --at;
    return at;
}

std::size_t LineEditor::next_boundary(std::size_t at) const {
    if (at >= text_.size())
        return text_.size();
    ++at;
    while (at < text_.size() && is_continuation(static_cast<unsigned char>(text_[at]))) ++at;
    return at;
}

void LineEditor::set_text(std::string text) {
    if (text == text_)
        return;
    remember();
    text_ = std::move(text);
    cursor_ = text_.size();
}

void LineEditor::insert(const std::string& text) {
    if (text.empty())
        return;
    remember();
    std::string clean = text;
    for (char& c : clean) {
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    }
    text_.insert(cursor_, clean);
    cursor_ += clean.size();
}

void LineEditor::replace_before_cursor(std::size_t begin, const std::string& text) {
    if (begin > cursor_)
        begin = cursor_;
    remember();
    text_.replace(begin, cursor_ - begin, text);
    cursor_ = begin + text.size();
}

bool LineEditor::backspace() {
    if (cursor_ == 0)
        return false;
    remember();
    const std::size_t from = previous_boundary(cursor_);
    text_.erase(from, cursor_ - from);
    cursor_ = from;
    return true;
}

bool LineEditor::delete_forward() {
    if (cursor_ >= text_.size())
        return false;
    remember();
    text_.erase(cursor_, next_boundary(cursor_) - cursor_);
    return true;
}

bool LineEditor::left() {
    if (cursor_ == 0)
        return false;
    cursor_ = previous_boundary(cursor_);
    return true;
}

bool LineEditor::right() {
    if (cursor_ >= text_.size())
        return false;
    cursor_ = next_boundary(cursor_);
    return true;
}

bool LineEditor::word_left() {
    const std::size_t start = cursor_;
    while (cursor_ > 0 && !is_word(static_cast<unsigned char>(text_[cursor_ - 1]))) --cursor_;
    while (cursor_ > 0 && is_word(static_cast<unsigned char>(text_[cursor_ - 1]))) --cursor_;
    return cursor_ != start;
}

bool LineEditor::word_right() {
    const std::size_t start = cursor_;
    while (cursor_ < text_.size() && !is_word(static_cast<unsigned char>(text_[cursor_])))
        ++cursor_;
    while (cursor_ < text_.size() && is_word(static_cast<unsigned char>(text_[cursor_]))) ++cursor_;
    return cursor_ != start;
}

bool LineEditor::kill_to_end() {
    if (cursor_ >= text_.size())
        return false;
    remember();
    killed_ = text_.substr(cursor_);
    text_.erase(cursor_);
    return true;
}

bool LineEditor::kill_to_start() {
    if (cursor_ == 0)
        return false;
    remember();
    killed_ = text_.substr(0, cursor_);
    text_.erase(0, cursor_);
    cursor_ = 0;
    return true;
}

bool LineEditor::kill_word_before() {
    if (cursor_ == 0)
        return false;
    const std::size_t end = cursor_;
    word_left();
    const std::size_t begin = cursor_;
    cursor_ = end;
    remember();
    killed_ = text_.substr(begin, end - begin);
    text_.erase(begin, end - begin);
    cursor_ = begin;
    return true;
}

bool LineEditor::yank() {
    if (killed_.empty())
        return false;
    remember();
    text_.insert(cursor_, killed_);
    cursor_ += killed_.size();
    return true;
}

bool LineEditor::undo() {
    if (undo_.empty())
        return false;
    text_ = std::move(undo_.back().text);
    cursor_ = undo_.back().cursor;
    undo_.pop_back();
    return true;
}

}  // namespace ctq::explore
