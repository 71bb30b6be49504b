// JSON values as the interpreter sees them: immutable, cheap to copy, shared.
//
// A Value is 16 bytes: a kind tag plus either a double, a short string's bytes, or a
// pointer to a payload (a longer string, array, object, or the literal text of a number)
// that carries its own reference count, plain rather than atomic unless the value is
// shared between threads. Copying a Value bumps that count; navigating into a document (`.a`,
// `.[]`) hands out Values that share the children already in memory, so no
// pipe stage ever copies a document. New payloads are only allocated where a
// filter really builds something (`{...}`, `[...]`, arithmetic, updates).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ctq/value/block_pool.hpp"

namespace ctq {

class Value;
class Object;

/// An array's members. Its buffer, like every payload, comes from the block pool
/// (block_pool.hpp), so a document's many small pieces are carved from a few big slabs.
using Array = std::vector<Value, detail::PoolAllocator<Value>>;

/// The kinds of JSON value, in jq's sort order (null < false < true < numbers
/// < strings < arrays < objects).
enum class Kind : std::uint8_t { Null, False, True, Number, String, Array, Object };

/// jq's name for a kind, as `type` returns it ("null", "boolean", ...).
std::string_view kind_name(Kind kind);

namespace detail {

/// What every heap payload (string, array, object, number literal) starts with. The
/// reference count is a plain integer: a value normally lives on one thread. A value that
/// several threads may copy at once (the constants of a compiled filter, --arg values) is
/// marked shared first (Value::share()), and its count is then updated atomically.
struct PayloadHeader {
    std::uint32_t refs = 1;
    bool shared = false;
    Kind kind;
    /// A string payload whose text is a std::string of its own (see StringPayload).
    bool owns_string = false;
    explicit PayloadHeader(Kind k) : kind(k) {}

    // Every payload is deleted as its own type, so the size freed is the size allocated.
    static void* operator new(std::size_t bytes) { return allocate_block(bytes); }
    static void operator delete(void* block, std::size_t bytes) noexcept {
        free_block(block, bytes);
    }
};

/// A string's payload; object keys (Key) hold the same kind. The text is read through `data`
/// and `size`. Most strings, and all that a reader makes, have their bytes and a NUL right
/// after these fields, in the same block: one allocation each. A long string a filter built
/// keeps the std::string it was built in (OwnedString), so that handing it over copies
/// nothing; so does one appended to in place, whose buffer grows by doubling.
struct StringPayload : PayloadHeader {
    const char* data;
    std::size_t size;

    std::string_view text() const { return {data, size}; }
    /// A payload holding a copy of `text` after its fields.
    static StringPayload* make(std::string_view text);
    /// A payload for a finished text: copied after the fields when that fits one of the
    /// pool's blocks, else taking over the std::string.
    static StringPayload* make(std::string&& text);
    static void destroy(StringPayload* payload) noexcept;

protected:
    StringPayload(const char* d, std::size_t n) : PayloadHeader(Kind::String), data(d), size(n) {}
};

/// A string payload whose `data` is its own std::string's (owns_string is set).
struct OwnedString : StringPayload {
    explicit OwnedString(std::string text);
    std::size_t capacity() const { return storage.capacity(); }
    void append(std::string_view more);

private:
    void point_at_storage() {
        data = storage.data();
        size = storage.size();
    }
    std::string storage;
};

void release_payload(PayloadHeader* payload) noexcept;

inline void retain(PayloadHeader* p) noexcept {
    if (p->shared)
        __atomic_add_fetch(&p->refs, 1u, __ATOMIC_RELAXED);
    else
        ++p->refs;
}

inline void release(PayloadHeader* p) noexcept {
    if (p->shared ? __atomic_sub_fetch(&p->refs, 1u, __ATOMIC_ACQ_REL) == 0 : --p->refs == 0)
        release_payload(p);
}

}  // namespace detail

class Key;

/// 16 bytes: the kind, and either the number, a string of up to 13 bytes, or a pointer to
/// the payload.
class Value {
public:
    /// The longest string kept inside the Value itself, without a payload: CloudTrail's
    /// regions, event names, IP addresses and most short fields (one allocation less each).
    static constexpr std::size_t kMaxInline = 13;

    Value() noexcept : number_(0) {}  // null
    Value(const Value& other) noexcept : head_(other.head_), bits_(other.bits_) {
        if (holds_payload())
            detail::retain(payload_);
    }
    Value& operator=(const Value& other) noexcept {
        Value copy(other);
        swap(copy);
        return *this;
    }
    // A moved-from Value is null, never a kind without its payload.
    Value(Value&& other) noexcept : head_(other.head_), bits_(other.bits_) {
        other.head_.kind = Kind::Null;
        other.head_.form = kNoPayload;
    }
    Value& operator=(Value&& other) noexcept {
        Value moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~Value() {
        if (holds_payload())
            detail::release(payload_);
    }

    static Value null() { return Value{}; }
    static Value boolean(bool b) { return Value{b ? Kind::True : Kind::False}; }
    static Value number(double d);
    /// A number read from JSON text whose literal is kept for output because
    /// the double cannot represent it exactly (jq 1.7 keeps big integers).
    static Value number_with_literal(double d, std::string literal);
    /// A string: kept inline when it is short, else in a payload of its own.
    static Value string(std::string s);
    static Value string(std::string_view s);
    static Value string(const char* s) { return string(std::string_view(s)); }
    static Value array(Array items);
    static Value object(Object obj);

    Kind kind() const { return head_.kind; }
    bool is_null() const { return head_.kind == Kind::Null; }
    bool is_bool() const { return head_.kind == Kind::True || head_.kind == Kind::False; }
    bool is_number() const { return head_.kind == Kind::Number; }
    bool is_string() const { return head_.kind == Kind::String; }
    bool is_array() const { return head_.kind == Kind::Array; }
    bool is_object() const { return head_.kind == Kind::Object; }
    /// jq truthiness: everything except null and false.
    bool truthy() const { return head_.kind != Kind::Null && head_.kind != Kind::False; }

    double as_number() const { return head_.form == kLiteral ? literal_number() : number_; }
    /// The kept literal of a number, or nullptr when it prints from the double.
    const std::string* number_literal() const;
    /// A string's text, followed by a NUL so that `data()` also serves where C wants a
    /// terminated string. Valid while this very Value lives unchanged: a short string's
    /// bytes are inside it, so a copy or a move of the Value does not keep them.
    std::string_view as_string() const {
        if (head_.form >= kInline)
            return {inline_text(), static_cast<std::size_t>(head_.form - kInline)};
        return static_cast<const detail::StringPayload*>(payload_)->text();
    }
    const Array& as_array() const;
    const Object& as_object() const;

    /// Field lookup on an object; null when absent (the caller checks kind).
    Value field(std::string_view key) const;
    /// Element lookup on an array with jq's negative indexing; null when out of range.
    Value at(std::ptrdiff_t index) const;

    /// Mutable access to an array or object payload when this Value is its only owner (so
    /// updates like `.[] |= f` can work in place, as jq does); nullptr when the payload is
    /// shared and must be copied first.
    Array* unique_array();
    Object* unique_object();
    /// Whether append_string may add to this string where it is: a string payload that only
    /// this Value holds (`reduce .[] as $s (""; . + $s)` then takes linear time, as in jq).
    bool appendable_string() const;
    /// The length an appendable string reaches before its buffer must grow.
    std::size_t string_capacity() const;
    /// Appends to an appendable string. The first append moves the text into a buffer of its
    /// own that then grows by doubling.
    void append_string(std::string_view more);

    /// Identity of the payload, for cheap "is this the same value" checks.
    const void* payload_id() const { return holds_payload() ? payload_ : nullptr; }

    /// Makes this value, and everything inside it, safe to copy from several threads at
    /// once: its reference counts become atomic. Done once, before the value is handed
    /// to other threads; a shared value is never changed in place.
    void share();

    void swap(Value& other) noexcept {
        std::swap(head_, other.head_);
        std::swap(bits_, other.bits_);
    }

private:
    friend class Key;
    explicit Value(Kind kind) : number_(0) { head_.kind = kind; }
    Value(Kind kind, detail::PayloadHeader* payload) : payload_(payload) {
        head_.kind = kind;
        head_.form = kPayload;
    }

    // How the value is held. kNoPayload: null, booleans and numbers. kPayload: a string,
    // array or object in a payload. kLiteral: a number with a payload keeping its literal.
    // kInline + n: a string of n bytes in the Value's own bytes 2 to 14, then a NUL. The
    // two kinds of payload are next to each other, so that one comparison tells whether a
    // copy or a destructor has a count to change.
    static constexpr std::uint8_t kNoPayload = 0;
    static constexpr std::uint8_t kPayload = 1;
    static constexpr std::uint8_t kLiteral = 2;
    static constexpr std::uint8_t kInline = 3;
    static constexpr std::size_t kInlineOffset = 2;

    bool holds_payload() const { return static_cast<std::uint8_t>(head_.form - kPayload) <= 1; }
    // An inline string's bytes begin in head_.text and run on into the union's eight.
    const char* inline_text() const { return reinterpret_cast<const char*>(this) + kInlineOffset; }
    double literal_number() const;
    bool uniquely_held() const;

    struct Head {
        Kind kind = Kind::Null;
        std::uint8_t form = kNoPayload;
        char text[6] = {};
    };
    Head head_;
    union {
        double number_;
        detail::PayloadHeader* payload_;
        std::uint64_t bits_;  // all of them, for copying and swapping
    };
};

static_assert(sizeof(Value) == 16, "a Value is a kind and one word");

/// An object key, in 8 bytes. CloudTrail repeats the same few hundred keys in every record,
/// so a key is either one of the process's interned keys (src/value/keys.cpp: the keys that
/// documents repeat and those a filter names), shared by every object that has it, never freed
/// and never counted; or a string payload of its own, counted like a Value's. Both are the
/// payload a string Value holds, so `keys`, `to_entries` and `{(.k): v}` pass text along
/// without copying it.
class Key {
public:
    Key(std::string text);  // NOLINT(google-explicit-constructor): keys are written as text
    Key(std::string_view text) : Key(std::string(text)) {}  // NOLINT
    /// A key written in the code (`"Records"`, `"start"`): interned, so that setting it on
    /// every record allocates nothing.
    Key(const char* text) : Key(interned(text)) {}  // NOLINT
    /// The key a string Value names, sharing its text.
    static Key of(const Value& string);
    /// The interned key for `text`, added when the table has room; else a key of its own.
    static Key interned(std::string_view text);
    /// The interned key for `text` if there is one, else a key of its own.
    static Key existing(std::string_view text);

    Key(const Key& other) noexcept : bits_(other.bits_) {
        if (!is_interned())
            detail::retain(payload());
    }
    Key(Key&& other) noexcept : bits_(other.bits_) { other.bits_ = empty_bits(); }
    Key& operator=(const Key& other) noexcept {
        Key copy(other);
        std::swap(bits_, copy.bits_);
        return *this;
    }
    Key& operator=(Key&& other) noexcept {
        Key moved(std::move(other));
        std::swap(bits_, moved.bits_);
        return *this;
    }
    ~Key() {
        if (!is_interned())
            detail::release(payload());
    }

    /// The key's text, followed by a NUL.
    std::string_view str() const { return payload()->text(); }
    operator std::string_view() const { return str(); }  // NOLINT
    std::size_t size() const { return payload()->size; }
    bool empty() const { return payload()->size == 0; }
    const char* data() const { return payload()->data; }
    bool is_interned() const { return (bits_ & 1) != 0; }
    /// The key as a string Value, sharing its text.
    Value value() const;
    /// Makes a key of its own safe to copy from several threads (see Value::share).
    void share() const;

    friend bool operator==(const Key& a, const Key& b) {
        // Interned keys are unique by text, so two of them are equal only if they are one.
        return a.bits_ == b.bits_ || (!(a.is_interned() && b.is_interned()) && a.str() == b.str());
    }
    friend bool operator==(const Key& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const Key& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const Key& a, const char* b) { return a.str() == b; }
    template <class T>
    friend bool operator==(const T& a, const Key& b) {
        return b == a;
    }
    template <class T>
    friend bool operator!=(const Key& a, const T& b) {
        return !(a == b);
    }
    template <class T, class = std::enable_if_t<!std::is_same<T, Key>::value>>
    friend bool operator!=(const T& a, const Key& b) {
        return !(b == a);
    }
    friend bool operator<(const Key& a, const Key& b) { return a.str() < b.str(); }

private:
    explicit Key(std::uintptr_t bits) : bits_(bits) {}
    detail::StringPayload* payload() const {
        return reinterpret_cast<detail::StringPayload*>(bits_ & ~std::uintptr_t{1});
    }
    // What a moved-from key holds: no payload, marked interned so that nothing counts it.
    // Such a key may only be destroyed or assigned to.
    static constexpr std::uintptr_t empty_bits() { return 1; }

    std::uintptr_t bits_;  // the payload's address; the low bit set when it is interned
};

static_assert(sizeof(Key) == 8, "a key is one word");

/// A JSON object: keys keep the order in which they were first inserted (as in
/// jq), and lookups stay O(1) on large objects through a hash index built only
/// once an object grows past a handful of keys.
class Object {
public:
    using Entry = std::pair<Key, Value>;

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
    void set(Key key, Value value);
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
    template <class K>
    std::ptrdiff_t position_of(const K& key) const;
    void rebuild_index();

    std::vector<Entry, detail::PoolAllocator<Entry>> entries_;
    std::unique_ptr<Index> index_;
};

}  // namespace ctq
