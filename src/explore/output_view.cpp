// Formatting outputs into screen lines with the same writers batch ctq prints with.
#include "output_view.hpp"

#include <algorithm>
#include <sstream>

#include "ctq/output/table_writer.hpp"

namespace ctq::explore {

void OutputView::reset(std::shared_ptr<const Results> results, const ViewOptions& options) {
    results_ = std::move(results);
    options_ = options;
    lines_.clear();
    formatted_outputs_ = 0;
    output_.reset();
    complete_ = !results_;
}

std::vector<std::string> OutputView::lines(std::size_t first, std::size_t count) {
    if (options_.table)
        format_table(first + count);
    else
        format_until(first + count);
    std::vector<std::string> out;
    for (std::size_t i = first; i < lines_.size() && i < first + count; ++i)
        out.push_back(lines_[i]);
    return out;
}

void OutputView::format_until(std::size_t wanted) {
    if (!results_)
        return;
    std::string line;
    while (lines_.size() < wanted) {
        if (!output_) {
            const std::vector<Value> next = results_->outputs(formatted_outputs_, 1);
            if (next.empty())
                break;
            output_.emplace(next.front(), options_.writer, options_.raw);
        }
        while (lines_.size() < wanted && output_->next(line)) lines_.push_back(std::move(line));
        if (lines_.size() < wanted) {  // this output is all out
            output_.reset();
            ++formatted_outputs_;
        }
    }
    const Results::Status status = results_->status();
    complete_ = status.done && !output_ && formatted_outputs_ >= status.kept;
}

// A table's columns depend on the rows before them, so the table is laid out again from the
// first output, over as many rows as the screen needs (plus the batch that sets the widths).
void OutputView::format_table(std::size_t wanted) {
    if (!results_ || (wanted <= lines_.size() && complete_))
        return;
    const std::size_t rows = wanted + 100;
    const std::vector<Value> outputs = results_->outputs(0, rows);
    TableOptions table;
    table.batch_rows = 100;
    table.max_cell_width = std::max<std::size_t>(12, options_.width / 3);
    std::ostringstream text;
    TableWriter writer(text, table);
    for (const Value& v : outputs) writer.add(v);
    writer.finish();
    lines_.clear();
    std::istringstream printed(text.str());
    std::string line;
    while (std::getline(printed, line)) lines_.push_back(line);
    const Results::Status status = results_->status();
    complete_ = status.done && outputs.size() >= status.kept;
}

}  // namespace ctq::explore
