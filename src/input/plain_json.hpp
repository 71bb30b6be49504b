// Walking plain JSON at byte speed, beside the reader's state machine. Private to src/input.
//
// The reader takes JSON token by token, as jq does, so that every error reads as jq's, and
// builds values. Two common jobs need neither: a container the filter cannot see only has to
// be valid (skip_container), and a record that `ctq .` prints only has to be printed
// (echo_value). Most such text is plain JSON, and one tight loop does either job for it. Both
// answer only when they are sure of the state machine's and the writer's result: anything else
// (a cut-off end, a rare escape, `nan`, a repeated key, an error) gets null, and the reader
// reads the text token by token as before.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/output/json_writer.hpp"

namespace ctq::json_text {

/// Newlines met in the text walked, for the reader's line count.
struct SkippedLines {
    std::size_t count = 0;
    const char* last = nullptr;  // the last one met
};

/// Deepest nesting followed; a deeper container is left to the state machine.
constexpr std::size_t kMaxSkipDepth = 64;

/// `p` points at '[' or '{'. The byte after the matching close when the whole container lies
/// in [p, end) and is valid plain JSON (RFC 8259 numbers, true, false, null, strings whose
/// escapes are not surrogate pairs); else null, with `lines` then meaningless.
const char* skip_container(const char* p, const char* end, SkippedLines& lines);

/// `p` is just past a comma between the members of an object whose fields the reader has all
/// found (their keys are `named`). Where the object's '}' is, when the rest of it lies in
/// [p, end), is plain JSON as skip_container() takes it, and gives none of the named keys
/// again (nor a key with an escape, which might be one); else null.
const char* skip_rest_of_object(const char* p, const char* end,
                                const std::vector<std::string_view>& named, SkippedLines& lines);

/// Whether echo_value() can print in this style: not in colour, ASCII-only or sorted keys.
bool can_echo(const WriterOptions& style);

/// `p` points at '[' or '{'. Appends to `out` what write_json(out, value, style) appends for
/// the value the reader would make of the container, and returns the byte after it, when the
/// container lies whole in [p, end) and is plain enough to be sure of: as skip_container()
/// takes it, with strings of any escapes but keys without, and no object giving a key twice.
/// Else null, with `out` and `lines` then meaningless. `style` must pass can_echo().
const char* echo_value(const char* p, const char* end, const WriterOptions& style, std::string& out,
                       SkippedLines& lines);

}  // namespace ctq::json_text
