// Object keys and the process's table of interned keys (see Key in value.hpp).
//
// The table is a fixed array of slots filled once and never emptied, so looking a key up
// needs no lock: a slot goes from empty to its payload exactly once, by compare-and-swap, and
// an interned payload lives as long as the process. It stops taking keys when half full, which
// bounds it (at most 32,768 keys of at most 64 bytes: a few MB); keys after that are counted
// payloads of their own, correct and only less shared.
#include <atomic>

#include "ctq/value/text_hash.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

namespace {

using detail::StringPayload;

constexpr std::size_t kSlots = std::size_t{1} << 16;
constexpr std::size_t kMaxKeys = kSlots / 2;
constexpr std::size_t kMaxLength = 64;  // longer keys are seldom repeated

std::atomic<StringPayload*> slots[kSlots];
std::atomic<std::size_t> interned_count{0};

// The empty key, interned apart from the table so that it always is.
StringPayload* empty_key() {
    static StringPayload* const empty = [] {
        auto* payload = StringPayload::make(std::string_view());
        payload->shared = true;
        return payload;
    }();
    return empty;
}

// A payload made for a slot that another thread filled first, or that had no room.
void discard(StringPayload* unused) {
    if (unused != nullptr)
        StringPayload::destroy(unused);
}

// The interned payload for `text`, added if `add` and there is room; nullptr otherwise.
StringPayload* intern(std::string_view text, bool add) {
    if (text.empty())
        return empty_key();
    if (text.size() > kMaxLength)
        return nullptr;
    const std::size_t mask = kSlots - 1;
    std::size_t i = text_hash(text) & mask;
    StringPayload* fresh = nullptr;
    while (true) {
        StringPayload* held = slots[i].load(std::memory_order_acquire);
        if (!held) {
            if (!add || interned_count.load(std::memory_order_relaxed) >= kMaxKeys) {
                discard(fresh);
                return nullptr;
            }
            if (!fresh) {
                fresh = StringPayload::make(text);
                fresh->shared = true;  // other threads copy it as a string Value (Key::value)
            }
            if (slots[i].compare_exchange_strong(held, fresh, std::memory_order_acq_rel)) {
                interned_count.fetch_add(1, std::memory_order_relaxed);
                return fresh;
            }
            // Another thread filled the slot first: `held` is now its payload; look at it.
        }
        if (held->text() == text) {
            discard(fresh);
            return held;
        }
        i = (i + 1) & mask;
    }
}

std::uintptr_t interned_bits(StringPayload* payload) {
    return reinterpret_cast<std::uintptr_t>(payload) | 1;
}

}  // namespace

Key::Key(std::string text)
    : bits_(reinterpret_cast<std::uintptr_t>(StringPayload::make(std::move(text)))) {}

Key Key::of(const Value& string) {
    if (!string.holds_payload())  // a short string kept inline: its key may well be interned
        return existing(string.as_string());
    detail::retain(string.payload_);
    return Key(reinterpret_cast<std::uintptr_t>(string.payload_));
}

Key Key::interned(std::string_view text) {
    if (StringPayload* payload = intern(text, true))
        return Key(interned_bits(payload));
    return Key(std::string(text));
}

Key Key::existing(std::string_view text) {
    if (StringPayload* payload = intern(text, false))
        return Key(interned_bits(payload));
    return Key(std::string(text));
}

Value Key::value() const {
    detail::retain(payload());
    return Value(Kind::String, payload());
}

void Key::share() const {
    if (!is_interned())
        payload()->shared = true;
}

}  // namespace ctq
