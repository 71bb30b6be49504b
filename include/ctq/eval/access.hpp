// Reading inside values: `.[k]`, `.[a:b]`, `.[]`, with jq's rules and error messages.
#pragma once

#include <cstddef>
#include <string_view>

#include "ctq/value/value.hpp"

namespace ctq {

/// `.[key]`: object fields, array elements (negative from the end, fractional
/// truncated), `null` on null, array-of-indices for `.[[sub]]`, slices for
/// `{"start":a,"end":b}`. Throws JqError "Cannot index number with string (\"a\")".
Value index_value(const Value& target, const Value& key);

/// `.name` on objects and null; the fast path of index_value for literal names.
Value field_value(const Value& target, std::string_view name);

/// `.[from:to]` on arrays, strings (by code point) and null.
Value slice_value(const Value& target, const Value& from, const Value& to);

/// Resolves slice bounds against a length as jq does (negative from the end,
/// start floored, end ceiled, clamped). Throws for non-number bounds.
void slice_bounds(const Value& from, const Value& to, std::size_t length, std::size_t& start,
                  std::size_t& end);
}  // namespace ctq
