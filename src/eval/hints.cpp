// Suggesting the field a mistyped `.name` probably meant.
#include "ctq/eval/hints.hpp"

#include <fmt/format.h>

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
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
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
        if (lower(key) == folded)
            return key;
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
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

std::string component(const std::string& name) {
    return is_identifier(name) ? fmt::format(".{}", name) : fmt::format(".\"{}\"", name);
}

}  // namespace

HintCollector& HintCollector::operator=(const HintCollector& other) {
    fields_ = other.fields_;
    expected_ = other.expected_;
    expected_found_ = other.expected_found_;
    wants_keys_.store(other.wants_keys_.load());
    return *this;
}

void HintCollector::expect_fields(const std::unordered_set<const Node::Field*>& fields) {
    expected_ = fields;
    expected_found_ = 0;
    for (const auto& [field, stats] : fields_) {
        if (stats.found && expected_.count(field))
            ++expected_found_;
    }
    wants_keys_.store(expected_found_ < expected_.size());
}

void HintCollector::record(const Node::Field& field, const Value& target, bool found) {
    auto [it, inserted] = fields_.try_emplace(&field);
    Stats& stats = it->second;
    if (inserted)
        stats.order = fields_.size();
    if (found) {
        if (!stats.found && expected_.count(&field) && ++expected_found_ == expected_.size())
            wants_keys_.store(false, std::memory_order_relaxed);
        stats.found = true;
        stats.keys.clear();
        return;
    }
    // Objects at one path differ (requestParameters of S3 vs IAM calls), so the
    // candidates are the union of their keys, capped to keep this cheap.
    constexpr std::size_t kMaxCandidates = 256;
    if (stats.found || stats.keys.size() >= kMaxCandidates)
        return;
    for (const auto& entry : target.as_object()) {
        if (stats.keys.size() >= kMaxCandidates)
            break;
        if (std::find(stats.keys.begin(), stats.keys.end(), entry.first) == stats.keys.end()) {
            stats.keys.emplace_back(entry.first.str());
        }
    }
}

void HintCollector::merge(const HintCollector& other) {
    // In the other's order of first use, after this one's.
    std::vector<std::pair<std::size_t, const Node::Field*>> fields;
    for (const auto& [field, stats] : other.fields_) fields.emplace_back(stats.order, field);
    std::sort(fields.begin(), fields.end());
    for (const auto& [order, field] : fields) {
        const Stats& theirs = other.fields_.at(field);
        auto [it, inserted] = fields_.try_emplace(field);
        Stats& mine = it->second;
        if (inserted)
            mine.order = fields_.size();
        if (mine.found)
            continue;
        if (theirs.found) {
            mine.found = true;
            mine.keys.clear();
            continue;
        }
        constexpr std::size_t kMaxCandidates = 256;
        for (const std::string& key : theirs.keys) {
            if (mine.keys.size() >= kMaxCandidates)
                break;
            if (std::find(mine.keys.begin(), mine.keys.end(), key) == mine.keys.end())
                mine.keys.push_back(key);
        }
    }
}

std::vector<std::string> HintCollector::hints() const {
    std::vector<std::pair<std::size_t, std::string>> ordered;
    for (const auto& [field, stats] : fields_) {
        if (stats.found || stats.keys.empty())
            continue;
        const std::string path = field_path_text(*field);
        if (path.empty())
            continue;
        const std::string suggestion = closest(field->name, stats.keys);
        if (suggestion.empty())
            continue;
        std::string fixed =
            path.substr(0, path.size() - component(field->name).size()) + component(suggestion);
        ordered.emplace_back(stats.order,
                             fmt::format("{} matched nothing; did you mean {}?", path, fixed));
    }
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> out;
    for (auto& entry : ordered) {
        if (std::find(out.begin(), out.end(), entry.second) == out.end())
            out.push_back(entry.second);
    }
    return out;
}

std::vector<std::string> compile_error_hints(const std::string& message,
                                             const std::string& filter) {
    std::vector<std::string> out;
    if (filter.find("\xE2\x80\x9C") != std::string::npos ||
        filter.find("\xE2\x80\x9D") != std::string::npos ||
        filter.find("\xE2\x80\x98") != std::string::npos ||
        filter.find("\xE2\x80\x99") != std::string::npos) {
        out.push_back(
            "the filter contains curly quotes (copied from a web page or a word processor?); "
            "jq strings need straight double quotes \"...\"");
    }
    const auto first = filter.find_first_not_of(" \t\r\n");
    const auto last = filter.find_last_not_of(" \t\r\n");
    if (first != std::string::npos && (filter[first] == '\'' || filter[last] == '\'')) {
        out.push_back(
            "the filter starts or ends with a single quote: the shell passed its quotes "
            "through (on Windows cmd, quote the filter with double quotes and escape the "
            "inner ones as \\\")");
    }
    int parens = 0;
    int brackets = 0;
    int braces = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < filter.size(); ++i) {
        const char c = filter[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '(': ++parens; break;
            case ')': --parens; break;
            case '[': ++brackets; break;
            case ']': --brackets; break;
            case '{': ++braces; break;
            case '}': --braces; break;
            default: break;
        }
    }
    auto balance = [&out](int n, const char* open, const char* close) {
        if (n > 0)
            out.push_back(fmt::format("{} unclosed '{}': add '{}'", n, open, close));
        if (n < 0)
            out.push_back(fmt::format("{} '{}' without a matching '{}'", -n, close, open));
    };
    balance(parens, "(", ")");
    balance(brackets, "[", "]");
    balance(braces, "{", "}");
    // "eventName/0 is not defined": a field name without its dot.
    const std::string undefined = "/0 is not defined";
    if (message.size() > undefined.size() &&
        message.compare(message.size() - undefined.size(), undefined.size(), undefined) == 0) {
        const std::string name = message.substr(0, message.size() - undefined.size());
        if (is_identifier(name) && name.find("::") == std::string::npos) {
            out.push_back(fmt::format("to read the field, write .{} (with a dot)", name));
        }
    }
    return out;
}

namespace {

void lint(const Node& node, std::vector<std::string>& out) {
    std::visit(
        [&](const auto& kind) {
            using T = std::decay_t<decltype(kind)>;
            if constexpr (std::is_same_v<T, Node::Call>) {
                const bool condition = (kind.name == "select" && kind.args.size() == 1);
                if (condition) {
                    if (const auto* assign = std::get_if<Node::Assign>(&kind.args[0]->kind)) {
                        if (assign->op == AssignOp::Set) {
                            out.push_back(
                                "select(A = B) assigns and keeps every input; to compare, "
                                "write select(A == B)");
                        }
                    }
                }
                for (const auto& arg : kind.args) lint(*arg, out);
            } else if constexpr (std::is_same_v<T, Node::Define>) {
                lint(*kind.def->body, out);
                lint(*kind.rest, out);
            } else if constexpr (std::is_same_v<T, Node::Pipe> || std::is_same_v<T, Node::Comma> ||
                                 std::is_same_v<T, Node::And> || std::is_same_v<T, Node::Or> ||
                                 std::is_same_v<T, Node::Alternative> ||
                                 std::is_same_v<T, Node::Binary>) {
                lint(*kind.lhs, out);
                lint(*kind.rhs, out);
            } else if constexpr (std::is_same_v<T, Node::ArrayCons>) {
                if (kind.body)
                    lint(*kind.body, out);
            } else if constexpr (std::is_same_v<T, Node::If>) {
                for (const auto& branch : kind.branches) {
                    if (const auto* assign = std::get_if<Node::Assign>(&branch.cond->kind)) {
                        if (assign->op == AssignOp::Set) {
                            out.push_back(
                                "if A = B assigns, and the result is always true; to "
                                "compare, write if A == B");
                        }
                    }
                    lint(*branch.then, out);
                }
                if (kind.otherwise)
                    lint(*kind.otherwise, out);
            } else if constexpr (std::is_same_v<T, Node::Bind>) {
                lint(*kind.body, out);
            }
        },
        node.kind);
}

}  // namespace

std::vector<std::string> filter_hints(const Node& root) {
    std::vector<std::string> out;
    lint(root, out);
    std::vector<std::string> unique;
    for (auto& hint : out) {
        if (std::find(unique.begin(), unique.end(), hint) == unique.end())
            unique.push_back(hint);
    }
    return unique;
}

std::string field_path_text(const Node::Field& field) {
    std::string prefix;
    const Node* target = field.target.get();
    if (const auto* parent = std::get_if<Node::Field>(&target->kind)) {
        prefix = field_path_text(*parent);
        if (prefix.empty())
            return "";
    } else if (!std::holds_alternative<Node::Identity>(target->kind)) {
        return "";
    }
    return prefix + component(field.name);
}

}  // namespace ctq
