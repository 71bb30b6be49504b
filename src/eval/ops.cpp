// jq's ordering, equality and arithmetic.
#include "ctq/eval/ops.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/eval/memory_budget.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq {

namespace {

// jq orders NaN below every number, itself included (so `nan < nan` is true).
int compare_numbers(double a, double b) {
    if (std::isnan(a))
        return -1;
    if (std::isnan(b))
        return 1;
    if (a < b)
        return -1;
    if (a > b)
        return 1;
    return 0;
}

int compare_strings(std::string_view a, std::string_view b) {
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// One pending comparison of two containers, resumed element by element.
struct CompareFrame {
    const Value* a;
    const Value* b;
    std::vector<std::string_view> keys_a;  // objects: sorted keys
    std::vector<std::string_view> keys_b;
    std::size_t next = 0;
    bool keys_done = false;  // objects: keys compared equal, now values
};

// Compares scalars, or containers' shallow shape; returns 2 when the caller
// must descend into the elements.
int compare_shallow(const Value& a, const Value& b) {
    if (a.kind() != b.kind())
        return a.kind() < b.kind() ? -1 : 1;
    switch (a.kind()) {
        case Kind::Number: return compare_numbers(a.as_number(), b.as_number());
        case Kind::String: return compare_strings(a.as_string(), b.as_string());
        case Kind::Array:
        case Kind::Object:
            if (a.payload_id() == b.payload_id())
                return 0;
            return 2;
        default: return 0;
    }
}

}  // namespace

std::vector<std::string_view> sorted_keys(const Object& object) {
    std::vector<std::string_view> keys = object.keys();
    std::sort(keys.begin(), keys.end());
    return keys;
}

int compare(const Value& a, const Value& b) {
    const int top = compare_shallow(a, b);
    if (top != 2)
        return top;
    if (a.is_array()) {
        // Arrays of scalars (sort_by's `[key]`s) need no stack; a nested container does.
        const Array& xs = a.as_array();
        const Array& ys = b.as_array();
        std::size_t i = 0;
        int c = 0;
        for (; i < xs.size() && i < ys.size() && (c = compare_shallow(xs[i], ys[i])) == 0; ++i) {
        }
        if (c != 2) {
            if (c != 0)
                return c;
            return xs.size() == ys.size() ? 0 : (xs.size() < ys.size() ? -1 : 1);
        }
    }
    std::vector<CompareFrame> stack;
    auto push = [&stack](const Value& x, const Value& y) {
        CompareFrame frame{&x, &y, {}, {}, 0, false};
        if (x.is_object()) {
            frame.keys_a = sorted_keys(x.as_object());
            frame.keys_b = sorted_keys(y.as_object());
        }
        stack.push_back(std::move(frame));
    };
    push(a, b);
    while (!stack.empty()) {
        CompareFrame& frame = stack.back();
        const Value* child_a = nullptr;
        const Value* child_b = nullptr;
        if (frame.a->is_array()) {
            const Array& xs = frame.a->as_array();
            const Array& ys = frame.b->as_array();
            if (frame.next >= xs.size() || frame.next >= ys.size()) {
                if (xs.size() != ys.size())
                    return xs.size() < ys.size() ? -1 : 1;
                stack.pop_back();
                continue;
            }
            child_a = &xs[frame.next];
            child_b = &ys[frame.next];
            ++frame.next;
        } else {
            // jq compares objects by their sorted key lists first, then values key by key.
            if (!frame.keys_done) {
                const auto& ka = frame.keys_a;
                const auto& kb = frame.keys_b;
                for (std::size_t i = 0; i < ka.size() && i < kb.size(); ++i) {
                    if (ka[i] != kb[i])
                        return ka[i] < kb[i] ? -1 : 1;
                }
                if (ka.size() != kb.size())
                    return ka.size() < kb.size() ? -1 : 1;
                frame.keys_done = true;
            }
            if (frame.next >= frame.keys_a.size()) {
                stack.pop_back();
                continue;
            }
            const std::string_view key = frame.keys_a[frame.next++];
            child_a = frame.a->as_object().find(key);
            child_b = frame.b->as_object().find(key);
        }
        const int c = compare_shallow(*child_a, *child_b);
        if (c == 2) {
            // jq 1.8 refuses to compare values nested deeper than its parser accepts.
            if (stack.size() >= kMaxValueDepth)
                throw JqError("Comparison too deep");
            push(*child_a, *child_b);
        } else if (c != 0) {
            return c;
        }
    }
    return 0;
}

std::string error_preview(const Value& v) {
    std::string text = to_json(v);
    constexpr std::size_t kMaxLength = 29;
    if (text.size() <= kMaxLength)
        return text;
    // jq 1.8.2 shortens a long dump to 29 bytes ending in "...", never splitting a UTF-8
    // sequence; a string, array or object keeps its closing quote or bracket after the dots.
    char closing = v.is_string() ? '"' : v.is_array() ? ']' : v.is_object() ? '}' : '\0';
    std::size_t cut = closing ? kMaxLength - 4 : kMaxLength - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += "...";
    if (closing)
        text += closing;
    return text;
}

std::string describe_value(const Value& v) {
    return fmt::format("{} ({})", kind_name(v.kind()), error_preview(v));
}

namespace {

[[noreturn]] void type_error2(const Value& a, const Value& b, const char* what) {
    throw JqError(fmt::format("{} and {} {}", describe_value(a), describe_value(b), what));
}

Value deep_merge(const Value& a, const Value& b, std::size_t depth);

Value add(const Value& a, const Value& b) {
    if (a.is_null())
        return b;
    if (b.is_null())
        return a;
    if (a.kind() != b.kind())
        type_error2(a, b, "cannot be added");
    switch (a.kind()) {
        case Kind::Number: return Value::number(a.as_number() + b.as_number());
        case Kind::String: {
            const std::size_t length = a.as_string().size() + b.as_string().size();
            check_string_length(length);
            memory::check_large(length);
            std::string joined;
            joined.reserve(length);
            joined.append(a.as_string()).append(b.as_string());
            return Value::string(std::move(joined));
        }
        case Kind::Array: {
            const std::size_t length = a.as_array().size() + b.as_array().size();
            check_array_length(length);
            memory::check_large(length * sizeof(Value));
            Array items;
            items.reserve(length);
            items = a.as_array();
            items.insert(items.end(), b.as_array().begin(), b.as_array().end());
            return Value::array(std::move(items));
        }
        case Kind::Object: {
            Object merged = a.as_object();
            for (const auto& [key, value] : b.as_object()) merged.set(key, value);
            return Value::object(std::move(merged));
        }
        default: type_error2(a, b, "cannot be added");
    }
}

Value subtract(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number())
        return Value::number(a.as_number() - b.as_number());
    if (a.is_array() && b.is_array()) {
        Array kept;
        for (const Value& item : a.as_array()) {
            const auto& remove = b.as_array();
            const bool found = std::any_of(remove.begin(), remove.end(),
                                           [&](const Value& r) { return equal(item, r); });
            if (!found)
                kept.push_back(item);
        }
        return Value::array(std::move(kept));
    }
    type_error2(a, b, "cannot be subtracted");
}

Value repeat_string(const Value& str, const Value& count) {
    const double n = count.as_number();
    if (n < 0 || std::isnan(n))
        return Value::null();
    const std::string_view s = str.as_string();
    if (s.empty())
        return str;
    const double times = std::floor(n);
    if (times * static_cast<double>(s.size()) > static_cast<double>(kMaxStringBytes)) {
        throw JqError("Repeat string result too long");
    }
    memory::check_large(s.size() * static_cast<std::size_t>(times));
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(times));
    for (std::size_t i = 0; i < static_cast<std::size_t>(times); ++i) out += s;
    return Value::string(std::move(out));
}

Value deep_merge(const Value& a, const Value& b, std::size_t depth = 0) {
    if (depth > kMaxValueDepth)
        throw JqError("Object merge too deep");
    Object merged = a.as_object();
    for (const auto& [key, value] : b.as_object()) {
        const Value* existing = merged.find(key);
        if (existing && existing->is_object() && value.is_object()) {
            merged.set(key, deep_merge(*existing, value, depth + 1));
        } else {
            merged.set(key, value);
        }
    }
    return Value::object(std::move(merged));
}

Value multiply(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number())
        return Value::number(a.as_number() * b.as_number());
    if (a.is_string() && b.is_number())
        return repeat_string(a, b);
    if (a.is_number() && b.is_string())
        return repeat_string(b, a);
    if (a.is_object() && b.is_object())
        return deep_merge(a, b);
    type_error2(a, b, "cannot be multiplied");
}

Value split_string(std::string_view s, std::string_view sep) {
    Array parts;
    if (s.empty())
        return Value::array(std::move(parts));
    if (sep.empty()) {
        // An empty separator splits into code points.
        std::size_t pos = 0;
        while (pos < s.size()) {
            std::size_t len = 1;
            const auto lead = static_cast<unsigned char>(s[pos]);
            if (lead >= 0xF0)
                len = 4;
            else if (lead >= 0xE0)
                len = 3;
            else if (lead >= 0xC0)
                len = 2;
            parts.push_back(Value::string(s.substr(pos, len)));
            pos += len;
        }
        return Value::array(std::move(parts));
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t found = s.find(sep, start);
        if (found == std::string::npos) {
            parts.push_back(Value::string(s.substr(start)));
            break;
        }
        parts.push_back(Value::string(s.substr(start, found - start)));
        start = found + sep.size();
    }
    return Value::array(std::move(parts));
}

Value divide(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if (b.as_number() == 0)
            type_error2(a, b, "cannot be divided because the divisor is zero");
        return Value::number(a.as_number() / b.as_number());
    }
    if (a.is_string() && b.is_string())
        return split_string(a.as_string(), b.as_string());
    type_error2(a, b, "cannot be divided");
}

// jq truncates both operands to integers, saturating at the intmax range.
std::intmax_t to_intmax(double d) {
    if (d >= static_cast<double>(std::numeric_limits<std::intmax_t>::max())) {
        return std::numeric_limits<std::intmax_t>::max();
    }
    if (d <= static_cast<double>(std::numeric_limits<std::intmax_t>::min())) {
        return std::numeric_limits<std::intmax_t>::min();
    }
    return static_cast<std::intmax_t>(d);
}

Value modulo(const Value& a, const Value& b) {
    if (!a.is_number() || !b.is_number())
        type_error2(a, b, "cannot be divided");
    const double x = a.as_number();
    const double y = b.as_number();
    if (std::isnan(x) || std::isnan(y))
        return Value::number(std::nan(""));
    const std::intmax_t divisor = to_intmax(y);
    if (divisor == 0)
        type_error2(a, b, "cannot be divided (remainder) because the divisor is zero");
    if (divisor == -1)
        return Value::number(0);  // avoids INTMAX_MIN % -1 overflow
    return Value::number(static_cast<double>(to_intmax(x) % divisor));
}

}  // namespace

void check_array_length(std::size_t length) {
    if (length > kMaxArrayLength) {
        throw JqError(fmt::format("Array too large: more than {} elements", kMaxArrayLength));
    }
}

void check_string_length(std::size_t bytes) {
    if (bytes > kMaxStringBytes)
        throw JqError(fmt::format("String too long: more than {} bytes", kMaxStringBytes));
}

Value add_into(Value a, const Value& b) {
    if (a.kind() != b.kind())
        return add(a, b);  // null on either side, or the type error
    if (Array* items = a.unique_array()) {
        const std::size_t length = items->size() + b.as_array().size();
        check_array_length(length);
        if (length > items->capacity())
            memory::check_large(2 * length * sizeof(Value));
        // `b` may be `a` itself (`. + .`), which is then not unique: no aliasing here.
        items->insert(items->end(), b.as_array().begin(), b.as_array().end());
        return a;
    }
    if (Object* fields = a.unique_object()) {
        for (const auto& [key, value] : b.as_object()) fields->set(key, value);
        return a;
    }
    if (a.appendable_string()) {
        const std::size_t length = a.as_string().size() + b.as_string().size();
        check_string_length(length);
        if (length > a.string_capacity())
            memory::check_large(2 * length);
        a.append_string(b.as_string());
        return a;
    }
    return add(a, b);
}

Value binary_op(BinOp op, const Value& lhs, const Value& rhs) {
    switch (op) {
        case BinOp::Add: return add(lhs, rhs);
        case BinOp::Sub: return subtract(lhs, rhs);
        case BinOp::Mul: return multiply(lhs, rhs);
        case BinOp::Div: return divide(lhs, rhs);
        case BinOp::Mod: return modulo(lhs, rhs);
        case BinOp::Eq:
        case BinOp::Ne: {
            int c = 0;
            try {
                c = compare(lhs, rhs);
            } catch (const JqError&) {
                throw JqError("Equality check too deep");
            }
            return Value::boolean(op == BinOp::Eq ? c == 0 : c != 0);
        }
        case BinOp::Lt: return Value::boolean(compare(lhs, rhs) < 0);
        case BinOp::Le: return Value::boolean(compare(lhs, rhs) <= 0);
        case BinOp::Gt: return Value::boolean(compare(lhs, rhs) > 0);
        case BinOp::Ge: return Value::boolean(compare(lhs, rhs) >= 0);
    }
    return Value::null();
}

Value negate(const Value& v) {
    if (!v.is_number())
        throw JqError(fmt::format("{} cannot be negated", describe_value(v)));
    return Value::number(-v.as_number());
}

}  // namespace ctq
