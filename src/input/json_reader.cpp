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

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "ctq/error.hpp"
#include "json_reader_impl.hpp"
#include "json_reader_text.hpp"
#include "plain_json.hpp"

namespace ctq {

namespace {

using json_text::byte_at;
using json_text::kChars;

}  // namespace

// --- The parser ---------------------------------------------------------------

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
        if (stopped_at_)
            return false;  // another piece reads on from here
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
        extras_.clear();
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
    last_was_echoed_ = false;
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
                if (stops_ && at_stop(at))
                    return false;
                if (skip_unseen_container(at) || echo_record(at))
                    break;
                open_container(at, false);
                ++cur_;
                break;
            case '{':
                if (stops_ && at_stop(at))
                    return false;
                if (skip_unseen_container(at) || echo_record(at))
                    break;
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
                skip_rest_of_members();
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

bool JsonReader::Impl::more_text() {
    if (finished_)
        return false;
    constexpr std::size_t kLongest = std::size_t{1} << 20;  // the buffer keeps what it skips
    const char* keep = cur_;
    for (std::size_t i = 0; i < kLongest;) {
        for (; keep + i < lim_ && i < kLongest; ++i) {
            const char c = keep[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return true;
        }
        if (keep + i == lim_ && !fill(keep))
            return false;
    }
    return true;
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
    if (!is_key && skipping_value()) {
        set_pending(Value(), close);  // validated above; the filter never looks at it
        return;
    }
    if (is_key && demand_ && !stack_.back().keeps) {
        pending_key_.clear();  // a key of an object nobody looks into: only its validity counts
        pending_ = Pending::Key;
        return;
    }
    if (is_key) {
        pending_key_ = plain ? std::string(body, close) : scratch_;
        pending_ = Pending::Key;
    } else {
        set_pending(strings_.get(plain ? std::string_view(body, close - body) : scratch_), close);
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
    if (skipping_value())
        value = Value();
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
    records_unseen_ = false;  // a document ends
    out = take_pending();
    return true;
}

void JsonReader::Impl::note_value_end() {
    value_end_line_ = line_;
}

void JsonReader::Impl::open_container(const char* at, bool is_object) {
    if (depth_ >= limits_.max_depth)
        fail_at(at, "Exceeds depth limit for parsing");
    if (pending_ != Pending::None)
        fail_at(at, "Expected separator between values");
    Frame frame{is_object ? members_.size() : items_.size(), is_object, false};
    if (demand_) {
        frame.demand = value_demand();
        if (is_object && frame.demand && frame.demand->arrays_only())
            frame.demand = &whole_;  // only an array can be partial here
        frame.keeps = frame.demand && frame.demand->level() >= Demand::Level::Partial;
    }
    stack_.push_back(frame);
    ++depth_;
}

void JsonReader::Impl::close_array(const char* at) {
    if (stack_.empty() || stack_.back().is_object)
        fail_at(at, "Unmatched ']'");
    Frame& frame = stack_.back();
    if (pending_ != Pending::None) {
        add_element(frame, take_pending());
    } else if (frame.count > 0) {
        fail_at(at, "Expected another array element");  // [1,2,]
    }
    if (frame.keeps) {
        pending_value_ = Value::array(items_.take_from(frame.start));
    } else {
        // Projection: only the kind is needed, or nothing at all.
        pending_value_ = frame.demand ? Value::array({}) : Value();
    }
    stack_.pop_back();
    --depth_;
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
        set_member_value(frame, take_pending());
        frame.has_key = false;
        --depth_;
    } else {
        if (!frame.is_object || frame.has_key)
            fail_at(at, "Unmatched '}'");  // [} or {"a":}
        if (frame.count > 0)
            fail_at(at, "Expected another key-value pair");
    }
    if (frame.keeps) {
        const bool drop_extras = frame.has_extras && has_every_named_field(frame);
        std::size_t size = members_.size() - frame.start;
        if (drop_extras)
            size -= static_cast<std::size_t>(std::count(
                extras_.begin() + static_cast<std::ptrdiff_t>(frame.start), extras_.end(), true));
        Object object;
        object.reserve(size);
        for (std::size_t i = frame.start; i < members_.size(); ++i) {
            if (drop_extras && extras_[i])
                continue;
            // Object::set keeps the first position and the last value of a duplicated key.
            object.set(std::move(members_[i].first), std::move(members_[i].second));
        }
        if (stack_.size() == 1)
            repeated_key_ = object.size() != size;
        members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(frame.start), members_.end());
        if (demand_)
            extras_.erase(extras_.begin() + static_cast<std::ptrdiff_t>(frame.start),
                          extras_.end());
        pending_value_ = Value::object(std::move(object));
    } else {
        pending_value_ = frame.demand ? Value::object({}) : Value();
    }
    stack_.pop_back();
    --depth_;
    pending_ = Pending::Value;
}

// Projection: a container nobody looks at is walked in one tight loop when it is plain JSON
// and all in the buffer (see plain_json.hpp); it then stands in as null, as a container read
// token by token without demand does.
bool JsonReader::Impl::skip_unseen_container(const char* at) {
    if (pending_ != Pending::None || stack_.empty())
        return false;
    if (!(demand_ && skipping_value()) && !(records_unseen_ && in_records_array()))
        return false;
    // After a key's colon, or where an array element goes: elsewhere the state machine has
    // an error to report.
    if (stack_.back().is_object && !stack_.back().has_key)
        return false;
    if (depth_ + 2 * json_text::kMaxSkipDepth >= limits_.max_depth)
        return false;
    json_text::SkippedLines lines;
    const char* end = json_text::skip_container(at, lim_, lines);
    if (end == nullptr)
        return false;
    walked_past(end, lines);
    return true;
}

// Projection: once an object has given every field the filter names, the rest of its members
// only have to be valid and not give one of those again. They are walked in one loop when
// they can be (see plain_json.hpp) and end as one more member, not kept, whose value is read.
void JsonReader::Impl::skip_rest_of_members() {
    if (!demand_ || stack_.size() < 2)
        return;
    Frame& frame = stack_.back();
    if (!frame.is_object || !frame.keeps || frame.demand->level() != Demand::Level::Partial ||
        !has_every_named_field(frame))
        return;
    if (depth_ + 2 * json_text::kMaxSkipDepth >= limits_.max_depth)
        return;
    if (named_for_ != frame.demand) {
        named_for_ = frame.demand;
        named_.clear();
        for (const auto& field : frame.demand->fields()) named_.emplace_back(field.first);
    }
    json_text::SkippedLines lines;
    const char* close = json_text::skip_rest_of_object(cur_, lim_, named_, lines);
    if (close == nullptr)
        return;
    ++frame.count;
    frame.has_key = true;
    frame.member_kept = false;
    frame.member = nullptr;
    ++depth_;  // as colon() counts a key
    walked_past(close, lines);
}

// `.` printing records as they are read: a record of the plain kind is printed straight from
// its text (see plain_json.hpp) and stands in as null; any other is built as usual.
bool JsonReader::Impl::echo_record(const char* at) {
    if (echo_style_ == nullptr || pending_ != Pending::None || !in_records_array())
        return false;
    if (depth_ + 2 * json_text::kMaxSkipDepth >= limits_.max_depth)
        return false;
    echoed_.clear();
    json_text::SkippedLines lines;
    const char* end = json_text::echo_value(at, lim_, *echo_style_, echoed_, lines);
    if (end == nullptr)
        return false;
    walked_past(end, lines);
    pending_echoed_ = true;
    return true;
}

// After a container walked by plain_json: reading goes on at `end`, the container standing
// in as null and its newlines counted.
void JsonReader::Impl::walked_past(const char* end, const json_text::SkippedLines& lines) {
    if (lines.count > 0) {
        line_ += lines.count;
        line_start_ = offset(lines.last) + 1;
    }
    cur_ = end;
    pending_value_ = Value();
    pending_ = Pending::Value;
}

// A value starts at `at`: whether it is where the next piece starts, and the reading ends here.
bool JsonReader::Impl::at_stop(const char* at) {
    if (pending_ != Pending::None || (stops_at_records_ ? !in_records_array() : !stack_.empty()))
        return false;
    const std::uint64_t here = offset(at);
    while (next_stop_ < stops_->size() && (*stops_)[next_stop_] < here) ++next_stop_;
    if (next_stop_ == stops_->size() || (*stops_)[next_stop_] != here ||
        (may_stop_ && !may_stop_()))
        return false;
    stopped_at_ = next_stop_;
    return true;
}

void JsonReader::Impl::keep_record_head() {
    const Frame& top = stack_.front();
    Object head;
    // The last member is "Records" itself, whose elements are being handed out.
    for (std::size_t i = top.start; i + 1 < members_.size(); ++i)
        head.set(members_[i].first, members_[i].second);
    record_head_ = Value::object(std::move(head));
}

bool JsonReader::Impl::has_every_named_field(const Frame& frame) const {
    const std::size_t named = frame.demand->fields().size();
    if (named >= 64 || frame.demand->every_entry())
        return false;
    return frame.named_seen == (std::uint64_t{1} << named) - 1;
}

void JsonReader::Impl::comma(const char* at) {
    if (pending_ == Pending::None)
        fail_at(at, "Expected value before ','");
    if (stack_.empty())
        fail_at(at, "',' not as part of an object or array");
    Frame& frame = stack_.back();
    if (!frame.is_object) {
        add_element(frame, take_pending());
    } else if (frame.has_key) {
        set_member_value(frame, take_pending());
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
    if (pending_ != Pending::Key && !pending_value_.is_string())
        fail_at(at, "Object keys must be strings");  // {1:2}
    Frame& frame = stack_.back();
    ++frame.count;
    if (demand_) {
        // Projection: a member the filter cannot reach is validated but not kept.
        const std::string_view key =
            pending_ == Pending::Key ? std::string_view(pending_key_) : pending_value_.as_string();
        int named = -1;
        const Demand* member = frame.keeps ? frame.demand->of_key(key, &named) : nullptr;
        const bool extra = !member && frame.keeps && keep_all_keys_ &&
                           keep_all_keys_->load(std::memory_order_relaxed);
        if (member && named >= 0 && named < 64)
            frame.named_seen |= std::uint64_t{1} << named;
        frame.member_kept = member != nullptr || extra;
        frame.member = member && !member->is_none() ? member : nullptr;
        frame.has_extras = frame.has_extras || extra;
        if (frame.member_kept)
            extras_.push_back(extra);
    }
    if (frame.member_kept) {
        if (pending_ == Pending::Key)
            members_.emplace_back(strings_.key(pending_key_, stack_.size() * 64 + frame.count),
                                  Value());
        else
            members_.emplace_back(Key::of(pending_value_), Value());
    }
    pending_value_ = Value();
    pending_ = Pending::None;
    frame.has_key = true;
    ++depth_;  // jq keeps the key on its stack too, so it counts towards the depth limit
}

}  // namespace ctq
