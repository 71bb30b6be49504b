// --hunt NAME[,NAME...] and --hunt all: the chosen detections run in one pass over the inputs,
// each finding tallied under its hunt with the file and record number of its event.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ctq/lang/module_loader.hpp"
#include "ctq/value/value.hpp"
#include "expectation.hpp"

namespace ctq::cli {

/// The hunts named by --hunt, in catalogue order, each once. "all" is every hunt that needs no
/// address ([ip] hunts are pivots, named on their own). Throws UsageError for an unknown name.
std::vector<HuntInfo> select_hunts(const std::string& spec);

/// One jq filter (run with -n) that reads every event once and emits, for each finding of each
/// hunt, {hunt, file, record, finding}: record is the event's number in its file, from 0.
std::string hunts_filter(const std::vector<HuntInfo>& hunts, const std::string& ip);

/// What one hunt found: how many findings, and the first of them.
struct HuntTally {
    HuntInfo hunt;
    std::uint64_t count = 0;
    std::vector<Offender> findings;  // all of them, in order
};

class HuntResults {
public:
    explicit HuntResults(const std::vector<HuntInfo>& hunts);

    /// Takes one output of hunts_filter(); returns what stdout shows for it: the finding itself
    /// for a single hunt (as --hunt NAME always printed), else the finding with its hunt's name.
    Value add(const Value& output);

    const std::vector<HuntTally>& tallies() const { return tallies_; }

    /// One line per hunt whose count breaks the expectation; empty when all hold.
    std::string failure_lines(const Expectation& expectation) const;

private:
    std::vector<HuntTally> tallies_;
};

}  // namespace ctq::cli
