// Field-name hints: noticing `.eventname` when the records say `eventName`.
#pragma once

#include <atomic>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ctq/lang/ast.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// Watches every `.name` access of a run. A field that never found anything,
/// though it was asked of objects that had keys, is probably misspelled; at
/// the end the collector suggests the closest key those objects had.
class HintCollector {
public:
    HintCollector() = default;
    HintCollector(const HintCollector& other) { *this = other; }
    HintCollector& operator=(const HintCollector& other);

    /// Called by the interpreter for each `.name` on an object.
    void record(const Node::Field& field, const Value& target, bool found);

    /// The user's field accesses the filter can run (from the demand analysis). Once each
    /// has found something, no hint can be given any more, so wants_keys() turns false.
    void expect_fields(const std::unordered_set<const Node::Field*>& fields);
    /// Whether a hint may still need the keys of the objects fields are asked of: the
    /// reader keeps every key (not every value) of the objects it builds only while this
    /// is true. Read by reader threads, hence atomic.
    const std::atomic<bool>& wants_keys() const { return wants_keys_; }

    /// One line per suspicious path, e.g.
    /// `.eventname matched nothing; did you mean .eventName?`
    std::vector<std::string> hints() const;

    /// Adds what another collector saw (a worker's share of the inputs, which came later).
    void merge(const HintCollector& other);

private:
    struct Stats {
        bool found = false;
        std::vector<std::string> keys;  // keys of the objects it missed on
        std::size_t order = 0;
    };
    std::unordered_map<const Node::Field*, Stats> fields_;
    std::unordered_set<const Node::Field*> expected_;
    std::size_t expected_found_ = 0;
    std::atomic<bool> wants_keys_{true};
};

/// Hints for a filter that does not compile, for the classic mistakes: shell
/// quotes or curly quotes in the filter, unbalanced brackets, a field name
/// missing its `.` (`select(eventName == "x")`).
std::vector<std::string> compile_error_hints(const std::string& message, const std::string& filter);

/// Hints for a filter that compiles but probably doesn't mean it: `=` where
/// `==` was meant (`select(.eventName = "ConsoleLogin")` keeps everything).
std::vector<std::string> filter_hints(const Node& root);

/// `.a.b` for a chain of field accesses starting at `.`; "" for anything else.
std::string field_path_text(const Node::Field& field);

}  // namespace ctq
