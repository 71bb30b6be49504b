// Field-name hints: noticing `.eventname` when the records say `eventName`.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ctq/lang/ast.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// Watches every `.name` access of a run. A field that never found anything,
/// though it was asked of objects that had keys, is probably misspelled; at
/// the end the collector suggests the closest key those objects had.
class HintCollector {
public:
    /// Called by the interpreter for each `.name` on an object.
    void record(const Node::Field& field, const Value& target, bool found);

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
