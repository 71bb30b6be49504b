// Tab completion for the explorer: field names at the cursor's path, builtin names, and
// observed values inside string literals, all drawn from the sample's own keys and values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq::explore {

/// One step of a path through the sample: `.key`, `[]` (any element), or "an array of what
/// the rest describes" (what `map(f)` and `[f]` make).
struct PathStep {
    enum class Kind { Key, Each, Wrap } kind;
    std::string key;
    bool operator==(const PathStep& other) const { return kind == other.kind && key == other.key; }
};
using Path = std::vector<PathStep>;

/// What a field name or a string value is worth offering: how often the sample has it.
struct Ranked {
    std::string text;
    std::uint64_t count = 0;
};

/// The keys and string values of the sample, by path, with how often each occurs.
class KeyIndex {
public:
    KeyIndex();
    ~KeyIndex();
    KeyIndex(KeyIndex&&) noexcept;
    KeyIndex& operator=(KeyIndex&&) noexcept;

    /// Takes in one input value (a document, a record, a line).
    void add(const Value& value);

    /// The keys of the objects at `path` (null: anywhere), most frequent first.
    std::vector<Ranked> keys_at(const std::optional<Path>& path) const;
    /// The string values at `path` (null: anywhere), most frequent first.
    std::vector<Ranked> values_at(const std::optional<Path>& path) const;

private:
    struct Node;
    const Node* find(const Path& path) const;
    void walk(const Value& value, Node& node, std::size_t depth);

    std::unique_ptr<Node> root_;
    std::unordered_map<std::string, std::uint64_t> all_keys_;
    std::unordered_map<std::string, std::uint64_t> all_values_;
};

/// Where the cursor sits, as far as completion cares.
struct CursorContext {
    enum class Kind {
        Nothing,  // nowhere to complete
        Field,    // after `.` or `."`: a key of the objects at `path`
        Value,    // inside a string literal compared with, or passed along, `path`
        Builtin,  // an identifier that is not a field: a builtin's name
    } kind = Kind::Nothing;
    std::optional<Path> path;  // null: not known (a variable, `..`, a function's output)
    std::string prefix;        // what is typed of the word so far
    std::size_t begin = 0;     // byte where the completed text starts
    bool quoted = false;       // Field: inside `."…`, so the key goes in as a string
};

/// Reads the filter up to `cursor` and works out what is being typed there. `slurp`: the
/// input is the array of all inputs (-s).
CursorContext cursor_context(const std::string& filter, std::size_t cursor, bool slurp);

/// A completion: the text that replaces [begin, cursor), and what the menu shows.
struct Candidate {
    std::string replacement;
    std::string label;
    std::uint64_t count = 0;  // 0 for builtins
};

struct Completion {
    CursorContext context;
    std::vector<Candidate> candidates;  // best first
};

/// The candidates for the cursor's context, best first: fields and values by frequency in the
/// sample (exact-case prefix matches before case-blind ones), builtins by name.
Completion complete(const std::string& filter, std::size_t cursor, const KeyIndex& index,
                    const std::vector<std::string>& builtin_names, bool slurp);

/// The longest text every candidate's replacement starts with.
std::string common_prefix(const std::vector<Candidate>& candidates);

/// `key` as it follows a `.`: bare when it is an identifier, else a quoted string.
std::string field_syntax(const std::string& key);

}  // namespace ctq::explore
