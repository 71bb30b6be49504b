// --expect none|some|N|<N|>N: an assertion on how many outputs the main filter gave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ctq::cli {

struct Expectation {
    enum class Kind { Exactly, Fewer, More } kind = Kind::Exactly;
    std::uint64_t bound = 0;
    std::string text;  // as the user wrote it, for the failure line

    bool holds(std::uint64_t count) const;
};

/// "none", "some", "N", "<N" or ">N"; nothing for anything else.
std::optional<Expectation> parse_expectation(const std::string& text);

/// How many offending outputs the failure line names.
constexpr std::size_t max_offenders = 3;

/// One output as the failure line shows it: where it came from, then its compact JSON.
struct Offender {
    std::string file;         // input_filename, or "<stdin>"
    std::uint64_t index = 0;  // the input's number within its file, from 0
    std::string json;
};

/// "ctq: expectation failed: --expect none, got 2: a.json#3 {...}; b.json#0 {...}"
std::string failure_line(const Expectation& expectation, std::uint64_t count,
                         const std::vector<Offender>& offenders);

}  // namespace ctq::cli
