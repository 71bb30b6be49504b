// Sorting by key. `group_by(.eventName)` over a trail sorts a million one-string keys that take
// a few hundred distinct values, so keys that are all `[string]` (what `map([f])` gives for a
// string f) are ranked through their distinct values instead: one hash lookup per key, a sort
// of the distinct strings, and a counting sort that keeps equal keys in input order, exactly
// as the stable sort does. UTF-8 bytes compare in code point order, as jq compares strings.
#include "sort_order.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "ctq/eval/ops.hpp"

namespace ctq {

namespace {

// Each key's string, when every key is `[string]`, or every key a bare string (as the natives
// behind sort_by(f) and its kin make them).
std::optional<std::vector<std::string_view>> one_string_keys(const Array& keys) {
    std::vector<std::string_view> strings;
    strings.reserve(keys.size());
    const bool bare = !keys.empty() && keys[0].is_string();
    for (const Value& key : keys) {
        if (bare) {
            if (!key.is_string())
                return std::nullopt;
            strings.push_back(key.as_string());
            continue;
        }
        if (!key.is_array() || key.as_array().size() != 1 || !key.as_array()[0].is_string())
            return std::nullopt;
        strings.push_back(key.as_array()[0].as_string());
    }
    return strings;
}

std::vector<std::size_t> ranked_order(const std::vector<std::string_view>& strings) {
    std::unordered_map<std::string_view, std::size_t> ids;
    std::vector<std::string_view> distinct;
    std::vector<std::size_t> id_of(strings.size());
    for (std::size_t i = 0; i < strings.size(); ++i) {
        const auto [at, added] = ids.emplace(strings[i], distinct.size());
        if (added)
            distinct.push_back(strings[i]);
        id_of[i] = at->second;
    }
    std::vector<std::size_t> by_string(distinct.size());
    std::iota(by_string.begin(), by_string.end(), 0);
    std::sort(by_string.begin(), by_string.end(),
              [&](std::size_t a, std::size_t b) { return distinct[a] < distinct[b]; });
    // Where each distinct key's run starts in the output, then each position placed in turn.
    std::vector<std::size_t> count(distinct.size(), 0);
    for (std::size_t id : id_of) ++count[id];
    std::vector<std::size_t> next(distinct.size());
    std::size_t at = 0;
    for (std::size_t id : by_string) {
        next[id] = at;
        at += count[id];
    }
    std::vector<std::size_t> order(strings.size());
    for (std::size_t i = 0; i < strings.size(); ++i) order[next[id_of[i]]++] = i;
    return order;
}

}  // namespace

std::vector<std::size_t> sorted_order(const Array& keys) {
    if (const auto strings = one_string_keys(keys))
        return ranked_order(*strings);
    std::vector<std::size_t> order(keys.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return compare(keys[a], keys[b]) < 0; });
    return order;
}

}  // namespace ctq
