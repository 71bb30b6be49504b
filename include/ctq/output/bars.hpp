// Bars drawn with Unicode blocks, in eighths of a cell, for --summary and --timeline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ctq {

/// The eighths of `cells` cells that `count` fills when `max` fills them all, rounded to the
/// nearest, and at least one for a count above 0 (so that no event is drawn as nothing).
std::uint64_t bar_eighths(std::uint64_t count, std::uint64_t max, std::size_t cells);

/// A left-to-right bar of that many eighths: full blocks "█", then one of "▏▎▍▌▋▊▉".
std::string horizontal_bar(std::uint64_t eighths);

/// One cell whose height is `eighths` (0..8) of it: " " for 0, else one of "▁▂▃▄▅▆▇█".
std::string vertical_block(std::uint64_t eighths);

}  // namespace ctq
