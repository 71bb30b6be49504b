// Value construction and the insertion-ordered Object.
#include "ctq/value/value.hpp"

#include <functional>

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

// Releasing a deeply nested value would recurse once per level through the
// payload destructors and overflow the stack (nlohmann's trap at depth 1e5).
// Instead, a dying container hands its children to a per-thread worklist,
// and only the outermost release drains it, in a loop.
struct Graveyard {
    std::vector<Value> pending;
    bool draining = false;
};

thread_local Graveyard graveyard;

template <class Container>
void bury_children(Container& children);

template <>
void bury_children(Array& children) {
    for (Value& child : children) {
        if (child.is_array() || child.is_object())
            graveyard.pending.push_back(std::move(child));
    }
}

template <>
void bury_children(Object& children) {
    for (std::size_t i = 0; i < children.size(); ++i) {
        auto& child = const_cast<Value&>(children.entry(i).second);
        if (child.is_array() || child.is_object())
            graveyard.pending.push_back(std::move(child));
    }
}

// The shared payload of an array or object. Its destructor hands the children
// to the graveyard before the container itself goes, and drains the graveyard
// if no outer release is already doing so. One allocation per container
// (make_shared), since no custom deleter is needed.
template <class Container>
struct Payload {
    Container items;
    explicit Payload(Container c) : items(std::move(c)) {}
    Payload(const Payload&) = delete;
    Payload& operator=(const Payload&) = delete;
    ~Payload() {
        bury_children(items);
        if (graveyard.draining)
            return;
        graveyard.draining = true;
        while (!graveyard.pending.empty()) {
            Value doomed = std::move(graveyard.pending.back());
            graveyard.pending.pop_back();
        }
        graveyard.draining = false;
    }
};

}  // namespace

Value Value::number(double d) {
    Value v{Kind::Number};
    v.number_ = d;
    return v;
}

Value Value::number_with_literal(double d, std::string literal) {
    Value v{Kind::Number, std::make_shared<const std::string>(std::move(literal))};
    v.number_ = d;
    return v;
}

Value Value::string(std::string s) {
    return Value{Kind::String, std::make_shared<std::string>(std::move(s))};
}

Value Value::array(Array items) {
    // Payloads are created non-const so unique_array() may later mutate them.
    return Value{Kind::Array, std::make_shared<Payload<Array>>(std::move(items))};
}

Value Value::object(Object obj) {
    return Value{Kind::Object, std::make_shared<Payload<Object>>(std::move(obj))};
}

Array* Value::unique_array() {
    if (kind_ != Kind::Array || payload_.use_count() != 1)
        return nullptr;
    return &const_cast<Payload<Array>*>(static_cast<const Payload<Array>*>(payload_.get()))->items;
}

std::string* Value::unique_string() {
    if (kind_ != Kind::String || payload_.use_count() != 1)
        return nullptr;
    return const_cast<std::string*>(static_cast<const std::string*>(payload_.get()));
}

Object* Value::unique_object() {
    if (kind_ != Kind::Object || payload_.use_count() != 1)
        return nullptr;
    return &const_cast<Payload<Object>*>(static_cast<const Payload<Object>*>(payload_.get()))
                ->items;
}

const std::string* Value::number_literal() const {
    return kind_ == Kind::Number ? static_cast<const std::string*>(payload_.get()) : nullptr;
}

const std::string& Value::as_string() const {
    return *static_cast<const std::string*>(payload_.get());
}

const Array& Value::as_array() const {
    return static_cast<const Payload<Array>*>(payload_.get())->items;
}

const Object& Value::as_object() const {
    return static_cast<const Payload<Object>*>(payload_.get())->items;
}

Value Value::field(std::string_view key) const {
    if (kind_ != Kind::Object)
        return {};
    const Value* found = as_object().find(key);
    return found ? *found : Value{};
}

Value Value::at(std::ptrdiff_t index) const {
    if (kind_ != Kind::Array)
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
    if (!index_) {
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (entries_[i].first == key)
                return static_cast<std::ptrdiff_t>(i);
        }
        return -1;
    }
    std::size_t slot = std::hash<std::string_view>{}(key)&index_->mask;
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

void Object::set(std::string key, Value value) {
    const std::ptrdiff_t i = position(key);
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
