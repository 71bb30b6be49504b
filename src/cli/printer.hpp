// Printing outputs to stdout through one buffer, as JSON or raw strings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ctq/output/document_writer.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/value/value.hpp"

namespace ctq::cli {

struct PrinterOptions {
    WriterOptions writer;
    bool raw = false;              // -r, -j, --raw-output0: strings print without quotes
    std::string separator = "\n";  // after each output
    bool seq = false;              // --seq: RS before each output
    /// Where flushed text goes instead of stdout (a worker's share of the output); it may
    /// take the text away.
    std::function<void(std::string& text)> sink;
};

class Printer {
public:
    explicit Printer(PrinterOptions options) : options_(std::move(options)) {}
    ~Printer() { flush(); }
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;

    void print(const Value& value);
    /// One output printed piece by piece as its records are read (see document_writer.hpp):
    /// the members before "Records", each record, then the document with "Records" emptied.
    void open_document(const Object& head);
    /// A document whose opening and first records were printed by another printer (one piece
    /// of a big file): its next record follows theirs.
    void resume_document(const Object& head);
    void print_record(const Value& record);
    /// A record already printed in record_style(), as its text.
    void print_record_text(std::string_view text);
    WriterOptions record_style() const { return DocumentWriter::record_style(options_.writer); }
    void close_document(const Value& rest);
    /// Text printed elsewhere (by a worker), in its place in the output.
    void write_text(std::string_view text);
    /// Writes the buffer out; call before anything goes to stderr so the two
    /// streams interleave in order. Not while holding.
    void flush();
    /// Keeps what is printed from now on in memory, unwritten, until release() or drop_held():
    /// a document printed piece by piece while its file's first reading still runs.
    /// `room`: about as much as will be held, reserved up front so the buffer is never copied
    /// as it grows.
    void hold(std::size_t room) {
        flush();
        holding_ = true;
        buffer_.reserve(room);
    }
    bool holding() const { return holding_; }
    std::size_t held_size() const { return holding_ ? buffer_.size() : 0; }
    void release() {
        holding_ = false;
        flush();
        buffer_.shrink_to_fit();
    }
    /// Forgets the held text; the document it began is printed again from its start.
    void drop_held() {
        buffer_.clear();
        buffer_.shrink_to_fit();
        holding_ = false;
    }
    bool write_failed() const { return failed_; }
    /// The reader of our output went away (`ctq ... | head -1`).
    bool broken_pipe() const { return broken_pipe_; }

private:
    void flush_if_full();

    PrinterOptions options_;
    std::string buffer_;
    std::optional<DocumentWriter> document_;  // made on first use
    bool failed_ = false;
    bool broken_pipe_ = false;
    bool holding_ = false;
};

}  // namespace ctq::cli
