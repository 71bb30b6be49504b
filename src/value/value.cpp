// Value construction and the insertion-ordered Object.
#include "ctq/value/value.hpp"

#include <cstddef>
#include <cstring>
#include <functional>
#include <new>

namespace ctq {

std::string_view kind_name(Kind kind) {
    switch (kind) {
        case Kind::Null: return "null";
        case Kind::False:
        case Kind::True: return "boolean";
        case Kind::Number: return "number";
        case Kind::String: return "string";
        case Kind::Array: return "array";
        case Kind::Object: return "object";
    }
    return "null";
}

namespace {

using detail::StringPayload;

struct ArrayPayload : detail::PayloadHeader {
    Array items;
    explicit ArrayPayload(Array a) : PayloadHeader(Kind::Array), items(std::move(a)) {}
};

struct ObjectPayload : detail::PayloadHeader {
    Object items;
    explicit ObjectPayload(Object o) : PayloadHeader(Kind::Object), items(std::move(o)) {}
};

struct LiteralPayload : detail::PayloadHeader {
    double number;
    std::string literal;
    LiteralPayload(double d, std::string text)
        : PayloadHeader(Kind::Number), number(d), literal(std::move(text)) {}
};

template <class T>
const T& payload_as(const detail::PayloadHeader* p) {
    return *static_cast<const T*>(p);
}

// Releasing a deeply nested value would recurse once per level through the
// payload destructors and overflow the stack (nlohmann's trap at depth 1e5).
// Instead, a dying container hands its children to a per-thread worklist,
// and only the outermost release drains it, in a loop.
struct Graveyard {
    std::vector<Value> pending;
    bool draining = false;
};

thread_local Graveyard graveyard;

void bury(Value& child) {
    if (child.is_array() || child.is_object())
        graveyard.pending.push_back(std::move(child));
}

void bury_children(ArrayPayload& payload) {
    for (Value& child : payload.items) bury(child);
}

void bury_children(ObjectPayload& payload) {
    for (std::size_t i = 0; i < payload.items.size(); ++i)
        bury(const_cast<Value&>(payload.items.entry(i).second));
}

template <class Container>
void release_container(Container* payload) {
    bury_children(*payload);
    delete payload;
    if (graveyard.draining)
        return;
    graveyard.draining = true;
    while (!graveyard.pending.empty()) {
        Value doomed = std::move(graveyard.pending.back());
        graveyard.pending.pop_back();
    }
    graveyard.draining = false;
}

}  // namespace

namespace detail {

void release_payload(PayloadHeader* payload) noexcept {
    switch (payload->kind) {
        case Kind::String: StringPayload::destroy(static_cast<StringPayload*>(payload)); return;
        case Kind::Number: delete static_cast<LiteralPayload*>(payload); return;
        case Kind::Array: release_container(static_cast<ArrayPayload*>(payload)); return;
        case Kind::Object: release_container(static_cast<ObjectPayload*>(payload)); return;
        default: return;
    }
}

// A compact payload's block: its fields, the text, a NUL.
std::size_t compact_bytes(std::size_t size) {
    return sizeof(StringPayload) + size + 1;
}

StringPayload* StringPayload::make(std::string_view text) {
    void* block = allocate_block(compact_bytes(text.size()));
    char* bytes = static_cast<char*>(block) + sizeof(StringPayload);
    if (!text.empty())
        std::memcpy(bytes, text.data(), text.size());
    bytes[text.size()] = '\0';
    return ::new (block) StringPayload(bytes, text.size());
}

StringPayload* StringPayload::make(std::string&& text) {
    if (compact_bytes(text.size()) <= kPoolLargest)
        return make(std::string_view(text));
    return new OwnedString(std::move(text));
}

void StringPayload::destroy(StringPayload* payload) noexcept {
    if (payload->owns_string) {
        delete static_cast<OwnedString*>(payload);
        return;
    }
    const std::size_t bytes = compact_bytes(payload->size);
    payload->~StringPayload();
    free_block(payload, bytes);
}

OwnedString::OwnedString(std::string text) : StringPayload(nullptr, 0), storage(std::move(text)) {
    owns_string = true;
    point_at_storage();
}

void OwnedString::append(std::string_view more) {
    storage.append(more);
    point_at_storage();
}

}  // namespace detail

Value Value::number(double d) {
    Value v{Kind::Number};
    v.number_ = d;
    return v;
}

Value Value::number_with_literal(double d, std::string literal) {
    Value v{Kind::Number, new LiteralPayload(d, std::move(literal))};
    v.head_.form = kLiteral;
    return v;
}

Value Value::string(std::string s) {
    if (s.size() <= kMaxInline)
        return string(std::string_view(s));
    return Value{Kind::String, StringPayload::make(std::move(s))};
}

Value Value::string(std::string_view s) {
    static_assert(offsetof(Value, head_) + offsetof(Head, text) == kInlineOffset &&
                      offsetof(Value, bits_) == kInlineOffset + sizeof(Head::text) &&
                      kInlineOffset + kMaxInline + 1 == sizeof(Value),
                  "an inline string and its NUL fill head_.text and the union exactly");
    if (s.size() > kMaxInline)
        return Value{Kind::String, StringPayload::make(s)};
    Value v{Kind::String};
    v.head_.form = static_cast<std::uint8_t>(kInline + s.size());
    char* text = reinterpret_cast<char*>(&v) + kInlineOffset;
    std::memcpy(text, s.data(), s.size());
    text[s.size()] = '\0';
    return v;
}

Value Value::array(Array items) {
    return Value{Kind::Array, new ArrayPayload(std::move(items))};
}

Value Value::object(Object obj) {
    return Value{Kind::Object, new ObjectPayload(std::move(obj))};
}

double Value::literal_number() const {
    return payload_as<LiteralPayload>(payload_).number;
}

// A shared payload is never changed in place: another thread may be reading it.
bool Value::uniquely_held() const {
    return !payload_->shared && payload_->refs == 1;
}

Array* Value::unique_array() {
    if (head_.kind != Kind::Array || !uniquely_held())
        return nullptr;
    return &static_cast<ArrayPayload*>(payload_)->items;
}

bool Value::appendable_string() const {
    return head_.kind == Kind::String && head_.form == kPayload && uniquely_held();
}

std::size_t Value::string_capacity() const {
    const auto* payload = static_cast<const StringPayload*>(payload_);
    if (payload->owns_string)
        return static_cast<const detail::OwnedString*>(payload)->capacity();
    return payload->size;
}

void Value::append_string(std::string_view more) {
    auto* payload = static_cast<StringPayload*>(payload_);
    if (!payload->owns_string) {
        std::string text;
        text.reserve(2 * (payload->size + more.size()));
        text.append(payload->text());
        auto* grown = new detail::OwnedString(std::move(text));
        StringPayload::destroy(payload);
        payload_ = grown;
        payload = grown;
    }
    static_cast<detail::OwnedString*>(payload)->append(more);
}

Object* Value::unique_object() {
    if (head_.kind != Kind::Object || !uniquely_held())
        return nullptr;
    return &static_cast<ObjectPayload*>(payload_)->items;
}

void Value::share() {
    // A worklist rather than recursion: a shared document can be deeply nested. A payload
    // already shared has shared children, since shared payloads never change.
    std::vector<const Value*> work{this};
    while (!work.empty()) {
        const Value* v = work.back();
        work.pop_back();
        if (!v->holds_payload() || v->payload_->shared)
            continue;
        v->payload_->shared = true;
        if (v->head_.kind == Kind::Array) {
            for (const Value& child : v->as_array()) work.push_back(&child);
        } else if (v->head_.kind == Kind::Object) {
            for (const auto& entry : v->as_object()) {
                entry.first.share();
                work.push_back(&entry.second);
            }
        }
    }
}

const std::string* Value::number_literal() const {
    return head_.form == kLiteral ? &payload_as<LiteralPayload>(payload_).literal : nullptr;
}

const Array& Value::as_array() const {
    return payload_as<ArrayPayload>(payload_).items;
}

const Object& Value::as_object() const {
    return payload_as<ObjectPayload>(payload_).items;
}

Value Value::field(std::string_view key) const {
    if (head_.kind != Kind::Object)
        return {};
    const Value* found = as_object().find(key);
    return found ? *found : Value{};
}

Value Value::at(std::ptrdiff_t index) const {
    if (head_.kind != Kind::Array)
        return {};
    const Array& items = as_array();
    const auto size = static_cast<std::ptrdiff_t>(items.size());
    if (index < 0)
        index += size;
    if (index < 0 || index >= size)
        return {};
    return items[static_cast<std::size_t>(index)];
}

// --- Object ---------------------------------------------------------------

namespace {
// Below this many keys a linear scan beats hashing: measured on CloudTrail
// records, which have 15 to 40 keys (most nested objects fewer than ten).
constexpr std::size_t kIndexThreshold = 32;
constexpr std::uint32_t kEmptySlot = UINT32_MAX;
}  // namespace

Object::Object(const Object& other) : entries_(other.entries_) {
    if (other.index_)
        rebuild_index();
}

Object& Object::operator=(const Object& other) {
    if (this != &other) {
        entries_ = other.entries_;
        index_.reset();
        if (other.index_)
            rebuild_index();
    }
    return *this;
}

Object::Object(Object&&) noexcept = default;
Object& Object::operator=(Object&&) noexcept = default;
Object::~Object() = default;

std::ptrdiff_t Object::position(std::string_view key) const {
    return position_of(key);
}

// With a Key, two interned keys compare by address alone: the reader's check for a repeated
// key compares each new member with every one before it.
template <class K>
std::ptrdiff_t Object::position_of(const K& key) const {
    if (!index_) {
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (entries_[i].first == key)
                return static_cast<std::ptrdiff_t>(i);
        }
        return -1;
    }
    std::size_t slot = std::hash<std::string_view>{}(std::string_view(key)) & index_->mask;
    while (index_->slots[slot] != kEmptySlot) {
        const std::uint32_t i = index_->slots[slot];
        if (entries_[i].first == key)
            return static_cast<std::ptrdiff_t>(i);
        slot = (slot + 1) & index_->mask;
    }
    return -1;
}

void Object::rebuild_index() {
    if (entries_.size() < kIndexThreshold) {
        index_.reset();
        return;
    }
    std::size_t capacity = 32;
    while (capacity < entries_.size() * 2) capacity *= 2;
    if (!index_)
        index_ = std::make_unique<Index>();
    index_->slots.assign(capacity, kEmptySlot);
    index_->mask = capacity - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        std::size_t slot = std::hash<std::string_view>{}(entries_[i].first) & index_->mask;
        while (index_->slots[slot] != kEmptySlot) slot = (slot + 1) & index_->mask;
        index_->slots[slot] = static_cast<std::uint32_t>(i);
    }
}

const Value* Object::find(std::string_view key) const {
    const std::ptrdiff_t i = position(key);
    return i < 0 ? nullptr : &entries_[static_cast<std::size_t>(i)].second;
}

Value* Object::find(std::string_view key) {
    const std::ptrdiff_t i = position(key);
    return i < 0 ? nullptr : &entries_[static_cast<std::size_t>(i)].second;
}

void Object::set(Key key, Value value) {
    const std::ptrdiff_t i = position_of(key);
    if (i >= 0) {
        entries_[static_cast<std::size_t>(i)].second = std::move(value);
        return;
    }
    entries_.emplace_back(std::move(key), std::move(value));
    if (!index_) {
        if (entries_.size() >= kIndexThreshold)
            rebuild_index();
        return;
    }
    if (entries_.size() * 2 > index_->slots.size()) {
        rebuild_index();
        return;
    }
    std::size_t slot = std::hash<std::string_view>{}(entries_.back().first) & index_->mask;
    while (index_->slots[slot] != kEmptySlot) slot = (slot + 1) & index_->mask;
    index_->slots[slot] = static_cast<std::uint32_t>(entries_.size() - 1);
}

bool Object::erase(std::string_view key) {
    const std::ptrdiff_t i = position(key);
    if (i < 0)
        return false;
    entries_.erase(entries_.begin() + i);
    if (index_)
        rebuild_index();
    return true;
}

std::vector<std::string_view> Object::keys() const {
    std::vector<std::string_view> out;
    out.reserve(entries_.size());
    for (const auto& entry : entries_) out.push_back(entry.first);
    return out;
}

}  // namespace ctq
