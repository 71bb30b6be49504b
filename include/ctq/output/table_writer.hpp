// --table: output Values as aligned text columns, streaming where the widths allow.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

/// Terminal columns taken by UTF-8 text: East Asian wide and fullwidth
/// characters count 2, combining marks and zero-width characters 0, control
/// characters 0, invalid bytes 1 each.
std::size_t display_width(std::string_view text);

/// `text` cut to at most `max` terminal columns, the last of them "…" (0: never cut).
std::string cut_to_width(std::string_view text, std::size_t max);

struct TableOptions {
    /// Cells wider than this many columns are cut and end in "…"; 0 keeps
    /// every cell whole (--no-trunc, or output that is not a terminal).
    std::size_t max_cell_width = 0;
    /// 0 buffers every row until finish(), so all columns fit their widest cell.
    /// N > 0 buffers only the first N rows (memory stays bounded), prints them
    /// with the widths they need, then prints each later row as it arrives. A
    /// later row that brings a new object key adds a column; a later cell too
    /// wide for its column (other than the last) widens it. Either way earlier
    /// rows stay as printed and, in a table with a header, the header is printed
    /// again above that row, so the rows under each header line up.
    std::size_t batch_rows = 0;
};

/// Collects rows with add() and prints them with finish().
///
/// Rows: an array is one row of cells; an object is one row whose columns are
/// its keys (the header is the union of every row's keys, first seen first,
/// so a key that only a late row has still gets a column); anything
/// else is a row of one cell. If the first row is an array of strings it is
/// the header. Cells: strings raw, numbers as jq prints them, null empty,
/// booleans true/false, arrays and objects as compact JSON; tabs, newlines and
/// carriage returns inside cells show as \t, \n and \r so each row stays one line.
/// Columns are separated by two spaces; lines have no trailing spaces.
class TableWriter {
public:
    explicit TableWriter(std::ostream& out, TableOptions options = {});

    void add(const Value& row);
    /// Prints whatever is buffered; call once after the last add().
    void finish();

private:
    using Row = std::vector<std::string>;

    Row cells_of(const Value& row);
    std::string cell_text(const Value& cell) const;
    void widen(const Row& row);
    /// True if `row` prints within the current column widths, adding no column.
    bool fits(const Row& row) const;
    Row header_row() const;
    void print(const Row& row);
    void flush_buffer();

    std::ostream& out_;
    TableOptions options_;
    bool first_ = true;
    bool streaming_ = false;  // the buffered rows are out: print rows as they come
    bool object_rows_ = false;
    bool has_header_ = false;
    Row header_;  // array-of-strings header, or the object keys
    std::vector<std::size_t> widths_;
    std::vector<Row> buffered_;
};

}  // namespace ctq
