// The pieces of a document printed record by record (see document_writer.hpp).
#include "ctq/output/document_writer.hpp"

#include <stdexcept>
#include <utility>

namespace ctq {

namespace {

// The stand-in record. Its text is searched for in the stand-in document; a control
// character keeps it apart from anything else write_json can print around it (the keys and
// values of the head print before it, and jq's escaping never yields a raw \x01).
const char* const kMarker =
    "\x01"
    "ctq-record"
    "\x01";

Value stand_in(Object members, std::size_t records) {
    Array array;
    for (std::size_t i = 0; i < records; ++i) array.push_back(Value::string(kMarker));
    members.set("Records", Value::array(std::move(array)));
    return Value::object(std::move(members));
}

}  // namespace

WriterOptions DocumentWriter::record_style(const WriterOptions& options) {
    WriterOptions style = options;
    style.base_depth = options.base_depth + 2;
    return style;
}

DocumentWriter::DocumentWriter(const WriterOptions& options)
    : options_(options), record_options_(record_style(options)) {
    if (options.sort_keys)
        throw std::logic_error("DocumentWriter: sorted keys need the whole document");
    write_json(marker_, Value::string(kMarker), record_options_);
}

void DocumentWriter::open(std::string& out, const Object& head) {
    const std::string text = measure(head);
    out.append(text, 0, head_size_);
    first_ = true;
}

void DocumentWriter::resume(const Object& head) {
    measure(head);
    first_ = false;
}

std::string DocumentWriter::measure(const Object& head) {
    // Two stand-in records give both the text before the first and the text between two.
    std::string text;
    write_json(text, stand_in(head, 2), options_);
    const std::size_t first = text.find(marker_);
    const std::size_t second = text.find(marker_, first + marker_.size());
    head_size_ = first;
    between_.assign(text, first + marker_.size(), second - first - marker_.size());
    return text;
}

void DocumentWriter::record(std::string& out, const Value& record) {
    if (!first_)
        out += between_;
    first_ = false;
    write_json(out, record, record_options_);
}

void DocumentWriter::record_text(std::string& out, std::string_view text) {
    if (!first_)
        out += between_;
    first_ = false;
    out += text;
}

void DocumentWriter::close(std::string& out, const Value& rest) {
    // Small: the reader has emptied "Records".
    std::string text;
    write_json(text, stand_in(rest.as_object(), 1), options_);
    // The text before the stand-in is the head already printed.
    out.append(text, head_size_ + marker_.size(), std::string::npos);
}

}  // namespace ctq
