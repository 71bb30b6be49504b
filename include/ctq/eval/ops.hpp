// jq's ordering, equality and arithmetic on Values.
#pragma once

#include <cstddef>
#include <string>

#include "ctq/lang/ast.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// How deep values may nest for comparison, merging, containment and paths
/// (jq 1.8 uses its parser's limit for all of them).
constexpr std::size_t kMaxValueDepth = 10000;

/// Bounds on what filters may build, so `[range(1e9)]` or `"x" * 1e10` end in
/// a clear error rather than the out-of-memory killer.
constexpr std::size_t kMaxArrayLength = 50'000'000;
constexpr std::size_t kMaxStringBytes = std::size_t{1} << 30;

/// Throw "Array too large" / "String too long" when a value being built would pass those bounds.
void check_array_length(std::size_t length);
void check_string_length(std::size_t bytes);

/// jq's total order: null < false < true < numbers < strings < arrays < objects;
/// strings by bytes, arrays element-wise, objects by sorted keys then values.
/// Returns <0, 0 or >0. Iterative, so deep values cannot overflow the stack.
int compare(const Value& a, const Value& b);

inline bool equal(const Value& a, const Value& b) {
    return compare(a, b) == 0;
}

/// Applies an arithmetic or comparison operator with jq's type rules;
/// throws JqError with jq's message ("number (1) and string ("a") cannot be added").
Value binary_op(BinOp op, const Value& lhs, const Value& rhs);

Value negate(const Value& v);

/// `a + b` that appends to a's array, object or string in place when `a` is the payload's
/// only owner (the state of a reduce), and copies otherwise.
Value add_into(Value a, const Value& b);

/// Short preview of a value for error messages, truncated as jq 1.8.2 does.
std::string error_preview(const Value& v);

/// `kind (preview)`, e.g. `number (1)`, the way jq names a value in errors.
std::string describe_value(const Value& v);

/// Object keys sorted by byte order (jq's `keys`, `-S`).
std::vector<std::string_view> sorted_keys(const Object& object);

}  // namespace ctq
