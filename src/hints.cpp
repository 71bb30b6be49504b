// Suggesting the field a mistyped `.name` probably meant.
#include "ctq/hints.hpp"

#include <algorithm>
#include <cctype>

namespace ctq {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// A case-insensitive twin wins; otherwise the nearest key within two edits
// (and clearly nearer than a different word).
std::string closest(const std::string& name, const std::vector<std::string>& keys) {
    const std::string folded = lower(name);
    for (const std::string& key : keys) {
        if (lower(key) == folded) return key;
    }
    std::string best;
    std::size_t best_distance = 3;
    for (const std::string& key : keys) {
        const std::size_t d = edit_distance(folded, lower(key));
        if (d < best_distance && d * 3 <= name.size()) {
            best = key;
            best_distance = d;
        }
    }
    return best;
}

bool is_identifier(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

std::string component(const std::string& name) {
    return is_identifier(name) ? "." + name : ".\"" + name + "\"";
}

}  // namespace

void HintCollector::record(const Node::Field& field, const Value& target, bool found) {
    auto [it, inserted] = fields_.try_emplace(&field);
    Stats& stats = it->second;
    if (inserted) stats.order = fields_.size();
    if (found) {
        stats.found = true;
        stats.keys.clear();
        return;
    }
    if (stats.found || !stats.keys.empty() || target.as_object().empty()) return;
    for (const auto& entry : target.as_object()) stats.keys.push_back(entry.first);
}

std::vector<std::string> HintCollector::hints() const {
    std::vector<std::pair<std::size_t, std::string>> ordered;
    for (const auto& [field, stats] : fields_) {
        if (stats.found || stats.keys.empty()) continue;
        const std::string path = field_path_text(*field);
        if (path.empty()) continue;
        const std::string suggestion = closest(field->name, stats.keys);
        if (suggestion.empty()) continue;
        std::string fixed = path.substr(0, path.size() - component(field->name).size()) +
                            component(suggestion);
        ordered.emplace_back(stats.order, path + " matched nothing; did you mean " + fixed + "?");
    }
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> out;
    for (auto& entry : ordered) {
        if (std::find(out.begin(), out.end(), entry.second) == out.end()) out.push_back(entry.second);
    }
    return out;
}

std::string field_path_text(const Node::Field& field) {
    std::string prefix;
    const Node* target = field.target.get();
    if (const auto* parent = std::get_if<Node::Field>(&target->kind)) {
        prefix = field_path_text(*parent);
        if (prefix.empty()) return "";
    } else if (!std::holds_alternative<Node::Identity>(target->kind)) {
        return "";
    }
    return prefix + component(field.name);
}

}  // namespace ctq
