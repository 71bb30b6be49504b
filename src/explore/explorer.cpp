// The explorer's session: the sample and the evaluator started, then keys until the user
// leaves. Every edit starts a fresh run on the sample and cancels the one before.
#define NCURSES_NOMACROS 1
#include <curses.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "explorer_state.hpp"
#include "stdin_copy.hpp"

namespace ctq::explore {

namespace {

constexpr int kCtrl(char c) {
    return c & 0x1f;
}

// Keywords are offered with the builtins: `sel` → select, `red` → reduce.
const char* const kKeywords[] = {"and", "as",      "catch", "def",    "elif",    "else",
                                 "end", "foreach", "if",    "import", "include", "label",
                                 "or",  "reduce",  "then",  "try"};

std::vector<std::string> builtin_names(const CompileOptions& options) {
    std::set<std::string> names(std::begin(kKeywords), std::end(kKeywords));
    try {
        const auto program = Program::compile(".", options);
        for (const std::string& signature : program->builtin_signatures()) {
            const std::string name = signature.substr(0, signature.find('/'));
            if (!name.empty() && name[0] != '_')
                names.insert(name);
        }
    } catch (const std::exception&) {
        // Without builtins, completion still offers fields and values.
    }
    return {names.begin(), names.end()};
}

}  // namespace

Explorer::Explorer(const ExploreConfig& config, Screen& screen, Sample& sample,
                   Evaluator& evaluator, History& history, std::vector<std::string> builtins,
                   std::shared_ptr<std::atomic<bool>> dirty)
    : config_(config),
      screen_(screen),
      sample_(sample),
      evaluator_(evaluator),
      history_(history),
      builtins_(std::move(builtins)),
      dirty_(std::move(dirty)),
      editor_(config.filter),
      toggles_(config.toggles) {}

void Explorer::run_on_sample() {
    current_ = evaluator_.run_sample(editor_.text(), toggles_.slurp, snapshot_);
}

// The text changed: whatever ran before is stale. The new run starts once the keys already
// waiting are read, so a paste or a burst of keys runs once, not once per key.
void Explorer::edited() {
    history_pos_.reset();
    scroll_ = 0;
    results_hscroll_ = 0;
    stale_ = true;
}

ExploreOutcome Explorer::loop() {
    snapshot_ = sample_.snapshot();
    run_on_sample();
    auto last_draw = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    bool need_draw = true;
    while (true) {
        // A fuller sample (a slow pipe filling up) reruns the filter, unless the whole input
        // is being run on.
        if (auto latest = sample_.snapshot(); latest != snapshot_) {
            snapshot_ = latest;
            if (!current_ || !current_->full())
                run_on_sample();
            need_draw = true;
        }
        if (dirty_->exchange(false))
            need_draw = true;
        const auto now = std::chrono::steady_clock::now();
        const bool running = current_ && !current_->status().done;
        if (need_draw || (running && now - last_draw > std::chrono::milliseconds(250))) {
            update_shown();
            draw();
            last_draw = now;
            need_draw = false;
        }
        int key = screen_.read_key(30);
        while (key != kNoKey) {
            need_draw = true;
            if (key == KEY_RESIZE) {
                view_.reset(shown_, view_options());
            } else {
                notice_.clear();
                if (auto outcome = handle_key(key))
                    return *outcome;
            }
            key = screen_.read_key(0);
        }
        if (stale_) {  // an edit ends a run on the whole input too: it ran another filter
            stale_ = false;
            run_on_sample();
        }
    }
}

std::optional<ExploreOutcome> Explorer::leave(ExploreOutcome::Action action) {
    ExploreOutcome outcome;
    outcome.action = action;
    outcome.filter = editor_.text();
    outcome.toggles = toggles_;
    outcome.command = command_line(config_, outcome.filter, toggles_);
    if (action != ExploreOutcome::Action::Quit) {
        if (auto problem = history_.add(outcome.filter))
            outcome.error = "history not saved: " + *problem;
    }
    return outcome;
}

std::optional<ExploreOutcome> Explorer::handle_key(int key) {
    if (searching_ && handle_search_key(key))
        return std::nullopt;
    if (menu_.open && handle_menu_key(key))
        return std::nullopt;
    const bool full_running = current_ && current_->full() && !current_->status().done;
    switch (key) {
        case '\r':
        case '\n':
        case KEY_ENTER: return leave(ExploreOutcome::Action::PrintResults);
        case kCtrl('O'):
        case kAlt + '\r': return leave(ExploreOutcome::Action::PrintCommand);
        case kCtrl('C'):
            if (full_running) {
                evaluator_.cancel();
                notice_ = "the run on the whole input was cancelled";
                return std::nullopt;
            }
            return leave(ExploreOutcome::Action::Quit);
        case kEscape:
            if (current_ && current_->full()) {  // back to the sample
                evaluator_.cancel();
                run_on_sample();
                notice_ = full_running ? "the run on the whole input was cancelled" : "";
                return std::nullopt;
            }
            return leave(ExploreOutcome::Action::Quit);
        case kCtrl('F'):
            if (current_ && current_->full()) {
                run_on_sample();
            } else {
                current_ = evaluator_.run_full(editor_.text(), toggles_.slurp);
                scroll_ = 0;
            }
            return std::nullopt;
        case '\t': complete_at_cursor(1); return std::nullopt;
        case KEY_BTAB: complete_at_cursor(-1); return std::nullopt;
        case KEY_UP: history_step(-1); return std::nullopt;
        case KEY_DOWN: history_step(1); return std::nullopt;
        case kCtrl('R'):
            searching_ = true;
            search_query_.clear();
            search_hit_.reset();
            search_saved_ = editor_.text();
            return std::nullopt;
        case KEY_PPAGE: scroll_by(-(results_height() - 1)); return std::nullopt;
        case KEY_NPAGE: scroll_by(results_height() - 1); return std::nullopt;
        case KEY_SR: scroll_by(-1); return std::nullopt;
        case KEY_SF: scroll_by(1); return std::nullopt;
        case kCtrl('L'): screen_.redraw_all(); return std::nullopt;
        case kAlt + KEY_LEFT:
        case KEY_SLEFT:
            results_hscroll_ = results_hscroll_ > 8 ? results_hscroll_ - 8 : 0;
            return std::nullopt;
        case kAlt + KEY_RIGHT:
        case KEY_SRIGHT: results_hscroll_ += 8; return std::nullopt;
        case kAlt + 'r': toggle(&Toggles::raw, false); return std::nullopt;
        case kAlt + 'c': toggle(&Toggles::compact, false); return std::nullopt;
        case kAlt + 'S': toggle(&Toggles::sort_keys, false); return std::nullopt;
        case kAlt + 's': toggle(&Toggles::slurp, true); return std::nullopt;
        case kAlt + 't': toggle(&Toggles::table, false); return std::nullopt;
        default: break;
    }
    const std::string before = editor_.text();
    if (handle_editing_key(key) && editor_.text() != before)
        edited();
    return std::nullopt;
}

void Explorer::toggle(bool Toggles::*which, bool rerun) {
    toggles_.*which = !(toggles_.*which);
    scroll_ = 0;
    if (rerun) {
        if (current_ && current_->full())
            current_ = evaluator_.run_full(editor_.text(), toggles_.slurp);
        else
            run_on_sample();
    }
    view_.reset(shown_, view_options());
}

void Explorer::scroll_by(long lines) {
    if (lines < 0) {
        const auto up = static_cast<std::size_t>(-lines);
        scroll_ = scroll_ > up ? scroll_ - up : 0;
        return;
    }
    // Not past the end: the lines beyond are formatted to know where the end is.
    const auto height = static_cast<std::size_t>(std::max(1, results_height()));
    const std::size_t target = scroll_ + static_cast<std::size_t>(lines);
    const std::size_t available = view_.lines(target, height).size();
    if (available > 0)
        scroll_ = target;
    else if (view_.known_lines() > height)
        scroll_ = view_.known_lines() - height;
}

bool Explorer::handle_editing_key(int key) {
    switch (key) {
        case KEY_BACKSPACE:
        case 127:
        case kCtrl('H'): return editor_.backspace();
        case KEY_DC:
        case kCtrl('D'): return editor_.delete_forward();
        case KEY_LEFT:
        case kCtrl('B'): return editor_.left();
        case KEY_RIGHT: return editor_.right();
        case kCtrlLeft:
        case kAlt + 'b': return editor_.word_left();
        case kCtrlRight:
        case kAlt + 'f': return editor_.word_right();
        case KEY_HOME:
        case kCtrl('A'): editor_.home(); return true;
        case KEY_END:
        case kCtrl('E'): editor_.end(); return true;
        case kCtrl('K'): return editor_.kill_to_end();
        case kCtrl('U'): return editor_.kill_to_start();
        case kCtrl('W'):
        case kAlt + 127:
        case kAlt + KEY_BACKSPACE: return editor_.kill_word_before();
        case kCtrl('Y'): return editor_.yank();
        case kCtrl('_'):
        case kCtrl('Z'): return editor_.undo();
        default: break;
    }
    if (key >= 0x20 && key < kCtrlLeft && key != 127 && key < KEY_MIN) {
        // A character: its UTF-8 bytes.
        std::string bytes;
        const auto c = static_cast<unsigned>(key);
        if (c < 0x80) {
            bytes += static_cast<char>(c);
        } else if (c < 0x800) {
            bytes += static_cast<char>(0xC0 | (c >> 6));
            bytes += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            bytes += static_cast<char>(0xE0 | (c >> 12));
            bytes += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            bytes += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            bytes += static_cast<char>(0xF0 | (c >> 18));
            bytes += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            bytes += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            bytes += static_cast<char>(0x80 | (c & 0x3F));
        }
        editor_.insert(bytes);
        return true;
    }
    return false;
}

// Tab: one candidate goes in; several fill in what they share and open the menu, and each
// further Tab (Shift-Tab: back) puts in the next one.
void Explorer::complete_at_cursor(int step) {
    if (menu_.open) {
        const int n = static_cast<int>(menu_.completion.candidates.size());
        menu_.selected =
            ((menu_.selected < 0 ? (step > 0 ? -1 : 0) : menu_.selected) + step + n) % n;
        apply_candidate(static_cast<std::size_t>(menu_.selected));
        return;
    }
    if (!snapshot_) {
        notice_ = "completion waits for the sample";
        return;
    }
    Completion completion =
        complete(editor_.text(), editor_.cursor(), snapshot_->index, builtins_, toggles_.slurp);
    if (completion.candidates.empty()) {
        notice_ = completion.context.kind == CursorContext::Kind::Nothing
                      ? "nothing to complete here"
                      : "no completion in the sample";
        return;
    }
    const std::size_t begin = completion.context.begin;
    menu_.typed = editor_.text().substr(begin, editor_.cursor() - begin);
    menu_.completion = std::move(completion);
    if (menu_.completion.candidates.size() == 1) {
        apply_candidate(0);
        menu_ = Menu{};
        return;
    }
    menu_.open = true;
    menu_.selected = -1;
    const std::string shared = common_prefix(menu_.completion.candidates);
    if (shared.size() > menu_.typed.size() &&
        shared.compare(0, menu_.typed.size(), menu_.typed) == 0) {
        editor_.replace_before_cursor(begin, shared);
        edited();
    }
}

void Explorer::apply_candidate(std::size_t index) {
    const Candidate& c = menu_.completion.candidates[index];
    editor_.replace_before_cursor(menu_.completion.context.begin, c.replacement);
    edited();
}

void Explorer::close_menu(bool restore) {
    if (restore && menu_.selected >= 0) {
        editor_.replace_before_cursor(menu_.completion.context.begin, menu_.typed);
        edited();
    }
    menu_ = Menu{};
}

bool Explorer::handle_menu_key(int key) {
    switch (key) {
        case '\t': complete_at_cursor(1); return true;
        case KEY_BTAB: complete_at_cursor(-1); return true;
        case KEY_DOWN: complete_at_cursor(1); return true;
        case KEY_UP: complete_at_cursor(-1); return true;
        case kEscape: close_menu(true); return true;
        case '\r':
        case '\n':
        case KEY_ENTER:
            if (menu_.selected >= 0) {  // Enter takes the candidate; a second Enter leaves
                close_menu(false);
                return true;
            }
            close_menu(false);
            return false;
        default: close_menu(false); return false;
    }
}

void Explorer::history_step(int direction) {
    const std::vector<std::string>& entries = history_.entries();
    if (entries.empty())
        return;
    if (!history_pos_) {
        if (direction > 0)
            return;
        history_draft_ = editor_.text();
        history_pos_ = entries.size();
    }
    if (direction < 0 && *history_pos_ > 0)
        --*history_pos_;
    else if (direction > 0)
        ++*history_pos_;
    const std::size_t pos = *history_pos_;
    editor_.set_text(pos >= entries.size() ? history_draft_ : entries[pos]);
    if (pos >= entries.size())
        history_pos_.reset();
    const auto keep = history_pos_;
    edited();
    history_pos_ = keep;
}

void Explorer::search_history(bool older) {
    const std::size_t before = older && search_hit_ ? *search_hit_ : history_.entries().size();
    if (auto hit = history_.search_back(search_query_, before)) {
        search_hit_ = hit;
        editor_.set_text(history_.entries()[*hit]);
        edited();
    } else {
        notice_ = "no older match";
    }
}

// Ctrl-R: typing narrows, Ctrl-R again goes further back, Enter keeps the match, Esc or
// Ctrl-G puts the line back as it was.
bool Explorer::handle_search_key(int key) {
    if (key == kCtrl('R')) {
        search_history(true);
        return true;
    }
    if (key == kEscape || key == kCtrl('G')) {
        searching_ = false;
        editor_.set_text(search_saved_);
        edited();
        return true;
    }
    if (key == KEY_BACKSPACE || key == 127 || key == kCtrl('H')) {
        if (!search_query_.empty()) {
            search_query_.pop_back();
            search_hit_.reset();
            search_history(false);
        }
        return true;
    }
    if (key == '\r' || key == '\n' || key == KEY_ENTER) {
        searching_ = false;
        return true;
    }
    if (key >= 0x20 && key < 0x7f) {
        search_query_ += static_cast<char>(key);
        search_hit_.reset();
        search_history(false);
        return true;
    }
    searching_ = false;  // any other key keeps the match and does its own work
    return false;
}

ExploreOutcome run_explorer(const ExploreConfig& config) {
    ExploreOutcome failed;
    failed.action = ExploreOutcome::Action::Failed;
    std::shared_ptr<StdinCopy> stdin_copy;
    SampleSettings sample_settings;
    sample_settings.files = config.files;
    sample_settings.input = config.input;
    sample_settings.limit = config.sample_records;
    EvalSettings eval_settings;
    eval_settings.compile = config.compile;
    eval_settings.globals = config.globals;
    eval_settings.null_input = config.null_input;
    eval_settings.files = config.files;
    eval_settings.input = config.input;
    const bool reads_stdin = config.files.empty() && !(config.null_input && isatty(STDIN_FILENO));
    if (reads_stdin) {
        if (isatty(STDIN_FILENO)) {
            failed.error =
                "-i reads FILES, or data piped to it; standard input is the terminal (give "
                "FILES, or -n for no input)";
            return failed;
        }
        stdin_copy = StdinCopy::start(failed.error);
        if (!stdin_copy)
            return failed;
        sample_settings.files = {stdin_copy->pipe_path()};
        sample_settings.display_name = "<stdin>";
        eval_settings.files = {stdin_copy->file_path()};
        eval_settings.display_name = "<stdin>";
        eval_settings.whole_input_ready = [copy = stdin_copy] { return copy->wait(); };
    } else if (config.files.empty()) {
        sample_settings.files = {"/dev/null"};
        eval_settings.files = {"/dev/null"};
    }
    std::unique_ptr<Screen> screen = Screen::open(config.writer.color, failed.error);
    if (!screen)
        return failed;
    if (screen->rows() < kMinRows || screen->cols() < kMinCols) {
        failed.error = "-i needs a terminal of at least " + std::to_string(kMinCols) + "x" +
                       std::to_string(kMinRows) + " (this one is " +
                       std::to_string(screen->cols()) + "x" + std::to_string(screen->rows()) + ")";
        return failed;
    }
    auto dirty = std::make_shared<std::atomic<bool>>(true);
    auto wake = [dirty] { dirty->store(true); };
    std::vector<std::string> builtins = builtin_names(config.compile);
    History history(config.history_path);
    ExploreOutcome outcome;
    {
        Sample sample(sample_settings, wake);
        Evaluator evaluator(eval_settings, wake);
        Explorer explorer(config, *screen, sample, evaluator, history, std::move(builtins), dirty);
        outcome = explorer.loop();
        screen.reset();  // the terminal is the shell's again before anything is printed
    }
    if (stdin_copy) {
        stdin_copy->close_pipe();
        if (outcome.action == ExploreOutcome::Action::PrintResults) {
            const std::string problem = stdin_copy->wait();
            if (!problem.empty()) {
                outcome.action = ExploreOutcome::Action::Failed;
                outcome.error = problem;
            }
            outcome.stdin_copy = stdin_copy->file_path();
            outcome.keep_alive = stdin_copy;
        }
    }
    return outcome;
}

}  // namespace ctq::explore
