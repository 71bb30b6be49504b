// Where the JSON reader is, as jq reports it: the input line number of the value last handed
// out, and parse errors that name a line and a column.
#include <fmt/format.h>

#include <cstring>

#include "ctq/error.hpp"
#include "json_reader_impl.hpp"

namespace ctq {

void JsonReader::Impl::fail_at(const char* at, const char* message) const {
    // jq counts the offending byte as consumed: a newline there starts the next line.
    std::size_t line = line_;
    std::uint64_t column = offset(at) + 1 - line_start_;
    if (*at == '\n') {
        ++line;
        column = 0;
    }
    throw JsonParseError(fmt::format("{} at line {}, column {}", message, line, column));
}

void JsonReader::Impl::fail_at_eof(const char* message) const {
    const std::uint64_t column = offset(lim_) - line_start_;
    throw JsonParseError(fmt::format("{} at EOF at line {}, column {}", message, line_, column));
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

}  // namespace ctq
