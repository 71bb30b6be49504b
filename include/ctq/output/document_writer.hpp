// Printing a CloudTrail document `{"Records":[…]}` piece by piece, as its records are read,
// so that `ctq .` holds one record at a time instead of the whole document.
//
// The pieces are cut from what write_json prints for small stand-ins of the document, so
// they match it byte for byte in every style (indent, tab, colour, ASCII): the text before
// the first record, the text between two records, and the text after the last.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ctq/output/json_writer.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

class DocumentWriter {
public:
    /// `options` must not sort keys: the pieces follow the document's own key order.
    explicit DocumentWriter(const WriterOptions& options);

    /// Starts a document whose members before "Records" are `head`; appends the text up to
    /// the first record to `out`.
    void open(std::string& out, const Object& head);
    /// Takes up a document whose opening and first records another writer printed (one
    /// piece of a big file, see file_pieces.hpp): appends nothing, and the next record comes
    /// after the text between two records. `head` as for open().
    void resume(const Object& head);
    /// Appends one record: after the first, with the text that goes between two records.
    void record(std::string& out, const Value& record);
    /// The same for a record already printed in record_style().
    void record_text(std::string& out, std::string_view text);
    /// How a record prints inside a document printed in `options`: two levels down (the
    /// object, then the array).
    static WriterOptions record_style(const WriterOptions& options);
    /// Ends the document: `rest` is the whole document with "Records" emptied, as the reader
    /// hands it out after its records; appends the text after the last record.
    void close(std::string& out, const Value& rest);

private:
    // The document's stand-in with `head`, which sets head_size_ and between_.
    std::string measure(const Object& head);

    WriterOptions options_;         // as given
    WriterOptions record_options_;  // the same, two levels down (object, then array)
    std::string marker_;            // a stand-in record as write_json prints it
    std::size_t head_size_ = 0;     // length of the text up to the first record
    std::string between_;           // the text between two records
    bool first_ = true;
};

}  // namespace ctq
