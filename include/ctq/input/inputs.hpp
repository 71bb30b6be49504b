// The stream of input values: files (or stdin) read one after another as one
// sequence of JSON texts, or of raw lines with -R.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ctq/input/file_pieces.hpp"
#include "ctq/input/file_prefetcher.hpp"
#include "ctq/input/input_window.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/input/parallel_document.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// Invalid JSON in an input file: the reader's message plus where it was.
class InputError : public std::runtime_error {
public:
    InputError(const std::string& file, const std::string& message)
        : std::runtime_error(message), file_(file) {}
    const std::string& file() const { return file_; }

private:
    std::string file_;
};

class InputStream {
public:
    struct Options {
        bool raw = false;              // -R: each line is a string
        bool include_digests = false;  // directories: also CloudTrail-Digest/ files
        bool records = false;          // --records: each CloudTrail event is one value
        bool stream_records = false;   // hand out .Records[] elements as they complete
        // The same, but only in regular files that a first reading finds sound (see
        // document_check.hpp); each document's first record comes with its head.
        bool stream_checked_records = false;
        // With threads > 1: that first reading runs on a thread of its own while the records
        // already stream; streamed_soundly() tells, before anything is shown, how it ended.
        bool check_alongside = false;
        TimeWindow window;     // --since/--until: records outside are dropped, dated paths pruned
        unsigned threads = 1;  // files read and parsed at once (never for -R)
        // What the filter can see of each value (see demand.hpp): the rest is not built.
        // Null builds everything; it must outlive the stream.
        const Demand* demand = nullptr;
        const std::atomic<bool>* keep_all_keys = nullptr;  // see JsonReader::set_demand
        // One piece of the one file given, instead of whole files (see file_pieces.hpp).
        const FilePiece* piece = nullptr;
        // With stream_checked_records: the piece's file has its first reading done by the
        // caller, who holds what the piece gives until it ends (a `.` printed from pieces).
        bool checked_by_caller = false;
        // With stream_checked_records, for `.`: records plain enough are printed in this style
        // straight from their text instead of being built (see JsonReader::set_echo).
        const WriterOptions* echo_records = nullptr;
        // With threads > 1: a big {"Records":[…]} document read whole is read in pieces on
        // threads (see parallel_document.hpp), each about this big (0: a thread's share of
        // the file, at least 4 MB).
        bool document_pieces = false;
        std::uint64_t document_piece_size = 0;
        // With threads > 1 and stream_checked_records: a big {"Records":[…]} document's
        // records before the last piece go to works made by this on the threads, while the
        // caller streams the last piece's records (see streamed_soundly() and
        // take_gathered()); no first reading is needed then, as every byte is read by a piece.
        PieceWorkFactory gather_pieces;
        std::size_t gather_stack_size = 0;  // of the threads that run those works
    };
    /// How far the stream has got, for a progress line.
    struct Progress {
        std::size_t files_done = 0;
        std::size_t files_total = 0;   // grows as directories are listed
        std::uint64_t bytes_done = 0;  // size on disk of the files done
    };
    /// Called when a file cannot be opened; the stream moves on to the next one.
    using OpenErrorHandler = std::function<void(const std::string& message)>;

    /// `files` empty means standard input.
    InputStream(std::vector<std::string> files, Options options, OpenErrorHandler on_open_error);

    /// The files `files` stands for, directories listed (sorted, pruned by the window), in
    /// reading order; a directory that cannot be listed is a job with its error.
    static std::vector<FilePrefetcher::Job> list_files(const std::vector<std::string>& files,
                                                       const Options& options);
    ~InputStream();
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;

    /// The next value, or nullopt at the end of the last file. Throws InputError.
    std::optional<Value> next();

    /// Everything left, as one string (-R -s).
    std::string read_all_text();

    /// The current file name as `input_filename` reports it (null for stdin).
    Value current_filename() const;
    /// Name for messages: the file, or "<stdin>".
    std::string current_name() const;
    std::size_t current_line() const;
    /// The 1-based number of the last value within its file (with --records or
    /// streaming, the record's number), for error messages.
    std::size_t current_number() const { return number_in_file_; }
    /// False once the inputs are used up and the last file did not end with a newline: jq then
    /// names no position in errors ("<unknown>"), as it has closed the file.
    bool position_known() const { return !ended_unterminated_; }
    /// With stream_records: whether the last value from next() was an element of a
    /// top-level "Records" array (the document itself follows, with "Records" emptied).
    bool last_was_record() const {
        return prefetch_ ? prefetched_record_ : reader_ && reader_->last_was_record();
    }
    /// With Options::echo_records: the record last handed out was printed into echoed_text()
    /// instead of being built (next() gave null for it).
    bool last_was_echoed() const { return !prefetch_ && reader_ && reader_->last_was_echoed(); }
    const std::string& echoed_text() const { return reader_->echoed_text(); }
    /// The rest of the current document's records are only validated, and come back as null
    /// (JsonReader::skip_rest_of_records): `first`/`limit` have all they need.
    void skip_rest_of_records() {
        if (!prefetch_ && reader_)
            reader_->skip_rest_of_records();
    }
    /// Right after the first record of a streamed document: the members before "Records"
    /// (an object); null otherwise. The caller takes it.
    Value take_record_head() {
        if (prefetch_)
            return std::move(prefetched_head_);
        return reader_ ? reader_->take_record_head() : Value();
    }
    Progress progress() const;
    /// Whether a first reading of the current file, or the pieces before the streamed one
    /// (Options::gather_pieces), are still to be waited for (see Options::check_alongside).
    bool check_pending() const { return check_.valid() || gathering_; }
    /// Whether the records streamed now come from the last piece of a document whose other
    /// pieces are read on threads: their numbers and lines are known only once they joined.
    bool gathering_pieces() const { return gathering_; }
    /// Whether that reading is over, so streamed_soundly() would not wait.
    bool check_ready() const {
        return check_.valid() &&
               check_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    }
    /// Waits for the current file's first reading, if one runs. True when the file was found
    /// sound (or none runs). False when it was not: the file is then read again from its start,
    /// whole, and what its streamed records gave must be forgotten. With gather_pieces, this
    /// is where the pieces join, at the document's end.
    bool streamed_soundly();
    /// After streamed_soundly() joined pieces: their works, in the document's order.
    std::vector<std::unique_ptr<PieceWork>> take_gathered() { return std::move(gathered_); }
    /// What a document's streamed records gave is forgotten: the file is read again from its
    /// start, whole, or, when it was gathered in pieces, streamed again behind a first reading
    /// (also when its pieces do not join up).
    void read_again();
    /// How many times a file was read again from its start: when this changes, what the
    /// records streamed before gave is void.
    std::uint64_t readings() const { return readings_; }

    /// Reading a piece: once next() has returned nullopt, the index of the stop where the
    /// piece ended, if it did not read to the end of the file.
    std::optional<std::size_t> stopped_at() const { return stopped_at_; }
    /// Where the reading ended: the next piece's origin when it ended at a stop.
    PieceOrigin end_position() const { return end_position_; }

private:
    /// With several threads and several files: starts the workers that read ahead.
    void start_prefetch();
    std::optional<Value> next_prefetched();
    bool open_next();
    /// Replaces the directory at files_[next_file_ - 1] by the input files under it.
    void expand_directory(const std::string& dir);
    void close_current();

    std::vector<std::string> files_;
    std::size_t next_file_ = 0;
    Options options_;
    OpenErrorHandler on_open_error_;
    std::FILE* file_ = nullptr;
    bool owns_file_ = false;
    std::string current_;
    std::unique_ptr<ByteSource> source_;  // the file's bytes, gunzipped when they sniff as gzip
    std::unique_ptr<JsonReader> reader_;
    std::size_t raw_line_ = 0;    // the line when no JSON reader is open (-R, or after the end)
    std::vector<Value> pending_;  // --records: events of the current value not yet returned
    std::size_t pending_pos_ = 0;
    std::string raw_buffer_;  // -R: bytes read but not yet returned as lines
    std::size_t raw_pos_ = 0;
    bool raw_eof_ = false;
    bool raw_ends_with_newline_ = true;  // -R: of the bytes read so far
    bool ended_unterminated_ = false;    // see position_known()
    std::size_t number_in_file_ = 0;
    std::size_t files_done_ = 0;
    std::uint64_t bytes_done_ = 0;

    std::unique_ptr<FilePrefetcher> prefetch_;  // set when files are read in parallel
    bool prefetched_record_ = false;
    Value prefetched_head_;
    std::size_t prefetched_line_ = 0;

    bool read_raw_chunk();
    std::unique_ptr<ByteSource> open_piece(const FilePiece& piece);
    /// A reader of the current file's source, as the options want it.
    std::unique_ptr<JsonReader> make_reader(bool stream) const;
    /// Where to cut the current file's document, when it is one big {"Records":[…]}.
    std::optional<PiecePlan> document_plan(const std::string& name) const;
    /// Reads the pieces before the last on threads, each kept whole or, with `work`, handed
    /// to a work; the reader is left at the last piece.
    void read_in_pieces(const std::string& name, PiecePlan plan, PieceWorkFactory work);
    bool join_gathered();
    /// The document the reader made of the last piece, joined with the others; false when
    /// they do not join up.
    bool join_document(Value& value);
    std::unique_ptr<ParallelDocument> document_;
    bool gathering_ = false;  // document_ hands its pieces' records to works
    std::vector<std::unique_ptr<PieceWork>> gathered_;
    std::uint64_t readings_ = 0;
    std::future<bool> check_;  // the first reading beside the streaming

    std::optional<std::size_t> stopped_at_;
    PieceOrigin end_position_;
};

}  // namespace ctq
