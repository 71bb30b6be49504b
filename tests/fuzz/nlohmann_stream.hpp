// nlohmann/json reading a byte stream text by text, as jq splits a stream, for
// fuzz_json_oracle.
//
// nlohmann parses one text at a time (sax_parse, not strict), and the next text starts where it
// stopped. Where nlohmann fails, the caller may recognise one of jq's extensions to JSON there
// and rewrite those bytes into standard JSON; the text is then parsed again. A rewrite may
// plant a value JSON cannot spell (NaN, infinity) on the number it puts in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctq::fuzz::oracle {

using Json = nlohmann::ordered_json;

/// jq 1.8's nesting limit, which ctq reads up to: open containers plus keys awaiting a value.
constexpr std::size_t kMaxDepth = 10000;

/// How many bytes the oracle may parse again after rewrites before it gives up on an input
/// (each rewrite parses its text again from the start).
constexpr std::size_t kReparseBudget = std::size_t{4} << 20;

/// Where nlohmann stopped reading, and why.
struct Failure {
    std::size_t text;     // offset where the text begins (after a BOM, say)
    std::size_t at;       // offset of the byte it read last; the input's size if it read the end
    int id;               // nlohmann's exception id: 101 a syntax error, 406 a number out of range
    std::string reason;   // nlohmann's message, without the input it quotes after it
    std::size_t numbers;  // numbers read before, in the whole stream: the next one's index
};

/// Values put in place of planted numbers, by the number's index in the stream.
using Plants = std::map<std::size_t, double>;

/// Recognises an extension at `failure` and rewrites `bytes` there (true), or leaves them
/// alone (false).
using Rewrite = std::function<bool(std::string& bytes, const Failure& failure, Plants& plants)>;

/// What the oracle read from a whole input.
struct Reading {
    std::vector<Json> documents;
    bool ok = true;         // the stream ended without an error
    bool too_deep = false;  // it ended at a complete text nested deeper than kMaxDepth
    bool gave_up = false;   // rewrites would parse more than kReparseBudget again: no verdict
    std::size_t rewrites = 0;
    std::size_t reparsed = 0;  // bytes parsed again after rewrites, at most
};

/// Builds one text's value from nlohmann's SAX events as an ordered_json, whose objects keep
/// insertion order and give a repeated key its first position and its last value, as jq's do.
/// Measures depth as jq does: a key waiting for its value counts as a level.
class TreeBuilder : public Json::json_sax_t {
public:
    explicit TreeBuilder(const Plants& plants) : plants_(plants) {}

    void start_text(std::size_t numbers_before) {
        root_ = Json();
        open_.clear();
        slot_ = nullptr;
        depth_ = 0;
        too_deep_ = false;
        top_is_literal_ = false;
        top_is_number_ = false;
        numbers_ = numbers_before;
    }

    Json take_root() { return std::move(root_); }
    bool too_deep() const { return too_deep_; }
    bool top_is_literal() const { return top_is_literal_; }  // a number, true, false or null
    bool top_is_number() const { return top_is_number_; }
    std::size_t numbers() const { return numbers_; }
    std::size_t error_position() const { return error_position_; }
    int error_id() const { return error_id_; }
    const std::string& error_reason() const { return error_reason_; }

    bool null() override { return scalar(Json(nullptr), true); }
    bool boolean(bool b) override { return scalar(Json(b), true); }
    bool number_integer(std::int64_t n) override { return number(static_cast<double>(n)); }
    bool number_unsigned(std::uint64_t n) override { return number(static_cast<double>(n)); }
    bool number_float(double d, const std::string&) override { return number(d); }
    bool string(std::string& s) override { return scalar(Json(std::move(s)), false); }
    bool binary(Json::binary_t&) override { return false; }  // never in JSON text
    bool start_object(std::size_t) override { return open(Json::object()); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool key(std::string& key) override {
        slot_ = &(*open_.back())[key];  // an existing member for a repeated key
        ++depth_;
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&,
                     const Json::exception& error) override {
        error_position_ = position;
        error_id_ = error.id;
        // "...: syntax error while parsing value - invalid literal; last read: 'nax'": what
        // follows "; last read" is input, which may spell out any other message.
        const std::string_view message = error.what();
        error_reason_ = message.substr(0, message.find("; last read:"));
        return false;
    }

private:
    bool number(double value) {
        const auto planted = plants_.find(numbers_++);
        top_is_number_ = open_.empty();
        return scalar(Json(planted == plants_.end() ? value : planted->second), true);
    }
    bool scalar(Json value, bool literal) {
        top_is_literal_ = open_.empty() && literal;
        place(std::move(value));
        member_done();
        return true;
    }
    bool open(Json container) {
        if (depth_ >= kMaxDepth)
            too_deep_ = true;  // where jq's reader stops
        ++depth_;
        open_.push_back(place(std::move(container)));
        return true;
    }
    bool close() {
        open_.pop_back();
        --depth_;
        member_done();
        return true;
    }
    // Pointers into a container stay valid: only the innermost open one grows.
    Json* place(Json value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        Json& parent = *open_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        *slot_ = std::move(value);
        return slot_;
    }
    // A value completes its object member, and jq's stack lets go of the key.
    void member_done() {
        if (!open_.empty() && open_.back()->is_object())
            --depth_;
    }

    const Plants& plants_;
    Json root_;
    std::vector<Json*> open_;
    Json* slot_ = nullptr;  // the member the next value of the innermost object goes to
    std::size_t depth_ = 0;
    bool too_deep_ = false;
    bool top_is_literal_ = false;
    bool top_is_number_ = false;
    std::size_t numbers_ = 0;
    std::size_t error_position_ = 0;
    int error_id_ = 0;
    std::string error_reason_;
};

/// Hands nlohmann the bytes and keeps how far it read: it reads one byte past a number to see
/// where the number ends, and says nothing of it, and the next text starts at that byte.
class TrackedIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    struct Progress {
        const char* furthest;
        bool read_end = false;  // nlohmann asked for a byte past the last one
    };

    TrackedIterator(const char* p, Progress* progress) : p_(p), progress_(progress) {}
    reference operator*() const { return *p_; }
    TrackedIterator& operator++() {
        if (++p_ > progress_->furthest)
            progress_->furthest = p_;
        return *this;
    }
    // nlohmann's iterator adapter compares with the end just before it reads each byte.
    bool operator!=(const TrackedIterator& end) const {
        if (p_ == end.p_)
            progress_->read_end = true;
        return p_ != end.p_;
    }
    bool operator==(const TrackedIterator& end) const { return !(*this != end); }

private:
    const char* p_;
    Progress* progress_;
};

inline bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Reads `bytes` as a stream of JSON texts with nlohmann, asking `rewrite` about each failure.
/// The stream's own rules are jq's: one BOM may open the input (a BOM anywhere else is an
/// error, though nlohmann would skip one at the start of each text), texts may follow each
/// other with or without whitespace, and a text that is a literal counts only when
/// whitespace, a quote, a bracket or the end follows it (jq reads `1x`, `1}` and `truefalse`
/// as errors, not as a value and then garbage).
inline Reading read_stream(std::string bytes, const Rewrite& rewrite) {
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    Reading reading;
    Plants plants;
    TreeBuilder builder(plants);
    std::size_t start = bytes.compare(0, kBom.size(), kBom) == 0 ? kBom.size() : 0;
    std::size_t numbers = 0;
    for (;;) {
        while (start < bytes.size() && is_json_space(bytes[start])) ++start;
        if (start == bytes.size())
            return reading;
        if (bytes.compare(start, kBom.size(), kBom) == 0) {
            reading.ok = false;
            return reading;
        }
        TrackedIterator::Progress progress{};
        for (;;) {
            builder.start_text(numbers);
            const char* data = bytes.data();
            progress = {data + start};
            const TrackedIterator first(data + start, &progress);
            const TrackedIterator last(data + bytes.size(), &progress);
            if (Json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json,
                                /*strict=*/false)) {
                break;
            }
            const Failure failure{start, start + builder.error_position() - 1, builder.error_id(),
                                  builder.error_reason(), builder.numbers()};
            if (!rewrite(bytes, failure, plants)) {
                reading.ok = false;
                return reading;
            }
            ++reading.rewrites;
            reading.reparsed += bytes.size() - start;
            if (reading.reparsed > kReparseBudget) {
                reading.gave_up = true;
                return reading;
            }
        }
        std::size_t end = static_cast<std::size_t>(progress.furthest - bytes.data());
        if (builder.top_is_number() && !progress.read_end)
            --end;  // the byte after the number
        if (builder.too_deep()) {
            reading.ok = false;
            reading.too_deep = true;
            return reading;
        }
        if (builder.top_is_literal() && end < bytes.size() && !is_json_space(bytes[end]) &&
            std::string_view("\"[{").find(bytes[end]) == std::string_view::npos) {
            reading.ok = false;
            return reading;
        }
        reading.documents.push_back(builder.take_root());
        numbers = builder.numbers();
        start = end;
    }
}

}  // namespace ctq::fuzz::oracle
