// Paths into values: getpath, setpath and delpaths with jq's semantics.
#pragma once

#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

/// `getpath(p)`: null where the path leads nowhere; errors on a type mismatch.
Value get_path(const Value& root, const Value& path);

/// `setpath(p; v)`: copies only the containers along the path, and none at
/// all where `root` is the only owner of them.
Value set_path(Value root, const Value& path, const Value& value);

/// `delpaths(ps)`: deletes every path, longest and last first, as jq does.
Value delete_paths(Value root, const Value& paths);

/// Appends one component to a path array.
Value path_append(const Value& path, const Value& component);

}  // namespace ctq
