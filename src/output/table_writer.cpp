// --table: aligned columns with display widths for wide and combining characters.
#include "ctq/output/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "ctq/output/json_writer.hpp"

namespace ctq {
namespace {

struct Range {
    char32_t first, last;
};

// Zero-width: combining marks, zero-width spaces and joiners, variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302F},   {0x3099, 0x309A}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian Wide (W) and Fullwidth (F), plus the emoji blocks terminals draw wide.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x2E80, 0x303E},   {0x3041, 0x3247},   {0x3250, 0x4DBF},   {0x4E00, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <std::size_t N>
bool in_ranges(char32_t c, const Range (&ranges)[N]) {
    return std::any_of(std::begin(ranges), std::end(ranges),
                       [c](const Range& r) { return c >= r.first && c <= r.last; });
}

std::size_t char_width(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return 0;
    if (in_ranges(c, kZeroWidth))
        return 0;
    if (in_ranges(c, kWide))
        return 2;
    return 1;
}

// Decodes one UTF-8 sequence at text[i]; invalid bytes decode alone as U+FFFD
// (width 1), so broken input never hides characters.
char32_t decode(std::string_view text, std::size_t& i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b = byte(i);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = len == 1 ? b : static_cast<char32_t>(b & (0x7F >> len));
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        c = (c << 6) | (byte(i + k) & 0x3Fu);
    }
    i += len;
    return c;
}

// Cuts `text` to at most `max` columns, the last of them "…".
std::string truncate(std::string_view text, std::size_t max) {
    if (max == 0 || display_width(text) <= max)
        return std::string(text);
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        std::size_t w = char_width(decode(text, i));
        if (used + w > max - 1) {
            i = start;
            break;
        }
        used += w;
    }
    // Keep combining marks that belong to the last kept character.
    while (i < text.size()) {
        std::size_t next = i;
        if (char_width(decode(text, next)) != 0)
            break;
        i = next;
    }
    return fmt::format("{}…", std::string_view(text).substr(0, i));
}

}  // namespace

std::string cut_to_width(std::string_view text, std::size_t max) {
    return truncate(text, max);
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    std::size_t i = 0;
    while (i < text.size()) width += char_width(decode(text, i));
    return width;
}

TableWriter::TableWriter(std::ostream& out, TableOptions options) : out_(out), options_(options) {}

std::string TableWriter::cell_text(const Value& cell) const {
    std::string raw;
    if (cell.is_string()) {
        raw = cell.as_string();
    } else if (cell.is_null()) {
        return "";
    } else if (cell.is_number() && !cell.number_literal()) {
        raw = format_number(cell.as_number());
    } else {
        raw = to_json(cell);
    }
    std::string text;
    text.reserve(raw.size());
    for (char c : raw) {
        switch (c) {
            case '\t': text += "\\t"; break;
            case '\n': text += "\\n"; break;
            case '\r': text += "\\r"; break;
            default: text += c;
        }
    }
    return truncate(text, options_.max_cell_width);
}

TableWriter::Row TableWriter::cells_of(const Value& row) {
    Row cells;
    if (row.is_array()) {
        for (const Value& v : row.as_array()) cells.push_back(cell_text(v));
    } else if (row.is_object() && object_rows_) {
        const Object& obj = row.as_object();
        for (const auto& entry : obj) {
            if (std::find(header_.begin(), header_.end(), entry.first) == header_.end()) {
                header_.emplace_back(entry.first.str());
            }
        }
        cells.resize(header_.size());
        for (std::size_t c = 0; c < header_.size(); ++c) {
            if (const Value* v = obj.find(header_[c]))
                cells[c] = cell_text(*v);
        }
    } else if (row.is_object()) {
        // Objects after array rows have no key columns: their values go in order.
        for (const auto& entry : row.as_object()) cells.push_back(cell_text(entry.second));
    } else {
        cells.push_back(cell_text(row));
    }
    return cells;
}

void TableWriter::widen(const Row& row) {
    if (widths_.size() < row.size())
        widths_.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
        widths_[c] = std::max(widths_[c], display_width(row[c]));
    }
}

void TableWriter::print(const Row& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
        // Padded by display width, which fmt's own width ("{:<n}") does not count the same way.
        const std::size_t padding = c + 1 < row.size() ? widths_[c] - display_width(row[c]) : 0;
        fmt::format_to(std::back_inserter(line), "{}{}{}", c > 0 ? "  " : "", row[c],
                       std::string(padding, ' '));
    }
    // Missing or empty trailing cells would otherwise leave padding behind.
    line.erase(line.find_last_not_of(' ') + 1);
    out_ << line << '\n';
}

void TableWriter::add(const Value& row) {
    if (first_) {
        first_ = false;
        if (row.is_object()) {
            object_rows_ = true;
            has_header_ = true;
        } else if (row.is_array() && !row.as_array().empty() &&
                   std::all_of(row.as_array().begin(), row.as_array().end(),
                               [](const Value& v) { return v.is_string(); })) {
            has_header_ = true;
            for (const Value& v : row.as_array()) header_.push_back(cell_text(v));
            return;
        }
    }
    const std::size_t columns_before = header_.size();
    Row cells = cells_of(row);
    if (streaming_) {
        // The header is already out: a new key or a wider cell changes the layout from here on,
        // so the header is printed again above this row, and every column keeps a label.
        const bool new_key = header_.size() > columns_before;
        const bool relayout = new_key || !fits(cells);
        widen(cells);
        if (has_header_ && relayout) {
            const Row header = header_row();
            widen(header);
            print(header);
        }
        print(cells);
        return;
    }
    buffered_.push_back(std::move(cells));
    if (options_.batch_rows > 0 && buffered_.size() >= options_.batch_rows)
        flush_buffer();
}

bool TableWriter::fits(const Row& row) const {
    // The last column is never padded, so only the columns before it must keep their widths.
    const std::size_t columns = std::max(widths_.size(), row.size());
    for (std::size_t c = 0; c + 1 < columns && c < row.size(); ++c) {
        if (c >= widths_.size() || display_width(row[c]) > widths_[c])
            return false;
    }
    return row.size() <= widths_.size();
}

TableWriter::Row TableWriter::header_row() const {
    Row header;
    for (const auto& name : header_) header.push_back(truncate(name, options_.max_cell_width));
    return header;
}

void TableWriter::flush_buffer() {
    Row header;
    if (has_header_) {
        header = header_row();
        widen(header);
    }
    for (const Row& row : buffered_) widen(row);
    if (has_header_)
        print(header);
    for (const Row& row : buffered_) print(row);
    buffered_.clear();
    streaming_ = true;
}

void TableWriter::finish() {
    if (!streaming_ && (has_header_ || !buffered_.empty()))
        flush_buffer();
    out_.flush();
}

}  // namespace ctq
