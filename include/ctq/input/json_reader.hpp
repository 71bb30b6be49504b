// Reading JSON texts from bytes: strict RFC 8259 values, with jq's stream
// semantics (any number of texts, separated by optional whitespace, as in NDJSON).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

class Demand;
struct WriterOptions;

/// Where the bytes come from: a string, a file descriptor, later a gzip stream.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `size` bytes into `buffer`; returns 0 only at end of input.
    /// Throws std::runtime_error on an I/O error.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

/// Bytes of a string the caller keeps alive.
class StringSource : public ByteSource {
public:
    explicit StringSource(std::string_view text) : text_(text) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

/// Bytes of an open stdio stream (a file or stdin); does not close it.
class StreamSource : public ByteSource {
public:
    explicit StreamSource(std::FILE* stream) : stream_(stream) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::FILE* stream_;
};

/// Limits that protect the reader from hostile input.
struct ReaderLimits {
    std::size_t max_depth = 10000;  // jq 1.8's nesting limit
};

/// Pulls successive JSON texts out of a ByteSource, reading it in chunks so
/// that memory follows the size of one value, not the size of the input.
class JsonReader {
public:
    explicit JsonReader(ByteSource& source, ReaderLimits limits = {});
    ~JsonReader();
    JsonReader(const JsonReader&) = delete;
    JsonReader& operator=(const JsonReader&) = delete;

    /// Parses the next JSON text into `out`. Returns false at the end of the
    /// input (only whitespace left). Throws JsonParseError with jq's wording
    /// ("Unfinished JSON term at EOF at line 2, column 0") on invalid text;
    /// the values returned before the error stay valid.
    bool next(Value& out);

    /// Whether anything but whitespace follows the last text, without reading it (positions
    /// stay where they are). A very long run of whitespace counts as more text.
    bool more_text();

    /// 1-based line of the reader's position (for input_line_number and errors).
    std::size_t line() const;

    /// Whether the bytes read so far end with a newline (true before any are read). Once
    /// the input is used up, jq names no position after one that does not ("<unknown>").
    bool ends_with_newline() const;

    /// Record streaming: the elements of a top-level object's "Records" array are returned
    /// one by one as they complete (last_was_record() true), so memory follows one record;
    /// the object itself comes last, with "Records" left as an empty array, and
    /// last_document_streamed() says whether any element was taken out of it.
    void set_stream_records(bool on);
    /// Projection: build only what `demand` says the filter can see of each value (the
    /// rest is validated, so errors are unchanged, and left out or stands in as null).
    /// Null, or a whole demand, builds everything. While `keep_all_keys` is true, objects
    /// that are built keep all their keys, for field hints. Both must outlive the reader.
    void set_demand(const Demand* demand, const std::atomic<bool>* keep_all_keys = nullptr);
    /// Record streaming for `.`: a record plain enough to be sure of (see
    /// src/input/plain_json.hpp) is printed in `style` straight from its text, as write_json
    /// would print the value, instead of being built; it comes back as null, with
    /// last_was_echoed() true and its text in echoed_text() until the next call. Null, or a
    /// style in colour, ASCII-only or with sorted keys, turns this off. `style` must outlive
    /// the reader.
    void set_echo(const WriterOptions* style);
    bool last_was_echoed() const;
    const std::string& echoed_text() const;
    bool last_was_record() const;
    /// Record streaming: the rest of the current document's records are only validated (in
    /// one tight loop where they are plain), and come back as null; the document itself,
    /// and the next one, are read as before.
    void skip_rest_of_records();
    bool last_document_streamed() const;
    /// Record streaming: right after the first record of a document, the members that came
    /// before "Records", as an object (null otherwise). The caller takes it.
    Value take_record_head();
    /// The value last returned was an object that gave a key of its own more than once (the
    /// last value is kept, at the first key's place).
    bool last_repeated_a_key() const;

    /// Reading a piece of a bigger input (see file_pieces.hpp): the source's first byte is at
    /// `offset` of that input, on line `line`, which starts at `line_start`, so that
    /// positions in errors and the stops below are the input's own.
    void start_at(std::uint64_t offset, std::size_t line, std::uint64_t line_start);
    /// Where the later pieces start, in increasing order: a value that starts exactly at one
    /// of them (a top-level text, or with `at_records` a record of a top-level "Records"
    /// array) is not read, and next() returns false as at the end, if `may_stop` agrees.
    /// The offsets before `first` are not stops. The offsets must outlive the reader.
    void set_stops(const std::vector<std::uint64_t>* offsets, std::size_t first, bool at_records,
                   std::function<bool()> may_stop);
    /// After next() returned false: the index of the stop it ended at, if it did.
    std::optional<std::size_t> stopped_at() const;
    /// Reads on past the stop it ended at, to the next one.
    void resume();
    /// The piece turned out to start on line `line`, which starts at `line_start` (it was read
    /// from line 1, see start_at): every position from now on is counted from there.
    void move_origin(std::size_t line, std::uint64_t line_start);
    /// The line the reader is on and the offset where that line starts.
    std::size_t current_line() const;
    std::uint64_t current_line_start() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Parses exactly one JSON text (for --argjson, fromjson): anything but
/// whitespace after it is an error. Throws JsonParseError.
Value parse_json(std::string_view text);

}  // namespace ctq
