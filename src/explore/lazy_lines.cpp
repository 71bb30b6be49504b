// Formatting an output by pieces with the writer batch ctq uses: a container's own text comes
// from writing it with a stand-in for each child (the trick of document_writer.cpp), and the
// children are written in between, at their depth, only when the screen gets that far.
#include "ctq/explore/lazy_lines.hpp"

#include <algorithm>

namespace ctq::explore {

namespace {

// A control character keeps the stand-in apart from anything the writer prints around it.
const char* const kStandIn =
    "\x01"
    "ctq-explore"
    "\x01";

// Shallow containers, and wide ones, go by pieces; anything else is small enough to write
// whole (a CloudTrail record's parts, say).
bool by_pieces(const Value& v, std::size_t depth) {
    const std::size_t n = v.is_array()    ? v.as_array().size()
                          : v.is_object() ? v.as_object().size()
                                          : 0;
    return n > 0 && (depth < 3 || n > 64);
}

}  // namespace

LazyLines::LazyLines(Value value, const WriterOptions& writer, bool raw) : writer_(writer) {
    write_json(marker_, Value::string(kStandIn), writer_);
    if (raw && value.is_string()) {
        append(std::string(value.as_string()));
    } else {
        emit(value, writer_.base_depth);
    }
}

void LazyLines::append(const std::string& text) {
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        const std::size_t end = nl == std::string::npos ? text.size() : nl;
        if (!cut_) {
            const std::size_t room = kMaxLine - std::min(kMaxLine, partial_.size());
            std::size_t take = std::min(end - start, room);
            // Cut between characters, never inside one.
            while (take < end - start && take > 0 &&
                   (static_cast<unsigned char>(text[start + take]) & 0xC0) == 0x80)
                --take;
            partial_.append(text, start, take);
            if (take < end - start) {
                partial_ += " …";
                cut_ = true;
            }
        }
        if (nl == std::string::npos)
            return;
        ready_.push_back(std::move(partial_));
        partial_.clear();
        cut_ = false;
        start = nl + 1;
    }
}

void LazyLines::emit(const Value& value, std::size_t depth) {
    if (!by_pieces(value, depth)) {
        std::string text;
        WriterOptions at = writer_;
        at.base_depth = depth;
        write_json(text, value, at);
        append(text);
        return;
    }
    Frame frame;
    frame.depth = depth;
    std::string text;
    WriterOptions at = writer_;
    at.base_depth = depth;
    if (value.is_array()) {
        frame.children.assign(value.as_array().begin(), value.as_array().end());
        write_json(text, Value::array(Array(frame.children.size(), Value::string(kStandIn))), at);
    } else {
        // The writer's order is the one the children go in: sorted with -S.
        std::vector<const Object::Entry*> entries;
        for (const Object::Entry& e : value.as_object()) entries.push_back(&e);
        if (writer_.sort_keys)
            std::stable_sort(entries.begin(), entries.end(),
                             [](const auto* a, const auto* b) { return a->first < b->first; });
        Object stand_in;
        for (const Object::Entry* e : entries) {
            frame.children.push_back(e->second);
            stand_in.set(e->first, Value::string(kStandIn));
        }
        write_json(text, Value::object(std::move(stand_in)), at);
    }
    std::size_t from = 0;
    for (std::size_t i = 0; i < frame.children.size(); ++i) {
        const std::size_t at_marker = text.find(marker_, from);
        frame.pieces.push_back(text.substr(from, at_marker - from));
        from = at_marker + marker_.size();
    }
    frame.pieces.push_back(text.substr(from));
    stack_.push_back(std::move(frame));
}

// One piece of text, and the child after it.
bool LazyLines::step() {
    // Compact output is one line: once it is cut, the rest of it would only be dropped.
    if (cut_ && writer_.indent == 0 && !writer_.tab)
        stack_.clear();
    if (stack_.empty())
        return false;
    Frame& frame = stack_.back();
    append(frame.pieces[frame.next]);
    if (frame.next == frame.children.size()) {
        stack_.pop_back();
        return true;
    }
    const Value child = frame.children[frame.next];
    const std::size_t depth = frame.depth + 1;
    ++frame.next;
    emit(child, depth);  // may push a frame: `frame` is not used after this
    return true;
}

bool LazyLines::next(std::string& line) {
    while (ready_.empty() && step()) {
    }
    if (!ready_.empty()) {
        line = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }
    if (finished_)
        return false;
    finished_ = true;  // the last line has no newline after it
    line = std::move(partial_);
    partial_.clear();
    return true;
}

}  // namespace ctq::explore
