// Drawing the explorer: the filter with its caret, messages, the status bar, the visible
// results (and only those), the completion menu, the command line and the keys.
#include <fmt/format.h>

#include <algorithm>

#include "explorer_state.hpp"

namespace ctq::explore {

namespace {

const char* const kPrompt = "> ";
constexpr int kPromptWidth = 2;
constexpr int kMenuRows = 8;

const char* const kHelp =
    "Enter print · ^O command · Tab complete · ^F whole input · ↑↓ ^R history · "
    "M-r -r · M-c -c · M-S -S · M-s -s · M-t --table · PgUp/PgDn M-←/M-→ scroll · Esc quit";

std::string seconds_text(double seconds) {
    if (seconds < 1)
        return fmt::format("{} ms", static_cast<int>(seconds * 1000));
    return fmt::format("{:.1f} s", seconds);
}

}  // namespace

ViewOptions Explorer::view_options() const {
    ViewOptions v;
    v.raw = toggles_.raw;
    v.table = toggles_.table;
    v.writer = config_.writer;
    v.writer.color = screen_.color() && config_.writer.color;
    v.writer.sort_keys = toggles_.sort_keys;
    if (toggles_.compact) {
        v.writer.indent = 0;
        v.writer.tab = false;
    }
    v.width = static_cast<std::size_t>(screen_.cols());
    return v;
}

// Which results to show: the current run's once it has something to show; else, after an
// error, the last good ones, dimmed.
void Explorer::update_shown() {
    std::shared_ptr<const Results> show = shown_;
    bool dim = shown_dim_;
    if (current_) {
        const Results::Status s = current_->status();
        const bool compile_error = s.failure && s.failure->compile;
        if (compile_error) {
            show = last_good_;
            dim = true;
        } else if (s.done && !s.cancelled) {
            if (!s.failure)
                last_good_ = current_;
            const bool has_output = s.kept > 0;
            show = s.failure && !has_output ? last_good_ : current_;
            dim = s.failure && !has_output;
        } else if (s.kept > 0 || current_->full()) {
            show = current_;
            dim = false;
        }
    }
    const ViewOptions options = view_options();
    if (show != shown_ || !(options == view_.options()) || view_.results() != show) {
        if (show && shown_ && show->filter() != shown_->filter())
            scroll_ = 0;
        shown_ = show;
        view_.reset(shown_, options);
    }
    shown_dim_ = dim;
}

void Explorer::draw() {
    screen_.erase();
    const int width = screen_.cols();
    if (screen_.rows() < kMinRows || width < kMinCols) {
        screen_.put(0, 0, "the terminal is too small for ctq -i", width, Style::Error);
        screen_.refresh();
        return;
    }
    const int height = results_height();
    draw_status(width);
    draw_results(width, height);
    draw_bottom(width);
    draw_messages(width);
    if (menu_.open)
        draw_menu(width, height);
    draw_filter_line(width);  // last: it leaves the cursor in place
    screen_.refresh();
}

void Explorer::draw_filter_line(int width) {
    const std::string& text = editor_.text();
    const int room = width - kPromptWidth - 1;
    const std::size_t cursor_col = columns_of(text.substr(0, editor_.cursor()));
    if (cursor_col < hscroll_)
        hscroll_ = cursor_col;
    if (cursor_col >= hscroll_ + static_cast<std::size_t>(room))
        hscroll_ = cursor_col - static_cast<std::size_t>(room) + 1;
    screen_.put(0, 0, searching_ ? "?" : kPrompt, kPromptWidth, Style::Bold);
    screen_.put(0, kPromptWidth, fit_columns(text, hscroll_, static_cast<std::size_t>(room)), room,
                Style::Normal);
    screen_.cursor(0, kPromptWidth + static_cast<int>(cursor_col - hscroll_));
}

// Row 1 holds the caret under the failing part of the filter; row 2 the message.
void Explorer::draw_messages(int width) {
    std::string message;
    Style style = Style::Dim;
    std::optional<Failure> failure;
    if (current_)
        failure = current_->status().failure;
    if (searching_) {
        message =
            fmt::format("history search: {}_   (^R older · Enter keep · Esc back)", search_query_);
        style = Style::Bold;
    } else if (!notice_.empty()) {
        message = notice_;
    } else if (failure) {
        message = failure->message;
        style = Style::Error;
    } else if (const Sample::Status s = sample_.status(); !s.error.empty()) {
        message = s.error;
        style = Style::Error;
    }
    if (failure && failure->span && current_ && current_->filter() == editor_.text()) {
        const std::string& text = editor_.text();
        const std::size_t begin = std::min<std::size_t>(failure->span->begin, text.size());
        const std::size_t end = std::max<std::size_t>(
            begin + 1, std::min<std::size_t>(failure->span->end, text.size()));
        const std::size_t from = columns_of(text.substr(0, begin));
        const std::size_t to = std::max(from + 1, columns_of(text.substr(0, end)));
        if (from >= hscroll_) {
            const int col = kPromptWidth + static_cast<int>(from - hscroll_);
            screen_.put(1, col, std::string(to - from, '^'), width - col, Style::Caret);
        }
    }
    screen_.put(2, 0, message, width, style);
}

std::string Explorer::status_text() const {
    std::string text;
    if (current_ && current_->full()) {
        const Results::Status s = current_->status();
        const Sample::Status counted = sample_.status();
        text = fmt::format("whole input: {} records", with_commas(s.records_read));
        if (counted.counting_done)
            text += " of " + with_commas(counted.records_seen);
        const double seconds = s.done ? s.seconds
                                      : std::chrono::duration<double>(
                                            std::chrono::steady_clock::now() - current_->started)
                                            .count();
        text += fmt::format(" · {}/{} files · {} outputs · {}", s.files_done, s.files_total,
                            with_commas(s.outputs), seconds_text(seconds));
        text += s.cancelled ? " · cancelled"
                : s.done    ? " · done (Esc: back to the sample)"
                            : " · running (Esc cancels)";
        return text;
    }
    const Sample::Status counted = sample_.status();
    if (!snapshot_) {
        text = "reading the first records…";
    } else if (snapshot_->whole_input) {
        text = fmt::format("sample: all {} records (the whole input)",
                           with_commas(snapshot_->records));
    } else {
        text = fmt::format("sample: {} of {}{} records", with_commas(snapshot_->records),
                           counted.counting_done ? "" : "≥",
                           with_commas(std::max(counted.records_seen, snapshot_->records)));
    }
    text += fmt::format(" · {}/{} files", counted.files_done, counted.files_total);
    if (current_) {
        const Results::Status s = current_->status();
        text += fmt::format(" · {} output{}", with_commas(s.outputs), s.outputs == 1 ? "" : "s");
        if (s.kept < s.outputs || (s.done && !current_->full() && s.kept >= 100000))
            text += " (the first kept)";
        text += s.done ? fmt::format(" · {}", seconds_text(s.seconds)) : " · running";
    }
    return text;
}

void Explorer::draw_status(int width) {
    screen_.put(3, 0, status_text(), width, Style::Reverse);
}

void Explorer::draw_results(int width, int height) {
    const std::vector<std::string> lines = view_.lines(scroll_, static_cast<std::size_t>(height));
    const bool colored = view_.options().writer.color;
    for (int i = 0; i < height && static_cast<std::size_t>(i) < lines.size(); ++i) {
        screen_.put(kTopRows + i, 0, lines[static_cast<std::size_t>(i)], width,
                    shown_dim_ ? Style::Dim : Style::Normal, colored, shown_dim_, results_hscroll_);
    }
}

void Explorer::draw_menu(int width, int height) {
    const auto& candidates = menu_.completion.candidates;
    const int rows = std::min({kMenuRows, height, static_cast<int>(candidates.size())});
    // Scrolled so the selection stays in view.
    const int first = std::max(0, menu_.selected - rows + 1);
    std::size_t label_width = 0;
    for (const Candidate& c : candidates) label_width = std::max(label_width, columns_of(c.label));
    const int menu_width = std::min(width, static_cast<int>(label_width) + 12);
    const std::size_t begin_col =
        columns_of(editor_.text().substr(0, menu_.completion.context.begin));
    int col = kPromptWidth + static_cast<int>(begin_col > hscroll_ ? begin_col - hscroll_ : 0);
    col = std::max(0, std::min(col, width - menu_width));
    for (int r = 0; r < rows; ++r) {
        const std::size_t i = static_cast<std::size_t>(first + r);
        const Candidate& c = candidates[i];
        std::string line = " " + c.label;
        if (c.count > 0) {
            const std::string count = with_commas(c.count);
            const std::size_t used = columns_of(line);
            const std::size_t pad =
                static_cast<std::size_t>(menu_width) > used + count.size() + 1
                    ? static_cast<std::size_t>(menu_width) - used - count.size() - 1
                    : 1;
            line += std::string(pad, ' ') + count;
        }
        screen_.put(kTopRows + r, col, line, menu_width,
                    static_cast<int>(i) == menu_.selected ? Style::MenuSelected : Style::Menu);
    }
    if (static_cast<int>(candidates.size()) > rows)
        screen_.put(kTopRows + rows, col,
                    menu_.selected < 0 ? fmt::format(" {} matches (Tab: next)", candidates.size())
                                       : fmt::format(" {} of {} (Tab: next)", menu_.selected + 1,
                                                     candidates.size()),
                    menu_width, Style::Menu);
}

void Explorer::draw_bottom(int width) {
    const int rows = screen_.rows();
    screen_.put(rows - 2, 0, "$ " + command_line(config_, editor_.text(), toggles_), width,
                Style::Bold);
    screen_.put(rows - 1, 0, kHelp, width, Style::Dim);
}

}  // namespace ctq::explore
