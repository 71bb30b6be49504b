// Reading inside values: indexing, slicing, and the errors jq gives for each misuse.
#include "ctq/eval/access.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"
#include "value/utf8.hpp"

namespace ctq {

namespace {

[[noreturn]] void cannot_index(const Value& target, const Value& key) {
    throw JqError("Cannot index " + std::string(kind_name(target.kind())) + " with " +
                  describe_value(key));
}

// Byte offset of the code point number `index` in a UTF-8 string.
std::size_t code_point_offset(std::string_view s, std::size_t index) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < index && pos < s.size(); ++i) pos += utf8_sequence_length(s, pos);
    return pos;
}

Value indices_of_subarray(const Array& haystack, const Array& needle) {
    Array found;
    if (needle.empty())
        return Value::null();
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        bool match = true;
        for (std::size_t j = 0; j < needle.size() && match; ++j) {
            match = equal(haystack[i + j], needle[j]);
        }
        if (match)
            found.push_back(Value::number(static_cast<double>(i)));
    }
    return Value::array(std::move(found));
}

}  // namespace

Value field_value(const Value& target, std::string_view name) {
    if (target.is_object())
        return target.field(name);
    if (target.is_null())
        return Value::null();
    cannot_index(target, Value::string(std::string(name)));
}

void slice_bounds(const Value& from, const Value& to, std::size_t length, std::size_t& start,
                  std::size_t& end) {
    if ((!from.is_null() && !from.is_number()) || (!to.is_null() && !to.is_number())) {
        throw JqError("Start and end indices of an array slice must be numbers");
    }
    const auto len = static_cast<double>(length);
    // A NaN bound counts as absent (jq 1.8: `.[nan:1]` is `.[:1]`).
    double a = from.is_null() || std::isnan(from.as_number()) ? 0 : from.as_number();
    double b = to.is_null() || std::isnan(to.as_number()) ? len : to.as_number();
    if (a < 0)
        a += len;
    if (b < 0)
        b += len;
    if (a < 0)
        a = 0;
    if (a > len)
        a = len;
    if (b > len)
        b = len;
    // The start rounds down and the end up, never before the start.
    start = static_cast<std::size_t>(a);
    const double rounded_end = std::ceil(b);
    end = rounded_end < static_cast<double>(start) ? start : static_cast<std::size_t>(rounded_end);
    if (end > length)
        end = length;
}

Value slice_value(const Value& target, const Value& from, const Value& to) {
    if (target.is_null())
        return Value::null();
    std::size_t start = 0;
    std::size_t end = 0;
    if (target.is_array()) {
        const Array& items = target.as_array();
        slice_bounds(from, to, items.size(), start, end);
        return Value::array(Array(items.begin() + static_cast<std::ptrdiff_t>(start),
                                  items.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    if (target.is_string()) {
        const std::string_view s = target.as_string();
        slice_bounds(from, to, utf8_length(s), start, end);
        const std::size_t begin_byte = code_point_offset(s, start);
        const std::size_t end_byte =
            begin_byte + code_point_offset(s.substr(begin_byte), end - start);
        return Value::string(s.substr(begin_byte, end_byte - begin_byte));
    }
    Object bounds;
    bounds.set("start", from);
    bounds.set("end", to);
    cannot_index(target, Value::object(std::move(bounds)));
}

Value index_value(const Value& target, const Value& key) {
    if (key.is_string() && (target.is_object() || target.is_null())) {
        return field_value(target, key.as_string());
    }
    if (key.is_number() && (target.is_array() || target.is_null())) {
        if (target.is_null())
            return Value::null();
        const double d = key.as_number();
        if (std::isnan(d))
            return Value::null();
        // Past ±9e18 no array reaches either way, and casting a bigger double is undefined.
        return target.at(static_cast<std::ptrdiff_t>(std::clamp(std::floor(d), -9e18, 9e18)));
    }
    if (key.is_object() && (target.is_array() || target.is_null() || target.is_string())) {
        const Value* start = key.as_object().find("start");
        const Value* end = key.as_object().find("end");
        if (start && end)
            return slice_value(target, *start, *end);
    }
    if (key.is_array() && target.is_array()) {
        return indices_of_subarray(target.as_array(), key.as_array());
    }
    if (target.is_null() && key.is_null())
        return Value::null();
    cannot_index(target, key);
}

}  // namespace ctq
