// Formatting outputs into screen lines with the same writers batch ctq prints with.
#include "output_view.hpp"

#include <algorithm>
#include <sstream>

#include "ctq/output/table_writer.hpp"

namespace ctq::explore {

namespace {

// Outputs formatted per step while looking for more lines.
constexpr std::size_t kBatch = 64;

void split_lines(const std::string& text, std::vector<std::string>& out) {
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string::npos) {
            out.push_back(text.substr(start));
            return;
        }
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
}

}  // namespace

void OutputView::reset(std::shared_ptr<const Results> results, const ViewOptions& options) {
    results_ = std::move(results);
    options_ = options;
    lines_.clear();
    formatted_outputs_ = 0;
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
    while (lines_.size() < wanted) {
        const std::vector<Value> batch = results_->outputs(formatted_outputs_, kBatch);
        if (batch.empty())
            break;
        for (const Value& v : batch) {
            std::string text;
            if (options_.raw && v.is_string())
                text = v.as_string();
            else
                write_json(text, v, options_.writer);
            split_lines(text, lines_);
        }
        formatted_outputs_ += batch.size();
    }
    const Results::Status status = results_->status();
    complete_ = status.done && formatted_outputs_ >= status.kept;
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
    std::string all = text.str();
    if (!all.empty() && all.back() == '\n')
        all.pop_back();
    if (!all.empty())
        split_lines(all, lines_);
    const Results::Status status = results_->status();
    complete_ = status.done && outputs.size() >= status.kept;
}

}  // namespace ctq::explore
