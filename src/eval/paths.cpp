// getpath, setpath and delpaths: reading and rewriting values along paths.
#include "ctq/eval/paths.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "ctq/error.hpp"
#include "ctq/eval/access.hpp"
#include "ctq/eval/ops.hpp"

namespace ctq {

namespace {

const Array& path_items(const Value& path) {
    if (!path.is_array())
        throw JqError("Path must be specified as an array");
    if (path.as_array().size() > kMaxValueDepth)
        throw JqError("Path too deep");
    return path.as_array();
}

[[noreturn]] void cannot_index(const Value& target, const Value& key) {
    throw JqError("Cannot index " + std::string(kind_name(target.kind())) + " with " +
                  describe_value(key));
}

Value set_at(Value root, const Array& path, std::size_t i, const Value& value);

// `key` is the path's string: a new member shares its text (Key::of) rather than copying it.
Value set_field(Value root, const Value& key, const Array& path, std::size_t i,
                const Value& value) {
    if (!root.is_object() && !root.is_null())
        cannot_index(root, path[i]);
    const std::string_view name = key.as_string();
    if (Object* unique = root.unique_object()) {
        // Move the child out so that it, too, may be updated in place.
        Value* slot = unique->find(name);
        Value child = slot ? std::move(*slot) : Value::null();
        Value updated = set_at(std::move(child), path, i + 1, value);
        if (slot) {
            *slot = std::move(updated);
        } else {
            unique->set(Key::of(key), std::move(updated));
        }
        return root;
    }
    Object copy = root.is_object() ? root.as_object() : Object{};
    Value child = root.field(name);
    root = Value::null();
    copy.set(Key::of(key), set_at(std::move(child), path, i + 1, value));
    return Value::object(std::move(copy));
}

Value set_index(Value root, double index, const Array& path, std::size_t i, const Value& value) {
    if (!root.is_array() && !root.is_null())
        cannot_index(root, path[i]);
    if (std::isnan(index))
        throw JqError("Cannot set array element at NaN index");
    // Checked before the integer conversion, which is undefined for huge doubles.
    if (index >= 1e9)
        throw JqError("Array index too large");
    if (index <= -1e18)
        throw JqError("Out of bounds negative array index");
    const std::size_t size = root.is_array() ? root.as_array().size() : 0;
    auto position = static_cast<std::ptrdiff_t>(std::floor(index));
    if (position < 0) {
        position += static_cast<std::ptrdiff_t>(size);
        if (position < 0)
            throw JqError("Out of bounds negative array index");
    }
    const auto at = static_cast<std::size_t>(position);
    if (at > 100'000'000)
        throw JqError("Array index too large");
    Array* items = root.unique_array();
    Array copy;
    if (!items) {
        if (root.is_array())
            copy = root.as_array();
        items = &copy;
    }
    if (at >= items->size())
        items->resize(at + 1);
    Value child = std::move((*items)[at]);
    (*items)[at] = set_at(std::move(child), path, i + 1, value);
    if (items == &copy)
        return Value::array(std::move(copy));
    return root;
}

Value set_slice(Value root, const Value& bounds, const Array& path, std::size_t i,
                const Value& value) {
    if (root.is_string())
        throw JqError("Cannot update string slices");
    if (!root.is_array() && !root.is_null())
        cannot_index(root, bounds);
    Array items = root.is_array() ? root.as_array() : Array{};
    std::size_t start = 0;
    std::size_t end = 0;
    const Value* from = bounds.as_object().find("start");
    const Value* to = bounds.as_object().find("end");
    slice_bounds(from ? *from : Value::null(), to ? *to : Value::null(), items.size(), start, end);
    const Value current = Value::array(Array(items.begin() + static_cast<std::ptrdiff_t>(start),
                                             items.begin() + static_cast<std::ptrdiff_t>(end)));
    const Value replacement = set_at(current, path, i + 1, value);
    if (!replacement.is_array()) {
        throw JqError("A slice of an array can only be assigned another array");
    }
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(start),
                items.begin() + static_cast<std::ptrdiff_t>(end));
    const Array& inserted = replacement.as_array();
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(start), inserted.begin(),
                 inserted.end());
    return Value::array(std::move(items));
}

Value set_at(Value root, const Array& path, std::size_t i, const Value& value) {
    if (i == path.size())
        return value;
    const Value& key = path[i];
    if (key.is_string())
        return set_field(std::move(root), key, path, i, value);
    if (key.is_number())
        return set_index(std::move(root), key.as_number(), path, i, value);
    if (key.is_object())
        return set_slice(std::move(root), key, path, i, value);
    if (key.is_array() && root.is_array())
        throw JqError("Cannot update field at array index of array");
    cannot_index(root, key);
}

Value delete_one(Value root, const Array& path, std::size_t i) {
    if (root.is_null())
        return root;
    const Value& key = path[i];
    if (i + 1 < path.size()) {
        const Value child = index_value(root, key);
        if (child.is_null())
            return root;
        Array rest(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        return set_at(std::move(root), rest, i, delete_one(child, path, i + 1));
    }
    if (key.is_string()) {
        if (!root.is_object()) {
            throw JqError("Cannot delete field at object index of " +
                          std::string(kind_name(root.kind())));
        }
        if (Object* unique = root.unique_object()) {
            unique->erase(key.as_string());
            return root;
        }
        Object copy = root.as_object();
        copy.erase(key.as_string());
        return Value::object(std::move(copy));
    }
    if (key.is_number()) {
        if (!root.is_array()) {
            throw JqError("Cannot delete field at index of " + std::string(kind_name(root.kind())));
        }
        const double d = key.as_number();
        // Past any possible array: nothing to delete (and no undefined cast).
        if (std::isnan(d) || d >= 1e18 || d <= -1e18)
            return root;
        Array items = root.as_array();
        auto index = static_cast<std::ptrdiff_t>(std::floor(d));
        if (index < 0)
            index += static_cast<std::ptrdiff_t>(items.size());
        if (index < 0)
            throw JqError("Out of bounds negative array index");
        if (static_cast<std::size_t>(index) < items.size())
            items.erase(items.begin() + index);
        return Value::array(std::move(items));
    }
    if (key.is_object() && root.is_array()) {
        Array items = root.as_array();
        std::size_t start = 0;
        std::size_t end = 0;
        const Value* from = key.as_object().find("start");
        const Value* to = key.as_object().find("end");
        slice_bounds(from ? *from : Value::null(), to ? *to : Value::null(), items.size(), start,
                     end);
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(start),
                    items.begin() + static_cast<std::ptrdiff_t>(end));
        return Value::array(std::move(items));
    }
    throw JqError("Cannot delete field at index of " + std::string(kind_name(root.kind())));
}

}  // namespace

Value get_path(const Value& root, const Value& path) {
    Value current = root;
    for (const Value& key : path_items(path)) {
        if (current.is_null())
            return current;
        current = index_value(current, key);
    }
    return current;
}

Value set_path(Value root, const Value& path, const Value& value) {
    return set_at(std::move(root), path_items(path), 0, value);
}

// Rewrites negative array indices as positions from the start, so that
// sorting puts the paths in true deletion order; a path whose index is NaN
// or before the start names nothing and is dropped (jq does the same).
std::optional<Value> normalize_for_delete(const Value& root, const Value& path) {
    Array out;
    Value current = root;
    for (const Value& key : path_items(path)) {
        Value component = key;
        if (key.is_number() && current.is_array()) {
            double d = key.as_number();
            if (std::isnan(d))
                return std::nullopt;
            if (d < 0)
                d += static_cast<double>(current.as_array().size());
            if (d < 0)
                return std::nullopt;
            component = Value::number(std::floor(d));
        }
        out.push_back(component);
        if (current.is_array() || current.is_object()) {
            try {
                current = index_value(current, component);
            } catch (const JqError&) {
                current = Value::null();
            }
        } else {
            current = Value::null();
        }
    }
    return Value::array(std::move(out));
}

Value delete_paths(Value root, const Value& paths) {
    if (!paths.is_array())
        throw JqError("Paths must be specified as an array");
    Array sorted;
    for (const Value& path : paths.as_array()) {
        if (auto normalized = normalize_for_delete(root, path))
            sorted.push_back(*normalized);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Value& a, const Value& b) { return compare(a, b) > 0; });
    for (const Value& path : sorted) {
        const Array& items = path.as_array();
        if (items.empty())
            return Value::null();  // deleting the root
        root = delete_one(std::move(root), items, 0);
    }
    return root;
}

Value path_append(const Value& path, const Value& component) {
    Array items;
    items.reserve(path.as_array().size() + 1);
    items = path.as_array();
    items.push_back(component);
    return Value::array(std::move(items));
}

}  // namespace ctq
