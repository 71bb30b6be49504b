// The sample's shape for completion: a tree of the keys met at each path, with their counts,
// and the short string values seen at each, kept in bounded memory.
#include <algorithm>

#include "ctq/explore/completion.hpp"

namespace ctq::explore {

namespace {

// Deeper than CloudTrail goes; stops a pathological document from costing a deep walk.
constexpr std::size_t kMaxDepth = 24;
// Values worth offering are short and repeated (event names, regions, error codes): long
// strings and the tail of a high-cardinality field (request ids) are not kept.
constexpr std::size_t kMaxValueLength = 120;
constexpr std::size_t kMaxValuesPerPath = 400;
constexpr std::size_t kMaxValuesOverall = 20000;

std::vector<Ranked> ranked(const std::unordered_map<std::string, std::uint64_t>& counts) {
    std::vector<Ranked> out;
    out.reserve(counts.size());
    for (const auto& [text, count] : counts) out.push_back({text, count});
    std::sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
        return a.count != b.count ? a.count > b.count : a.text < b.text;
    });
    return out;
}

void count_value(std::unordered_map<std::string, std::uint64_t>& values,
                 const std::string_view text, std::size_t limit) {
    if (text.size() > kMaxValueLength)
        return;
    std::string key(text);  // the map is looked up by std::string (no lookup by view in C++17)
    auto it = values.find(key);
    if (it != values.end()) {
        ++it->second;
    } else if (values.size() < limit) {
        values.emplace(std::move(key), 1);
    }
}

}  // namespace

struct KeyIndex::Node {
    std::unordered_map<std::string, std::uint64_t> key_counts;
    std::unordered_map<std::string, std::unique_ptr<Node>> fields;
    std::unique_ptr<Node> each;  // the elements of arrays here
    std::unordered_map<std::string, std::uint64_t> values;
};

KeyIndex::KeyIndex() : root_(std::make_unique<Node>()) {}
KeyIndex::~KeyIndex() = default;
KeyIndex::KeyIndex(KeyIndex&&) noexcept = default;
KeyIndex& KeyIndex::operator=(KeyIndex&&) noexcept = default;

void KeyIndex::add(const Value& value) {
    walk(value, *root_, 0);
}

void KeyIndex::walk(const Value& value, Node& node, std::size_t depth) {
    if (depth > kMaxDepth)
        return;
    if (value.is_string()) {
        count_value(node.values, value.as_string(), kMaxValuesPerPath);
        count_value(all_values_, value.as_string(), kMaxValuesOverall);
    } else if (value.is_object()) {
        for (const auto& [key, child] : value.as_object()) {
            const std::string name(key.str());
            ++node.key_counts[name];
            ++all_keys_[name];
            std::unique_ptr<Node>& slot = node.fields[name];
            if (!slot)
                slot = std::make_unique<Node>();
            walk(child, *slot, depth + 1);
        }
    } else if (value.is_array()) {
        if (!node.each)
            node.each = std::make_unique<Node>();
        for (const Value& element : value.as_array()) walk(element, *node.each, depth + 1);
    }
}

// Wrap steps are arrays made by the filter around what follows them: a later `[]` takes the
// wrapping off again, a key cannot go through one.
const KeyIndex::Node* KeyIndex::find(const Path& path) const {
    const Node* node = root_.get();
    std::size_t wraps = 0;
    for (const PathStep& step : path) {
        switch (step.kind) {
            case PathStep::Kind::Wrap: ++wraps; break;
            case PathStep::Kind::Each:
                if (wraps > 0) {
                    --wraps;
                } else {
                    node = node->each.get();
                }
                break;
            case PathStep::Kind::Key: {
                if (wraps > 0)
                    return nullptr;
                auto it = node->fields.find(step.key);
                node = it == node->fields.end() ? nullptr : it->second.get();
                break;
            }
        }
        if (!node)
            return nullptr;
    }
    return wraps == 0 ? node : nullptr;
}

std::vector<Ranked> KeyIndex::keys_at(const std::optional<Path>& path) const {
    if (!path)
        return ranked(all_keys_);
    const Node* node = find(*path);
    return node ? ranked(node->key_counts) : std::vector<Ranked>{};
}

std::vector<Ranked> KeyIndex::values_at(const std::optional<Path>& path) const {
    if (!path)
        return ranked(all_values_);
    const Node* node = find(*path);
    return node ? ranked(node->values) : std::vector<Ranked>{};
}

}  // namespace ctq::explore
