// Writing Values as JSON text exactly as jq 1.7.1 prints them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "ctq/value/value.hpp"

namespace ctq {

/// jq's colour palette: one SGR sequence (without ESC[ and m) per kind plus
/// object keys, in JQ_COLORS order: null:false:true:numbers:strings:arrays:objects:objkeys.
/// Defaults are jq 1.7.1's (null 0;90 and keys 1;34 since 1.7.1; 1.6 had 1;30 and 34;1).
struct Palette {
    std::string null_color = "0;90";
    std::string false_color = "0;39";
    std::string true_color = "0;39";
    std::string number_color = "0;39";
    std::string string_color = "0;32";
    std::string array_color = "1;39";
    std::string object_color = "1;39";
    std::string key_color = "1;34";

    /// Applies a JQ_COLORS value over the defaults; false if it is malformed
    /// (jq then warns and keeps the defaults), in which case *this is unchanged.
    bool apply_jq_colors(const std::string& spec);
};

struct WriterOptions {
    int indent = 2;          // spaces per level; 0 means compact (-c)
    bool tab = false;        // --tab: one tab per level
    bool sort_keys = false;  // -S
    bool ascii = false;      // -a: escape everything outside ASCII as \uXXXX
    bool color = false;      // -C
    Palette palette;
    /// The depth the value sits at in an enclosing document printed piece by piece (see
    /// document_writer.hpp): its indentation and jq's print-depth limit count from there.
    std::size_t base_depth = 0;
};

/// Appends the JSON text of `value` to `out` (no trailing newline).
/// Never recurses on the native stack, so any depth prints safely.
void write_json(std::string& out, const Value& value, const WriterOptions& options);

/// The same, calling `drain` whenever `out` has grown past a buffer's worth, so the caller
/// can write it out and clear it: printing a big document never holds all its text.
void write_json(std::string& out, const Value& value, const WriterOptions& options,
                const std::function<void()>& drain);

/// Compact JSON text of `value`, as `tojson` and error messages produce it.
std::string to_json(const Value& value);

/// jq's formatting of a double: shortest round-trip digits, integers without
/// ".0", exponent form "1e+17" / "1e-05" as jq's dtoa prints it, infinities
/// clamped to +-1.7976931348623157e+308, NaN as null.
std::string format_number(double d);

/// A JSON string literal with jq's escaping (ascii: \uXXXX beyond 0x7f).
void write_json_string(std::string& out, std::string_view s, bool ascii);

/// A field as @tsv writes it: backslash, tab, newline and carriage return escaped, so a
/// value never breaks a line or a column.
void write_tsv_field(std::string& out, std::string_view s);

}  // namespace ctq
