// Field-name hints: noticing `.eventname` when the records say `eventName`.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ctq/ast.hpp"
#include "ctq/value.hpp"

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

private:
    struct Stats {
        bool found = false;
        std::vector<std::string> keys;  // keys of the first object it missed on
        std::size_t order = 0;
    };
    std::unordered_map<const Node::Field*, Stats> fields_;
};

/// `.a.b` for a chain of field accesses starting at `.`; "" for anything else.
std::string field_path_text(const Node::Field& field);

}  // namespace ctq
