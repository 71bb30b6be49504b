// Short strings shared between the values a reader makes (see shared_strings.hpp).
#include "shared_strings.hpp"

#include <string>

#include "ctq/value/text_hash.hpp"

namespace ctq {

namespace {

// Whether a text with this hash was met before (a fingerprint clash can say so early, which
// only shares one text sooner); marks it met if not.
bool met_before(std::vector<std::uint32_t>& fingerprints, std::uint64_t hash) {
    std::uint32_t& seen = fingerprints[(hash >> 17) & (fingerprints.size() - 1)];
    const auto mark = static_cast<std::uint32_t>(hash >> 32) | 1;
    if (seen == mark)
        return true;
    seen = mark;
    return false;
}

}  // namespace

Value SharedStrings::get(std::string_view text) {
    // A short text is held inside its Value, which costs less than looking it up; a long one
    // is seldom repeated.
    if (text.size() <= Value::kMaxInline || text.size() > kMaxLength)
        return Value::string(text);
    if (slots_.empty()) {
        slots_.resize(kFirstSlots);
        seen_.assign(kSeenSlots, 0);
    }
    const std::uint64_t hash = text_hash(text) | 1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask; slots_[i].hash != 0; i = (i + 1) & mask) {
        if (slots_[i].hash == hash && slots_[i].value.as_string() == text)
            return slots_[i].value;
    }
    Value value = Value::string(text);
    // Kept the second time it is seen.
    if (kept_ < kMaxSlots / 2 && met_before(seen_, hash))
        keep(hash, value);
    return value;
}

Key SharedStrings::key(std::string_view text, std::size_t place) {
    if (key_at_place_.empty()) {
        key_at_place_.resize(kPlaces);
        recent_keys_.resize(kRecentKeys);
    }
    std::optional<Key>& at_place = key_at_place_[place & (kPlaces - 1)];
    if (at_place && *at_place == text)
        return *at_place;
    const std::uint64_t hash = text_hash(text);
    RecentKey& recent = recent_keys_[hash & (kRecentKeys - 1)];
    if (recent.key && recent.hash == hash && *recent.key == text) {
        at_place = recent.key;
        return *recent.key;
    }
    Key key = Key::existing(text);
    if (!key.is_interned()) {
        // Interned the second time this reader sees it, so that keys which are really data
        // (ids as keys) do not fill the process's table.
        if (seen_keys_.empty())
            seen_keys_.assign(kSeenSlots, 0);
        if (!met_before(seen_keys_, hash))
            return key;
        key = Key::interned(text);
        if (!key.is_interned())
            return key;  // the table is full, or the key too long
    }
    recent.hash = hash;
    recent.key = key;
    at_place = key;
    return key;
}

void SharedStrings::keep(std::uint64_t hash, const Value& value) {
    if ((kept_ + 1) * 2 > slots_.size())
        grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = Slot{hash, value};
    slots_[i].value.share();
    ++kept_;
}

void SharedStrings::grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (Slot& slot : old) {
        if (slot.hash == 0)
            continue;
        std::size_t i = slot.hash & mask;
        while (slots_[i].hash != 0) i = (i + 1) & mask;
        slots_[i] = std::move(slot);
    }
}

}  // namespace ctq
