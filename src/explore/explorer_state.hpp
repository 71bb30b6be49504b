// The explorer's state between keys, shared by its key handling (explorer.cpp) and its
// drawing (explorer_draw.cpp).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctq/explore/completion.hpp"
#include "ctq/explore/evaluator.hpp"
#include "ctq/explore/explorer.hpp"
#include "ctq/explore/history.hpp"
#include "ctq/explore/line_editor.hpp"
#include "ctq/explore/sample.hpp"
#include "output_view.hpp"
#include "screen.hpp"

namespace ctq::explore {

/// Rows above the results: the filter, the caret, the message, the status bar; and below
/// them: the command line and the keys. The terminal must hold these and a few results.
constexpr int kTopRows = 4;
constexpr int kBottomRows = 2;
constexpr int kMinRows = kTopRows + kBottomRows + 3;
constexpr int kMinCols = 40;

class Explorer {
public:
    Explorer(const ExploreConfig& config, Screen& screen, Sample& sample, Evaluator& evaluator,
             History& history, std::vector<std::string> builtins,
             std::shared_ptr<std::atomic<bool>> dirty);

    /// Reads keys and redraws until the user leaves.
    ExploreOutcome loop();

private:
    // Keys (explorer.cpp). Each returns an outcome when the key ends the session.
    std::optional<ExploreOutcome> handle_key(int key);
    bool handle_menu_key(int key);
    bool handle_search_key(int key);
    bool handle_editing_key(int key);
    void edited();
    void run_on_sample();
    void complete_at_cursor(int step);
    void apply_candidate(std::size_t index);
    void close_menu(bool restore);
    void history_step(int direction);
    void search_history(bool older);
    void toggle(bool Toggles::*which, bool rerun);
    void scroll_by(long lines);
    std::optional<ExploreOutcome> leave(ExploreOutcome::Action action);

    // What the results area shows, and drawing (explorer_draw.cpp).
    void update_shown();
    ViewOptions view_options() const;
    void draw();
    void draw_filter_line(int width);
    void draw_messages(int width);
    void draw_status(int width);
    void draw_results(int width, int height);
    void draw_menu(int width, int height);
    void draw_bottom(int width);
    std::string status_text() const;
    int results_height() const { return screen_.rows() - kTopRows - kBottomRows; }

    const ExploreConfig& config_;
    Screen& screen_;
    Sample& sample_;
    Evaluator& evaluator_;
    History& history_;
    std::vector<std::string> builtins_;
    std::shared_ptr<std::atomic<bool>> dirty_;

    LineEditor editor_;
    Toggles toggles_;
    std::shared_ptr<const SampleSnapshot> snapshot_;  // what the sample runs use
    std::shared_ptr<const Results> current_;          // the latest run
    std::shared_ptr<const Results> last_good_;        // the latest run without an error
    std::shared_ptr<const Results> shown_;
    bool shown_dim_ = false;
    OutputView view_;
    std::size_t scroll_ = 0;
    std::size_t hscroll_ = 0;          // of the filter line, in columns
    std::size_t results_hscroll_ = 0;  // of the results

    struct Menu {
        bool open = false;
        Completion completion;
        int selected = -1;
        std::string typed;  // what was there before completion changed it
    } menu_;
    std::optional<std::size_t> history_pos_;
    std::string history_draft_;
    bool searching_ = false;
    std::string search_query_;
    std::optional<std::size_t> search_hit_;
    std::string search_saved_;
    std::string notice_;  // a one-off message, gone at the next key
    bool stale_ = false;  // the filter changed since the last run started
};

}  // namespace ctq::explore
