// JSON values as the interpreter sees them: immutable, cheap to copy, shared.
//
// A Value is a kind tag plus either a double or a reference-counted pointer to
// an immutable payload (string, array, object, or the literal text of a number).
// Copying a Value bumps a reference count; navigating into a document (`.a`,
// `.[]`) hands out Values that share the children already in memory, so no
// pipe stage ever copies a document. New payloads are only allocated where a
// filter really builds something (`{...}`, `[...]`, arithmetic, updates).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctq {

class Value;
class Object;

using Array = std::vector<Value>;

/// The kinds of JSON value, in jq's sort order (null < false < true < numbers
/// < strings < arrays < objects).
enum class Kind : std::uint8_t { Null, False, True, Number, String, Array, Object };

/// jq's name for a kind, as `type` returns it ("null", "boolean", ...).
std::string_view kind_name(Kind kind);

class Value {
public:
    Value() = default;  // null
    Value(const Value&) = default;
    Value& operator=(const Value&) = default;
    // A moved-from Value is null, never a kind without its payload.
    Value(Value&& other) noexcept
        : kind_(other.kind_), number_(other.number_), payload_(std::move(other.payload_)) {
        other.kind_ = Kind::Null;
    }
    Value& operator=(Value&& other) noexcept {
        kind_ = other.kind_;
        number_ = other.number_;
        payload_ = std::move(other.payload_);
        other.kind_ = Kind::Null;
        return *this;
    }

    static Value null() { return Value{}; }
    static Value boolean(bool b) { return Value{b ? Kind::True : Kind::False}; }
    static Value number(double d);
    /// A number read from JSON text whose literal is kept for output because
    /// the double cannot represent it exactly (jq 1.7 keeps big integers).
    static Value number_with_literal(double d, std::string literal);
    static Value string(std::string s);
    static Value array(Array items);
    static Value object(Object obj);

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::Null; }
    bool is_bool() const { return kind_ == Kind::True || kind_ == Kind::False; }
    bool is_number() const { return kind_ == Kind::Number; }
    bool is_string() const { return kind_ == Kind::String; }
    bool is_array() const { return kind_ == Kind::Array; }
    bool is_object() const { return kind_ == Kind::Object; }
    /// jq truthiness: everything except null and false.
    bool truthy() const { return kind_ != Kind::Null && kind_ != Kind::False; }

    double as_number() const { return number_; }
    /// The kept literal of a number, or nullptr when it prints from the double.
    const std::string* number_literal() const;
    const std::string& as_string() const;
    const Array& as_array() const;
    const Object& as_object() const;

    /// Field lookup on an object; null when absent (the caller checks kind).
    Value field(std::string_view key) const;
    /// Element lookup on an array with jq's negative indexing; null when out of range.
    Value at(std::ptrdiff_t index) const;

    /// Mutable access to an array or object payload when this Value is its only
    /// owner (so updates like `.[] |= f` can work in place, as jq does); nullptr
    /// when the payload is shared and must be copied first.
    Array* unique_array();
    Object* unique_object();
    std::string* unique_string();

    /// Identity of the shared payload, for cheap "is this the same value" checks.
    const void* payload_id() const { return payload_.get(); }

private:
    explicit Value(Kind kind) : kind_(kind) {}
    Value(Kind kind, std::shared_ptr<const void> payload)
        : kind_(kind), payload_(std::move(payload)) {}

    Kind kind_ = Kind::Null;
    double number_ = 0;
    std::shared_ptr<const void> payload_;
};

/// A JSON object: keys keep the order in which they were first inserted (as in
/// jq), and lookups stay O(1) on large objects through a hash index built only
/// once an object grows past a handful of keys.
class Object {
public:
    using Entry = std::pair<std::string, Value>;

    Object() = default;
    Object(const Object& other);
    Object& operator=(const Object& other);
    Object(Object&&) noexcept;
    Object& operator=(Object&&) noexcept;
    ~Object();

    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    auto begin() const { return entries_.begin(); }
    auto end() const { return entries_.end(); }
    const Entry& entry(std::size_t i) const { return entries_[i]; }

    /// Pointer to the value under `key`, or nullptr.
    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    /// Inserts or replaces; a replaced key keeps its original position.
    void set(std::string key, Value value);
    /// Removes `key` if present, keeping the order of the others.
    bool erase(std::string_view key);
    /// Keys in insertion order.
    std::vector<std::string_view> keys() const;
    void reserve(std::size_t n) { entries_.reserve(n); }

private:
    // Open-addressing table of positions into entries_; the keys themselves
    // live only in entries_, so the index never dangles when entries_ grows.
    struct Index {
        std::vector<std::uint32_t> slots;
        std::size_t mask = 0;
    };
    std::ptrdiff_t position(std::string_view key) const;
    void rebuild_index();

    std::vector<Entry> entries_;
    std::unique_ptr<Index> index_;
};

}  // namespace ctq
