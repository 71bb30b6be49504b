// The results as lines of text, formatted only as far as the screen looks: a thousand pretty
// documents cost nothing until one scrolls to them.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctq/explore/evaluator.hpp"
#include "ctq/explore/lazy_lines.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq::explore {

/// How outputs are printed: the live toggles and the options given on the command line.
struct ViewOptions {
    bool raw = false;    // -r
    bool table = false;  // --table
    WriterOptions writer;
    std::size_t width = 80;  // of the screen, for --table's cell cut
    bool operator==(const ViewOptions& o) const {
        return raw == o.raw && table == o.table && width == o.width &&
               writer.indent == o.writer.indent && writer.sort_keys == o.writer.sort_keys &&
               writer.tab == o.writer.tab && writer.color == o.writer.color;
    }
};

class OutputView {
public:
    /// Starts over on `results` (null: nothing to show).
    void reset(std::shared_ptr<const Results> results, const ViewOptions& options);
    const std::shared_ptr<const Results>& results() const { return results_; }
    const ViewOptions& options() const { return options_; }

    /// Lines [first, first + count), formatted as needed; may be fewer at the end. Text may
    /// hold SGR colour escapes (with writer.color).
    std::vector<std::string> lines(std::size_t first, std::size_t count);
    /// Lines formatted so far, and whether that is all of them (for the scroll position).
    std::size_t known_lines() const { return lines_.size(); }
    bool complete() const { return complete_; }

private:
    void format_until(std::size_t wanted);
    void format_table(std::size_t wanted);

    std::shared_ptr<const Results> results_;
    ViewOptions options_;
    std::vector<std::string> lines_;
    std::size_t formatted_outputs_ = 0;  // outputs whose lines are all in lines_
    std::optional<LazyLines> output_;    // the one being formatted
    bool complete_ = true;
};

}  // namespace ctq::explore
