// Core builtins on values and collections: length, keys, has, sort, paths, conversions.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <numeric>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/eval/paths.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"
#include "sort_order.hpp"
#include "value/utf8.hpp"

namespace ctq {

std::string to_string_value(const Value& v) {
    return v.is_string() ? std::string(v.as_string()) : to_json(v);
}

namespace {

[[noreturn]] void fail(const Value& v, const std::string& what) {
    throw JqError(describe_value(v) + " " + what);
}

const Array& require_array(const Value& v, const char* what) {
    if (!v.is_array())
        fail(v, what);
    return v.as_array();
}

Value length(const Value& in, const Value*) {
    switch (in.kind()) {
        case Kind::Null: return Value::number(0);
        case Kind::Number: return Value::number(std::fabs(in.as_number()));
        case Kind::String: return Value::number(static_cast<double>(utf8_length(in.as_string())));
        case Kind::Array: return Value::number(static_cast<double>(in.as_array().size()));
        case Kind::Object: return Value::number(static_cast<double>(in.as_object().size()));
        default: fail(in, "has no length");
    }
}

Value utf8bytelength(const Value& in, const Value*) {
    if (!in.is_string())
        fail(in, "only strings have UTF-8 byte length");
    return Value::number(static_cast<double>(in.as_string().size()));
}

Value not_(const Value& in, const Value*) {
    return Value::boolean(!in.truthy());
}

Value type(const Value& in, const Value*) {
    return Value::string(std::string(kind_name(in.kind())));
}

Value keys_of(const Value& in, bool sorted) {
    Array out;
    if (in.is_object()) {
        std::vector<const Key*> keys;
        keys.reserve(in.as_object().size());
        for (const auto& entry : in.as_object()) keys.push_back(&entry.first);
        if (sorted) {
            std::sort(keys.begin(), keys.end(),
                      [](const Key* a, const Key* b) { return a->str() < b->str(); });
        }
        for (const Key* key : keys) out.push_back(key->value());  // shares the key's text
    } else if (in.is_array()) {
        for (std::size_t i = 0; i < in.as_array().size(); ++i) {
            out.push_back(Value::number(static_cast<double>(i)));
        }
    } else {
        fail(in, "has no keys");
    }
    return Value::array(std::move(out));
}

Value keys(const Value& in, const Value*) {
    return keys_of(in, true);
}
Value keys_unsorted(const Value& in, const Value*) {
    return keys_of(in, false);
}

Value has(const Value& in, const Value* args) {
    const Value& key = args[0];
    if (in.is_object() && key.is_string())
        return Value::boolean(in.as_object().contains(key.as_string()));
    if (in.is_array() && key.is_number()) {
        const double i = key.as_number();
        return Value::boolean(i >= 0 && i < static_cast<double>(in.as_array().size()));
    }
    throw JqError("Cannot check whether " + std::string(kind_name(in.kind())) + " has a " +
                  std::string(kind_name(key.kind())) + " key");
}

bool contains_value(const Value& a, const Value& b, std::size_t depth = 0) {
    if (depth > kMaxValueDepth)
        throw JqError("Containment check too deep");
    if (a.is_object() && b.is_object()) {
        for (const auto& [key, value] : b.as_object()) {
            const Value* mine = a.as_object().find(key);
            if (!mine || !contains_value(*mine, value, depth + 1))
                return false;
        }
        return true;
    }
    if (a.is_array() && b.is_array()) {
        for (const Value& needle : b.as_array()) {
            const auto& hay = a.as_array();
            if (std::none_of(hay.begin(), hay.end(), [&](const Value& x) {
                    return contains_value(x, needle, depth + 1);
                })) {
                return false;
            }
        }
        return true;
    }
    if (a.is_string() && b.is_string())
        return a.as_string().find(b.as_string()) != std::string::npos;
    // Inside containers, values of different kinds simply don't contain each other.
    return a.kind() == b.kind() && equal(a, b);
}

Value contains(const Value& in, const Value* args) {
    if (in.kind() != args[0].kind()) {
        throw JqError(describe_value(in) + " and " + describe_value(args[0]) +
                      " cannot have their containment checked");
    }
    return Value::boolean(contains_value(in, args[0]));
}

Value add(const Value& in, const Value*) {
    Value acc;
    // The sum is only held here, so strings and arrays grow in place: linear, not quadratic.
    auto step = [&acc](const Value& x) { acc = add_into(std::move(acc), x); };
    if (in.is_array()) {
        for (const Value& x : in.as_array()) step(x);
    } else if (in.is_object()) {
        for (const auto& entry : in.as_object()) step(entry.second);
    } else if (!in.is_null()) {
        throw JqError("Cannot iterate over " + describe_value(in));
    }
    return acc;
}

Value tostring(const Value& in, const Value*) {
    return in.is_string() ? in : Value::string(to_json(in));
}

// The whole string must be a decimal number: optional leading blanks (jq 1.7.1
// allows them), a sign, digits with an optional fraction, an optional exponent.
bool is_number_text(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        ++i;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0)
        return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        std::size_t exponent_digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exponent_digits;
        if (exponent_digits == 0)
            return false;
    }
    return i == s.size();
}

Value tonumber(const Value& in, const Value*) {
    if (in.is_number())
        return in;
    if (in.is_string() && is_number_text(in.as_string())) {
        return Value::number(std::strtod(in.as_string().data(), nullptr));
    }
    fail(in, "cannot be parsed as a number");
}

Value tojson(const Value& in, const Value*) {
    return Value::string(to_json(in));
}

Value fromjson(const Value& in, const Value*) {
    if (!in.is_string())
        fail(in, "only strings can be parsed");
    try {
        return parse_json(in.as_string());
    } catch (const JsonParseError& error) {
        throw JqError(std::string(error.what()) + " (while parsing '" +
                      std::string(in.as_string()) + "')");
    }
}

Value sort(const Value& in, const Value*) {
    Array items = require_array(in, "cannot be sorted, as it is not an array");
    std::stable_sort(items.begin(), items.end(),
                     [](const Value& a, const Value& b) { return compare(a, b) < 0; });
    return Value::array(std::move(items));
}

// The `_by` natives get the input array and, as argument, `map([f])`.
Value sort_by_impl(const Value& in, const Value* args) {
    const Array& items = require_array(in, "cannot be sorted, as it is not an array");
    const Array& keys = require_array(args[0], "cannot be sorted, as it is not an array");
    Array out;
    for (std::size_t i : sorted_order(keys)) out.push_back(items[i]);
    return Value::array(std::move(out));
}

Value group_by_impl(const Value& in, const Value* args) {
    const Array& items = require_array(in, "cannot be grouped, as it is not an array");
    const Array& keys = args[0].as_array();
    Array groups;
    Array current;
    const Value* current_key = nullptr;
    for (std::size_t i : sorted_order(keys)) {
        if (current_key && !equal(*current_key, keys[i])) {
            groups.push_back(Value::array(std::move(current)));
            current.clear();
        }
        current_key = &keys[i];
        current.push_back(items[i]);
    }
    if (current_key)
        groups.push_back(Value::array(std::move(current)));
    return Value::array(std::move(groups));
}

Value unique_by_impl(const Value& in, const Value* args) {
    const Array& items = require_array(in, "cannot be grouped, as it is not an array");
    const Array& keys = args[0].as_array();
    Array out;
    const Value* last_key = nullptr;
    for (std::size_t i : sorted_order(keys)) {
        if (!last_key || !equal(*last_key, keys[i]))
            out.push_back(items[i]);
        last_key = &keys[i];
    }
    return Value::array(std::move(out));
}

// jq's min keeps the first of equal minima, max the last of equal maxima.
Value extreme_by(const Value& in, const Value& keys_value, bool want_max) {
    const Array& items = require_array(in, "cannot be iterated over");
    const Array& keys = keys_value.as_array();
    if (items.empty())
        return Value::null();
    std::size_t best = 0;
    for (std::size_t i = 1; i < items.size(); ++i) {
        const int c = compare(keys[i], keys[best]);
        if (want_max ? c >= 0 : c < 0)
            best = i;
    }
    return items[best];
}

Value min_by_impl(const Value& in, const Value* args) {
    return extreme_by(in, args[0], false);
}
Value max_by_impl(const Value& in, const Value* args) {
    return extreme_by(in, args[0], true);
}
// `sort_by(f)` and its kin on an array: the keys are f's outputs on each element, as
// `map([f])` makes them, handed to the `_impl` native. When every key is one string the keys
// stay bare strings, which order alike: `group_by(.eventName)` over a million records would
// otherwise hold a million one-element arrays, a hundred bytes each.
bool by_keys(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
             Sink out, ValueFn impl) {
    const Array& items = input.as_array();  // the prelude calls these on arrays only
    Array keys;
    keys.reserve(items.size());
    bool bare = true;
    for (const Value& item : items) {
        Array outputs;
        interp.eval(*call.args[0], item, env, [&](const Value& v) {
            outputs.push_back(v);
            return true;
        });
        if (bare && outputs.size() == 1 && outputs[0].is_string()) {
            keys.push_back(std::move(outputs[0]));
            continue;
        }
        if (bare) {
            for (Value& key : keys) key = Value::array(Array{key});
            bare = false;
        }
        keys.push_back(Value::array(std::move(outputs)));
    }
    const Value key_array = Value::array(std::move(keys));
    return out(impl(input, &key_array));
}

template <ValueFn impl>
bool keyed(Interpreter& interp, const Node::Call& call, const Value& input, const EnvPtr& env,
           Sink out) {
    return by_keys(interp, call, input, env, out, impl);
}

Value min(const Value& in, const Value*) {
    return extreme_by(in, in, false);
}
Value max(const Value& in, const Value*) {
    return extreme_by(in, in, true);
}

Value unique(const Value& in, const Value*) {
    const Value sorted = sort(in, nullptr);
    Array out;
    for (const Value& x : sorted.as_array()) {
        if (out.empty() || !equal(out.back(), x))
            out.push_back(x);
    }
    return Value::array(std::move(out));
}

Value setpath(const Value& in, const Value* args) {
    return set_path(in, args[0], args[1]);
}
Value delpaths(const Value& in, const Value* args) {
    return delete_paths(in, args[0]);
}

Value infinite(const Value&, const Value*) {
    return Value::number(HUGE_VAL);
}
Value nan(const Value&, const Value*) {
    return Value::number(std::nan(""));
}

double require_number(const Value& v, const char* what) {
    if (!v.is_number())
        fail(v, what);
    return v.as_number();
}

Value isinfinite(const Value& in, const Value*) {
    return Value::boolean(std::isinf(require_number(in, "number required")));
}
Value isnan(const Value& in, const Value*) {
    return Value::boolean(std::isnan(require_number(in, "number required")));
}
Value isnormal(const Value& in, const Value*) {
    return Value::boolean(std::isnormal(require_number(in, "number required")));
}

Value toarray(const Value& in, const Value*) {
    return in.is_array() ? in : Value::array(Array{in});
}

Value flatten_depth(const Value& in, const Value* args) {
    const double depth = require_number(args[0], "flatten depth must not be negative");
    if (depth < 0)
        throw JqError("flatten depth must not be negative");
    const Array& items = require_array(in, "cannot be flattened");
    Array out;
    std::function<void(const Array&, double)> walk = [&](const Array& xs, double d) {
        for (const Value& x : xs) {
            if (x.is_array() && d > 0) {
                walk(x.as_array(), d - 1);
            } else {
                out.push_back(x);
            }
        }
    };
    walk(items, depth);
    return Value::array(std::move(out));
}

Value reverse(const Value& in, const Value*) {
    if (in.is_null())
        return Value::array({});
    if (in.is_string()) {
        const std::string_view s = in.as_string();
        std::vector<std::string_view> chars;
        for (std::size_t pos = 0; pos < s.size();) {
            const std::size_t n = utf8_sequence_length(s, pos);
            chars.push_back(s.substr(pos, n));
            pos += n;
        }
        std::string out;
        for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
        return Value::string(std::move(out));
    }
    Array items = require_array(in, "cannot be reversed, as it is not an array");
    std::reverse(items.begin(), items.end());
    return Value::array(std::move(items));
}

// jq 1.8: numbers are made non-negative, anything else passes through.
Value abs(const Value& in, const Value*) {
    if (in.is_number() && in.as_number() < 0)
        return Value::number(-in.as_number());
    if (!in.is_number() && !in.is_string() && !in.is_null())
        fail(in, "has no absolute value");
    return in;
}

Value toboolean(const Value& in, const Value*) {
    if (in.is_bool())
        return in;
    if (in.is_string() && (in.as_string() == "true" || in.as_string() == "false")) {
        return Value::boolean(in.as_string() == "true");
    }
    fail(in, "cannot be parsed as a boolean");
}

// Index of `target` in a sorted array, or (-1 - insertion point) when absent.
Value bsearch(const Value& in, const Value* args) {
    if (!in.is_array())
        fail(in, "cannot be searched from");
    const Array& items = in.as_array();
    std::size_t low = 0;
    std::size_t high = items.size();
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        const int c = compare(items[mid], args[0]);
        if (c == 0)
            return Value::number(static_cast<double>(mid));
        if (c < 0) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return Value::number(-1.0 - static_cast<double>(low));
}

Value have_decnum(const Value&, const Value*) {
    return Value::boolean(false);
}
Value have_literal_numbers(const Value&, const Value*) {
    return Value::boolean(true);
}

const Builtin kCore[] = {
    {"length", 0, length},
    {"utf8bytelength", 0, utf8bytelength},
    {"not", 0, not_},
    {"type", 0, type},
    {"keys", 0, keys},
    {"keys_unsorted", 0, keys_unsorted},
    {"has", 1, has},
    {"contains", 1, contains},
    {"add", 0, add},
    {"tostring", 0, tostring},
    {"tonumber", 0, tonumber},
    {"tojson", 0, tojson},
    {"fromjson", 0, fromjson},
    {"sort", 0, sort},
    {"_sort_by_impl", 1, sort_by_impl},
    {"_group_by_impl", 1, group_by_impl},
    {"_unique_by_impl", 1, unique_by_impl},
    {"_min_by_impl", 1, min_by_impl},
    {"_max_by_impl", 1, max_by_impl},
    {"_sort_by", 1, nullptr, keyed<sort_by_impl>},
    {"_group_by", 1, nullptr, keyed<group_by_impl>},
    {"_unique_by", 1, nullptr, keyed<unique_by_impl>},
    {"_min_by", 1, nullptr, keyed<min_by_impl>},
    {"_max_by", 1, nullptr, keyed<max_by_impl>},
    {"min", 0, min},
    {"max", 0, max},
    {"unique", 0, unique},
    {"reverse", 0, reverse},
    {"setpath", 2, setpath},
    {"delpaths", 1, delpaths},
    {"infinite", 0, infinite},
    {"nan", 0, nan},
    {"isinfinite", 0, isinfinite},
    {"isnan", 0, isnan},
    {"isnormal", 0, isnormal},
    {"toarray", 0, toarray},
    {"_flatten", 1, flatten_depth},
    {"abs", 0, abs},
    {"toboolean", 0, toboolean},
    {"bsearch", 1, bsearch},
    {"have_decnum", 0, have_decnum},
    {"have_literal_numbers", 0, have_literal_numbers},
};

}  // namespace

void register_core_builtins(Registry& registry) {
    registry.add(kCore);
}

}  // namespace ctq
