// The order sort_by, group_by and unique_by put their inputs in: a stable sort by key.
#pragma once

#include <cstddef>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

/// Positions of `keys` in the order of a stable sort by jq's comparison.
std::vector<std::size_t> sorted_order(const Array& keys);

}  // namespace ctq
