// Skipping a container the filter cannot see in one tight loop. Private to src/input.
//
// The reader's state machine takes JSON token by token, as jq's does, so that every error
// reads as jq's. For a container nobody looks at only its validity counts, and most such
// containers are plain JSON: skip_container() walks one at byte speed and answers only when it
// is sure the state machine would have accepted it. Anything else (a cut-off end, a rare
// escape, `nan`, an error) gets null, and the state machine reads the container as before.
#pragma once

#include <cstddef>

namespace ctq::json_text {

/// Newlines met while skipping, for the reader's line count.
struct SkippedLines {
    std::size_t count = 0;
    const char* last = nullptr;  // the last one met
};

/// Deepest nesting skip_container() follows; a deeper container is left to the state machine.
constexpr std::size_t kMaxSkipDepth = 64;

/// `p` points at '[' or '{'. The byte after the matching close when the whole container lies
/// in [p, end) and is valid plain JSON (RFC 8259 numbers, true, false, null, strings whose
/// escapes are not surrogate pairs); else null, with `lines` then meaningless.
const char* skip_container(const char* p, const char* end, SkippedLines& lines);

}  // namespace ctq::json_text
