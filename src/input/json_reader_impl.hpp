// The streaming JSON reader's state, shared by its files (private to src/input): the parser
// (json_reader.cpp) and where it is, for line numbers and errors (json_reader_position.cpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ctq/input/json_reader.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/value/value.hpp"
#include "ctq/value/value_chunks.hpp"
#include "plain_json.hpp"
#include "shared_strings.hpp"

namespace ctq {

struct JsonReader::Impl {
    static constexpr std::size_t kChunkSize = 64 * 1024;

    Impl(ByteSource& source, ReaderLimits limits)
        : source_(source), limits_(limits), buffer_(new char[kChunkSize]), capacity_(kChunkSize) {
        cur_ = lim_ = buffer_.get();
    }

    bool next(Value& out);
    bool more_text();  // see JsonReader::more_text
    std::size_t line();
    bool ends_with_newline() const { return ends_with_newline_; }

    bool stream_records_ = false;
    // What the filter can see of each document (see demand.hpp); null when it sees it all.
    // Parts it cannot see are validated as usual but not built.
    const Demand* demand_ = nullptr;
    const Demand whole_ = Demand::whole();
    // While this is true, objects keep every key (with null values) for field hints.
    const std::atomic<bool>* keep_all_keys_ = nullptr;
    // Records printed as they are read (JsonReader::set_echo): the style, the text of the
    // record last printed, and whether the pending record / the one last handed out was.
    const WriterOptions* echo_style_ = nullptr;
    std::string echoed_;
    bool pending_echoed_ = false;
    bool last_was_echoed_ = false;
    bool last_was_record_ = false;
    // The rest of the current document's records are only validated (skip_rest_of_records).
    bool records_unseen_ = false;
    bool document_streamed_ = false;  // of the value last returned
    // With the first record of a document: the members before "Records" (an object).
    Value record_head_;
    // The value last returned was an object that gave one of its keys twice.
    bool repeated_key_ = false;

    // A piece of a bigger input (see JsonReader::set_stops): where the later pieces start.
    const std::vector<std::uint64_t>* stops_ = nullptr;
    bool stops_at_records_ = false;
    std::function<bool()> may_stop_;
    std::size_t next_stop_ = 0;
    std::optional<std::size_t> stopped_at_;
    std::size_t current_line() const { return line_; }
    std::uint64_t current_line_start() const { return line_start_; }
    void start_at(std::uint64_t offset, std::size_t line, std::uint64_t line_start) {
        base_ = offset;
        line_ = value_end_line_ = line;
        line_start_ = line_start;
    }
    void move_origin(std::size_t line, std::uint64_t line_start) {
        if (line_ == 1)
            line_start_ = line_start;  // still on the line the piece started on
        line_ += line - 1;
        value_end_line_ += line - 1;
    }

private:
    // An open array or object. `start` indexes items_ (arrays) or members_ (objects), where
    // the elements of all open containers wait, so each container is built at its exact size.
    struct Frame {
        std::size_t start;
        bool is_object;
        bool has_key;  // the object's last member has its key but not yet its value
        // Projection (demand_ set): what is needed of this container (null: nothing, it is a
        // placeholder), whether its elements are kept, and for objects what is needed of
        // the current member's value and whether the member is kept at all.
        const Demand* demand = nullptr;
        bool keeps = true;
        bool member_kept = true;
        const Demand* member = nullptr;
        std::size_t count = 0;  // elements or members seen, kept or not
        // Keys kept only for field hints ("extras"), and which named fields were seen: an
        // object that has every field the filter names cannot need a hint, so its extras
        // are dropped when it closes.
        bool has_extras = false;
        std::uint64_t named_seen = 0;
    };
    enum class Pending : std::uint8_t { None, Value, Key };

    bool fill(const char*& keep);
    std::uint64_t offset(const char* p) const {
        return base_ + static_cast<std::uint64_t>(p - buffer_.get());
    }
    void newline_at(const char* p) {
        ++line_;
        line_start_ = offset(p) + 1;
    }
    void count_newlines(const char* p, const char* end);
    [[noreturn]] void fail_at(const char* at, const char* message) const;
    [[noreturn]] void fail_at_eof(const char* message) const;

    void skip_bom();
    bool parse(Value& out);
    void skip_whitespace();
    void parse_string();
    bool parse_literal();
    void set_pending(Value value, const char* at);
    Value take_pending();
    bool emit(Value& out);
    void note_value_end();
    bool emit_record(Value& out) {
        note_value_end();
        last_was_echoed_ = std::exchange(pending_echoed_, false);
        out = take_pending();
        last_was_record_ = true;
        if (!streaming_now_)
            keep_record_head();
        streaming_now_ = true;
        return true;
    }
    void keep_record_head();
    bool at_stop(const char* at);
    bool skip_unseen_container(const char* at);
    bool echo_record(const char* at);
    void skip_rest_of_members();
    void walked_past(const char* end, const json_text::SkippedLines& lines);
    void open_container(const char* at, bool is_object);
    void close_array(const char* at);
    void close_object(const char* at);
    void comma(const char* at);
    void colon(const char* at);
    bool has_every_named_field(const Frame& frame) const;
    // Inside the top object's "Records" array, at its own level (not inside an element).
    bool in_records_array() const {
        return stream_records_ && stack_.size() == 2 && stack_[0].is_object && stack_[0].has_key &&
               stack_[0].member_kept && !stack_[1].is_object && !members_.empty() &&
               members_.back().first == "Records";
    }
    /// Projection: what is needed of the value about to be read (null: nothing).
    const Demand* value_demand() const {
        if (stack_.empty())
            return demand_ && !demand_->is_none() ? demand_ : nullptr;
        const Frame& frame = stack_.back();
        if (frame.is_object)
            return frame.member;
        if (!frame.demand)
            return nullptr;
        const Demand& element = frame.demand->element();
        return element.is_none() ? nullptr : &element;
    }
    /// Projection: the value about to be read is not looked at by the filter.
    bool skipping_value() const { return demand_ && !value_demand(); }
    void add_element(Frame& frame, Value value) {
        ++frame.count;
        if (frame.keeps)
            items_.push_back(std::move(value));
    }
    void set_member_value(Frame& frame, Value value) {
        if (frame.member_kept)
            members_.back().second = std::move(value);
    }
    bool streaming_now_ = false;           // elements of the current document were handed out
    bool records_dangling_comma_ = false;  // `[...,` seen with the element streamed away

    ByteSource& source_;
    ReaderLimits limits_;

    // The chunk buffer: bytes [cur_, lim_) are unread. A token cut by the end of a chunk is
    // moved to the front before the next read, so every token is contiguous in memory.
    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_;
    const char* cur_;
    const char* lim_;
    std::uint64_t base_ = 0;  // input offset of buffer_[0], not counting a BOM
    bool source_ended_ = false;
    bool ends_with_newline_ = true;
    bool started_ = false;
    bool finished_ = false;

    // jq's position: the line, and the offset just past the last newline; a column is the
    // number of bytes consumed on the current line.
    std::size_t line_ = 1;
    std::uint64_t line_start_ = 0;
    // The line count where the last value returned ended, for jq's input line number.
    std::size_t value_end_line_ = 1;
    bool value_ended_line_ = false;  // the byte that ended it was a newline, now consumed
    bool failed_ = false;

    std::vector<Frame> stack_;
    std::size_t depth_ = 0;  // jq's stack size: open containers plus keys waiting for values
    ValueChunks items_;      // the elements of the open arrays, innermost last
    std::vector<Object::Entry> members_;
    // The keys of the fields named by named_for_, for skip_rest_of_members().
    const Demand* named_for_ = nullptr;
    std::vector<std::string_view> named_;
    std::vector<bool> extras_;         // with demand_: per member, kept only for field hints
    Pending pending_ = Pending::None;  // jq's `next`: a value not yet placed
    Value pending_value_;
    std::string pending_key_;  // a string read where an object key goes, kept unboxed
    SharedStrings strings_;    // repeated string values, made once
    std::string scratch_;      // decoded text of strings with escapes, reused
    std::string spare_;
};

}  // namespace ctq
