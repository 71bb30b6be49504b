// The streaming JSON reader: a pull parser over chunks of a ByteSource, with jq 1.7.1's errors.
//
// The grammar is strict RFC 8259 per value, but the state machine follows jq's jv_parse.c
// token by token, so that the stream semantics (`1 2`, `[1]2`, `1"a"`) and every error message,
// line and column match what jq prints. jq's model: a stack of open containers, one pending
// value (`next` in jq), and a top-level value handed out as soon as it is complete. A literal
// (number, true, false, null, nan) is a maximal run of bytes that are neither whitespace,
// structure nor a quote, checked when the byte after it arrives, so its errors carry the
// position of that byte.
#include "ctq/input/json_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ctq/error.hpp"
#include "json_reader_text.hpp"

namespace ctq {

// --- Byte sources -----------------------------------------------------------

std::size_t StringSource::read(char* buffer, std::size_t size) {
    const std::size_t n = std::min(size, text_.size() - pos_);
    if (n > 0)
        std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return n;
}

std::size_t StreamSource::read(char* buffer, std::size_t size) {
    // read(2) returns what a pipe holds right now, where fread would wait for a whole chunk
    // and stall `tail -f trail.json | ctq .`. This assumes nobody read the stream through
    // stdio before handing it over.
    const int fd = ::fileno(stream_);
    if (fd >= 0) {
        for (;;) {
            const ssize_t n = ::read(fd, buffer, size);
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno != EINTR)
                throw std::runtime_error(std::strerror(errno));
        }
    }
    const std::size_t n = std::fread(buffer, 1, size, stream_);
    if (n == 0 && std::ferror(stream_))
        throw std::runtime_error("read error");
    return n;
}

namespace {

constexpr std::size_t kChunkSize = 64 * 1024;

using json_text::byte_at;
using json_text::kChars;

}  // namespace

// --- The parser ---------------------------------------------------------------

struct JsonReader::Impl {
    Impl(ByteSource& source, ReaderLimits limits)
        : source_(source), limits_(limits), buffer_(new char[kChunkSize]), capacity_(kChunkSize) {
        cur_ = lim_ = buffer_.get();
    }

    bool next(Value& out);
    std::size_t line();
    bool ends_with_newline() const { return ends_with_newline_; }

    bool stream_records_ = false;
    bool last_was_record_ = false;
    bool document_streamed_ = false;  // of the value last returned

private:
    // An open array or object. `start` indexes items_ (arrays) or members_ (objects), where
    // the elements of all open containers wait, so each container is built at its exact size.
    struct Frame {
        std::size_t start;
        bool is_object;
        bool has_key;  // the object's last member has its key but not yet its value
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
        out = take_pending();
        last_was_record_ = true;
        streaming_now_ = true;
        return true;
    }
    void open_container(const char* at, bool is_object);
    void close_array(const char* at);
    void close_object(const char* at);
    void comma(const char* at);
    void colon(const char* at);
    // Inside the top object's "Records" array, at its own level (not inside an element).
    bool in_records_array() const {
        return stream_records_ && stack_.size() == 2 && stack_[0].is_object && stack_[0].has_key &&
               !stack_[1].is_object && !members_.empty() && members_.back().first == "Records";
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
    std::vector<Value> items_;
    std::vector<Object::Entry> members_;
    Pending pending_ = Pending::None;  // jq's `next`: a value not yet placed
    Value pending_value_;
    std::string pending_key_;  // a string read where an object key goes, kept unboxed
    std::string scratch_;      // decoded text of strings with escapes, reused
    std::string spare_;
};

bool JsonReader::Impl::fill(const char*& keep) {
    if (source_ended_)
        return false;
    char* start = buffer_.get();
    const auto kept = static_cast<std::size_t>(lim_ - keep);
    if (keep != start) {
        base_ += static_cast<std::uint64_t>(keep - start);
        std::memmove(start, keep, kept);
    }
    if (capacity_ - kept < kChunkSize / 2) {
        // Only a token longer than a chunk gets here; memory follows the token's size.
        const std::size_t capacity = std::max(capacity_ * 2, kept + kChunkSize);
        std::unique_ptr<char[]> bigger(new char[capacity]);
        std::memcpy(bigger.get(), start, kept);
        buffer_ = std::move(bigger);
        capacity_ = capacity;
        start = buffer_.get();
    }
    keep = start;
    cur_ = start;
    lim_ = start + kept;
    const std::size_t n = source_.read(start + kept, capacity_ - kept);
    if (n == 0) {
        source_ended_ = true;
        return false;
    }
    lim_ += n;
    ends_with_newline_ = lim_[-1] == '\n';
    return true;
}

void JsonReader::Impl::count_newlines(const char* p, const char* end) {
    while (p < end) {
        const void* found = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (found == nullptr)
            break;
        p = static_cast<const char*>(found);
        newline_at(p);
        ++p;
    }
}

void JsonReader::Impl::fail_at(const char* at, const char* message) const {
    // jq counts the offending byte as consumed: a newline there starts the next line.
    std::size_t line = line_;
    std::uint64_t column = offset(at) + 1 - line_start_;
    if (*at == '\n') {
        ++line;
        column = 0;
    }
    throw JsonParseError(std::string(message) + " at line " + std::to_string(line) + ", column " +
                         std::to_string(column));
}

void JsonReader::Impl::fail_at_eof(const char* message) const {
    const std::uint64_t column = offset(lim_) - line_start_;
    throw JsonParseError(std::string(message) + " at EOF at line " + std::to_string(line_) +
                         ", column " + std::to_string(column));
}

bool JsonReader::Impl::next(Value& out) {
    if (finished_)
        return false;
    try {
        if (!started_) {
            started_ = true;
            skip_bom();
        }
        if (parse(out))
            return true;
        // At the end, jq's count is every newline read.
        finished_ = true;
        value_end_line_ = line_;
        value_ended_line_ = true;
        return false;
    } catch (...) {
        // Like jq, a parse error ends the input; drop the half-built containers.
        finished_ = true;
        failed_ = true;
        stack_.clear();
        streaming_now_ = false;
        records_dangling_comma_ = false;
        items_.clear();
        members_.clear();
        pending_ = Pending::None;
        pending_value_ = Value();
        throw;
    }
}

void JsonReader::Impl::skip_bom() {
    static constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
    std::size_t matched = 0;
    for (;;) {
        const auto available = static_cast<std::size_t>(lim_ - cur_);
        while (matched < available && matched < 3 && byte_at(cur_ + matched) == kBom[matched]) {
            ++matched;
        }
        if (matched == 3) {
            cur_ += 3;
            line_start_ = offset(cur_);
            return;
        }
        if (matched < available)
            break;  // a byte that is not the BOM's
        const char* keep = cur_;
        const bool more = fill(keep);
        cur_ = keep;
        if (!more)
            break;
    }
    if (matched == 0)
        return;
    if (cur_ + matched == lim_) {
        cur_ = lim_;  // the input is a cut-off BOM and nothing else: jq reads no value
        return;
    }
    throw JsonParseError("Malformed BOM");
}

bool JsonReader::Impl::parse(Value& out) {
    last_was_record_ = false;
    value_ended_line_ = false;
    for (;;) {
        if (cur_ == lim_) {
            const char* keep = cur_;
            if (!fill(keep)) {
                if (!stack_.empty())
                    fail_at_eof("Unfinished JSON term");
                return false;
            }
        }
        const char* at = cur_;
        switch (*at) {
            case ' ':
            case '\t':
            case '\r':
            case '\n': skip_whitespace(); break;
            case '"':
                parse_string();
                if (stack_.empty())
                    return emit(out);
                break;
            case '[':
                open_container(at, false);
                ++cur_;
                break;
            case '{':
                open_container(at, true);
                ++cur_;
                break;
            case ']':
                if (in_records_array()) {
                    if (pending_ != Pending::None) {
                        // Hand out the last element; the `]` is read on the next call.
                        records_dangling_comma_ = false;
                        return emit_record(out);
                    }
                    if (records_dangling_comma_)
                        fail_at(at, "Expected another array element");
                }
                close_array(at);
                ++cur_;
                if (stack_.empty())
                    return emit(out);
                break;
            case '}':
                close_object(at);
                ++cur_;
                if (stack_.empty()) {
                    document_streamed_ = streaming_now_;
                    streaming_now_ = false;
                    return emit(out);
                }
                break;
            case ',':
                if (in_records_array() && pending_ != Pending::None) {
                    ++cur_;
                    records_dangling_comma_ = true;
                    return emit_record(out);
                }
                comma(at);
                ++cur_;
                break;
            case ':':
                colon(at);
                ++cur_;
                break;
            default: {
                const bool at_eof = parse_literal();
                if (!stack_.empty())
                    break;
                // A top-level literal is complete: jq consumes the byte that ended it.
                if (at_eof)
                    return emit(out);
                const char c = *cur_;
                if (c == '\n') {
                    newline_at(cur_);
                    ++cur_;
                    value_ended_line_ = true;
                    return emit(out);
                }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    ++cur_;
                    return emit(out);
                }
                if (c == '"' || c == '[' || c == '{')
                    return emit(out);
                // `1]`, `1,`, `1:`, `1}`: jq drops the number and reports the structure.
                take_pending();
                break;
            }
        }
    }
}

void JsonReader::Impl::skip_whitespace() {
    const char* p = cur_;
    for (; p < lim_; ++p) {
        const char c = *p;
        if (c == '\n') {
            newline_at(p);
        } else if (c != ' ' && c != '\t' && c != '\r') {
            break;
        }
    }
    cur_ = p;
}

void JsonReader::Impl::parse_string() {
    const bool is_key = pending_ == Pending::None && !stack_.empty() && stack_.back().is_object &&
                        !stack_.back().has_key;
    const char* open = cur_;  // moves when fill() shifts the buffer
    std::size_t i = 1;        // offset of the scan from the opening quote
    bool plain = true;        // no escapes, no control characters, valid UTF-8
    for (;;) {
        const char* p = json_text::skip_plain_string(open + i, lim_);
        i = static_cast<std::size_t>(p - open);
        if (p == lim_) {
            if (!fill(open))
                break;
            continue;
        }
        const unsigned char c = byte_at(p);
        if (c == '"')
            break;
        if (c < 0x80) {
            plain = false;  // a backslash or a control character
            break;
        }
        const int length = json_text::valid_utf8_sequence(p, lim_);
        if (length > 0) {
            i += static_cast<std::size_t>(length);
            continue;
        }
        if (length < 0 && fill(open))
            continue;
        plain = false;
        break;
    }
    if (!plain) {
        // Find the closing quote first: errors inside the string are reported there.
        for (;;) {
            if (i >= static_cast<std::size_t>(lim_ - open)) {
                if (!fill(open))
                    break;
                continue;
            }
            const char c = open[i];
            if (c == '"')
                break;
            i += c == '\\' ? 2 : 1;
        }
    }
    if (i >= static_cast<std::size_t>(lim_ - open)) {
        count_newlines(open + 1, lim_);
        fail_at_eof("Unfinished string");
    }
    const char* close = open + i;
    cur_ = close + 1;
    const char* body = open + 1;
    if (!plain) {
        count_newlines(body, close);  // raw newlines are errors, but jq counts them first
        if (const char* error = json_text::decode_string(body, close, scratch_, spare_))
            fail_at(close, error);
    }
    std::string text = plain ? std::string(body, close) : scratch_;
    if (is_key) {
        pending_key_ = std::move(text);
        pending_ = Pending::Key;
    } else {
        set_pending(Value::string(std::move(text)), close);
    }
}

bool JsonReader::Impl::parse_literal() {
    const char* begin = cur_;  // moves when fill() shifts the buffer
    std::size_t i = 1;
    bool at_eof = false;
    for (;;) {
        while (begin + i < lim_ && kChars.literal[byte_at(begin + i)]) ++i;
        if (begin + i < lim_)
            break;
        if (!fill(begin)) {
            at_eof = true;
            break;
        }
    }
    const char* end = begin + i;
    const char* error = nullptr;
    Value value = json_text::literal_value(begin, end, error);
    if (error != nullptr) {
        if (at_eof)
            fail_at_eof(error);
        fail_at(end, error);
    }
    cur_ = end;
    set_pending(std::move(value), at_eof ? nullptr : end);
    return at_eof;
}

void JsonReader::Impl::set_pending(Value value, const char* at) {
    if (pending_ != Pending::None) {
        if (at == nullptr)
            fail_at_eof("Expected separator between values");
        fail_at(at, "Expected separator between values");
    }
    pending_value_ = std::move(value);
    pending_ = Pending::Value;
}

Value JsonReader::Impl::take_pending() {
    Value value = pending_ == Pending::Key ? Value::string(std::move(pending_key_))
                                           : std::move(pending_value_);
    pending_value_ = Value();
    pending_ = Pending::None;
    return value;
}

bool JsonReader::Impl::emit(Value& out) {
    note_value_end();
    out = take_pending();
    return true;
}

void JsonReader::Impl::note_value_end() {
    value_end_line_ = line_;
}

// jq reads its input a line at a time and numbers inputs by the newlines read so far, so a value
// counts the newline that ends its own line: [1]\n[2]\n gives 1 and 2, `1 2` (no newline) gives
// 0 and 0. A parse error keeps the reader's own line, which is what jq's message shows then.
std::size_t JsonReader::Impl::line() {
    if (failed_ || last_was_record_)
        return line_;  // a record inside a document: no line of its own
    const std::size_t before = value_end_line_ - 1;
    if (value_ended_line_)
        return before;
    // Nothing is parsed between handing out a value and asking its line, so cur_ is still
    // where the value ended: look ahead for the newline that ends its line, reading more if
    // need be but keeping what is read, up to a bound.
    constexpr std::size_t kMaxLookahead = 1 << 20;
    std::size_t searched = 0;
    while (true) {
        const char* from = cur_ + searched;
        if (std::memchr(from, '\n', static_cast<std::size_t>(lim_ - from)) != nullptr)
            return before + 1;
        searched = static_cast<std::size_t>(lim_ - cur_);
        if (searched > kMaxLookahead)
            return before + 1;  // a very long line; nearly always it ends with a newline
        const char* keep = cur_;
        if (!fill(keep))
            return before;  // the input ends without one
    }
}

void JsonReader::Impl::open_container(const char* at, bool is_object) {
    if (depth_ >= limits_.max_depth)
        fail_at(at, "Exceeds depth limit for parsing");
    if (pending_ != Pending::None)
        fail_at(at, "Expected separator between values");
    stack_.push_back(Frame{is_object ? members_.size() : items_.size(), is_object, false});
    ++depth_;
}

void JsonReader::Impl::close_array(const char* at) {
    if (stack_.empty() || stack_.back().is_object)
        fail_at(at, "Unmatched ']'");
    const std::size_t start = stack_.back().start;
    if (pending_ != Pending::None) {
        items_.push_back(take_pending());
    } else if (items_.size() > start) {
        fail_at(at, "Expected another array element");  // [1,2,]
    }
    const auto first = items_.begin() + static_cast<std::ptrdiff_t>(start);
    Array array(std::make_move_iterator(first), std::make_move_iterator(items_.end()));
    items_.erase(first, items_.end());
    stack_.pop_back();
    --depth_;
    pending_value_ = Value::array(std::move(array));
    pending_ = Pending::Value;
}

void JsonReader::Impl::close_object(const char* at) {
    if (stack_.empty())
        fail_at(at, "Unmatched '}'");
    Frame& frame = stack_.back();
    if (pending_ != Pending::None) {
        if (!frame.is_object || !frame.has_key) {
            fail_at(at, "Objects must consist of key:value pairs");  // {"a"} or [1}
        }
        members_.back().second = take_pending();
        frame.has_key = false;
        --depth_;
    } else {
        if (!frame.is_object || frame.has_key)
            fail_at(at, "Unmatched '}'");  // [} or {"a":}
        if (members_.size() > frame.start)
            fail_at(at, "Expected another key-value pair");
    }
    Object object;
    object.reserve(members_.size() - frame.start);
    for (std::size_t i = frame.start; i < members_.size(); ++i) {
        // Object::set keeps the first position and the last value of a duplicated key.
        object.set(std::move(members_[i].first), std::move(members_[i].second));
    }
    members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(frame.start), members_.end());
    stack_.pop_back();
    --depth_;
    pending_value_ = Value::object(std::move(object));
    pending_ = Pending::Value;
}

void JsonReader::Impl::comma(const char* at) {
    if (pending_ == Pending::None)
        fail_at(at, "Expected value before ','");
    if (stack_.empty())
        fail_at(at, "',' not as part of an object or array");
    Frame& frame = stack_.back();
    if (!frame.is_object) {
        items_.push_back(take_pending());
    } else if (frame.has_key) {
        members_.back().second = take_pending();
        frame.has_key = false;
        --depth_;
    } else {
        fail_at(at, "Objects must consist of key:value pairs");  // {"a", "b"}
    }
}

void JsonReader::Impl::colon(const char* at) {
    if (pending_ == Pending::None)
        fail_at(at, "Expected string key before ':'");
    if (stack_.empty() || !stack_.back().is_object || stack_.back().has_key) {
        fail_at(at, "':' not as part of an object");
    }
    if (pending_ == Pending::Key) {
        members_.emplace_back(std::move(pending_key_), Value());
    } else if (pending_value_.is_string()) {
        members_.emplace_back(pending_value_.as_string(), Value());
    } else {
        fail_at(at, "Object keys must be strings");  // {1:2}
    }
    pending_value_ = Value();
    pending_ = Pending::None;
    stack_.back().has_key = true;
    ++depth_;  // jq keeps the key on its stack too, so it counts towards the depth limit
}

// --- Public interface ----------------------------------------------------------

JsonReader::JsonReader(ByteSource& source, ReaderLimits limits)
    : impl_(std::make_unique<Impl>(source, limits)) {}

JsonReader::~JsonReader() = default;

bool JsonReader::next(Value& out) {
    impl_->document_streamed_ = false;
    return impl_->next(out);
}

void JsonReader::set_stream_records(bool on) {
    impl_->stream_records_ = on;
}
bool JsonReader::last_was_record() const {
    return impl_->last_was_record_;
}
bool JsonReader::last_document_streamed() const {
    return impl_->document_streamed_;
}

std::size_t JsonReader::line() const {
    return impl_->line();
}

bool JsonReader::ends_with_newline() const {
    return impl_->ends_with_newline();
}

Value parse_json(std::string_view text) {
    // jq's messages for no text and for more than one; fromjson adds "(while parsing '...')".
    StringSource source(text);
    JsonReader reader(source);
    Value value;
    if (!reader.next(value))
        throw JsonParseError("Expected JSON value");
    Value extra;
    if (reader.next(extra))
        throw JsonParseError("Unexpected extra JSON values");
    return value;
}

}  // namespace ctq
