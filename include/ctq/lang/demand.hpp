// What a filter can observe of its input documents, so the reader builds only that.
//
// `.Records[] | select(.eventSource == "s3.amazonaws.com") | .eventName` looks at two fields
// of each record; everything else in a CloudTrail record (request parameters, response
// elements, resources) can be validated and skipped instead of being built. The analysis
// walks the resolved AST backwards: given what is needed of an expression's outputs, it
// works out what is needed of its input. Anything it does not understand needs the whole
// input, so the answer is always safe; a skipped part can never be seen by the filter.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ctq/lang/ast.hpp"

namespace ctq {

class Program;

/// What is needed of one value. The levels are ordered: each needs more than the last.
class Demand {
public:
    enum class Level : unsigned char {
        None,     // not looked at: any value may stand in for it
        Kind,     // only its kind (and truthiness): a container may be built empty
        Partial,  // a container, of which only some parts are needed (see below)
        Whole,    // all of it
    };

    Demand() = default;
    static Demand none() { return Demand(Level::None); }
    static Demand kind() { return Demand(Level::Kind); }
    static Demand whole() { return Demand(Level::Whole); }
    /// An object's field `key` (or, for other kinds, enough to fail as jq does).
    static Demand field(std::string key, Demand of_field);
    /// Every element of an array or value of an object, each as `each` needs it.
    static Demand every(Demand each);
    /// Every element of an array as `each` needs it; anything but an array is needed
    /// whole (`sort_by` quotes a value it cannot sort in its error).
    static Demand every_element(Demand each);

    Level level() const { return level_; }
    bool is_none() const { return level_ == Level::None; }
    bool is_whole() const { return level_ == Level::Whole; }

    /// Partial: every key of an object (every element of an array is always kept).
    bool every_entry() const { return every_entry_; }
    /// Partial: partial only if the value is an array; anything else is needed whole.
    bool arrays_only() const { return arrays_only_; }
    /// Partial: what is needed of every element or value; None when nothing is.
    const Demand& each() const;
    /// Partial: the named fields asked for, sorted by key; each is joined with each().
    const std::vector<std::pair<std::string, Demand>>& fields() const { return fields_; }

    /// What is needed of the value under `key` of an object that this demand is on, or
    /// nullptr when the entry can be left out entirely; with `named`, also the key's
    /// named_index() when this demand is partial (else -1). Never allocates: the reader asks
    /// this for every key it reads.
    const Demand* of_key(std::string_view key, int* named = nullptr) const;
    /// Position of `key` in fields(), or -1.
    int named_index(std::string_view key) const;
    /// What is needed of each element of an array that this demand is on.
    const Demand& element() const;

    /// Widens this demand to also cover `other`.
    void join(const Demand& other);

    bool operator==(const Demand& other) const;
    bool operator!=(const Demand& other) const { return !(*this == other); }

    /// A short rendering for tests and --explain: `whole`, `none`, `kind`,
    /// `{Records: [{eventName: whole}]}`, `{*: none}` (every key, values unseen).
    std::string describe() const;

private:
    explicit Demand(Level level) : level_(level) {}

    Level level_ = Level::None;
    bool every_entry_ = false;
    bool arrays_only_ = false;
    std::shared_ptr<const Demand> each_;  // null: None
    std::vector<std::pair<std::string, Demand>> fields_;
};

/// What `program` needs of each of its input documents, for outputs that are printed
/// in full. Whole when the filter reads further inputs itself (`input`, `inputs`) or
/// does anything the analysis cannot follow. `user_fields`, if given, receives the `.name`
/// accesses of the user's filter that the walk met (for field hints).
Demand input_demand(const Program& program,
                    std::unordered_set<const Node::Field*>* user_fields = nullptr);

/// The same for one expression, given what is needed of its outputs (for tests).
Demand input_demand(const Node& expression, const Demand& of_outputs,
                    std::unordered_set<const Node::Field*>* user_fields = nullptr);

}  // namespace ctq
