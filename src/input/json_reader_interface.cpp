// JsonReader's own face: the settings it takes and what it tells about the value last read,
// each handed on to JsonReader::Impl (json_reader_impl.hpp), and parse_json for one text.
#include <memory>
#include <string_view>
#include <utility>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "json_reader_impl.hpp"
#include "plain_json.hpp"

namespace ctq {

JsonReader::JsonReader(ByteSource& source, ReaderLimits limits)
    : impl_(std::make_unique<Impl>(source, limits)) {}

JsonReader::~JsonReader() = default;

bool JsonReader::next(Value& out) {
    impl_->document_streamed_ = false;
    impl_->repeated_key_ = false;
    impl_->record_head_ = Value();
    return impl_->next(out);
}

bool JsonReader::more_text() {
    return impl_->more_text();
}

void JsonReader::set_stream_records(bool on) {
    impl_->stream_records_ = on;
}
void JsonReader::set_demand(const Demand* demand, const std::atomic<bool>* keep_all_keys) {
    impl_->demand_ = demand && !demand->is_whole() ? demand : nullptr;
    impl_->keep_all_keys_ = keep_all_keys;
}
void JsonReader::set_echo(const WriterOptions* style) {
    impl_->echo_style_ = style && json_text::can_echo(*style) ? style : nullptr;
}
void JsonReader::skip_rest_of_records() {
    impl_->records_unseen_ = true;
}
bool JsonReader::last_was_echoed() const {
    return impl_->last_was_echoed_;
}
const std::string& JsonReader::echoed_text() const {
    return impl_->echoed_;
}
bool JsonReader::last_was_record() const {
    return impl_->last_was_record_;
}
bool JsonReader::last_document_streamed() const {
    return impl_->document_streamed_;
}
Value JsonReader::take_record_head() {
    return std::move(impl_->record_head_);
}
bool JsonReader::last_repeated_a_key() const {
    return impl_->repeated_key_;
}

void JsonReader::start_at(std::uint64_t offset, std::size_t line, std::uint64_t line_start) {
    impl_->start_at(offset, line, line_start);
}
void JsonReader::set_stops(const std::vector<std::uint64_t>* offsets, std::size_t first,
                           bool at_records, std::function<bool()> may_stop) {
    impl_->stops_ = offsets;
    impl_->stops_at_records_ = at_records;
    impl_->may_stop_ = std::move(may_stop);
    impl_->next_stop_ = first;
}
std::optional<std::size_t> JsonReader::stopped_at() const {
    return impl_->stopped_at_;
}
void JsonReader::resume() {
    if (impl_->stopped_at_) {
        impl_->next_stop_ = *impl_->stopped_at_ + 1;
        impl_->stopped_at_.reset();
    }
}
void JsonReader::move_origin(std::size_t line, std::uint64_t line_start) {
    impl_->move_origin(line, line_start);
}
std::size_t JsonReader::current_line() const {
    return impl_->current_line();
}
std::uint64_t JsonReader::current_line_start() const {
    return impl_->current_line_start();
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
