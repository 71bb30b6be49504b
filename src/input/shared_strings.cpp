// Short strings shared between the values a reader makes (see shared_strings.hpp).
#include "shared_strings.hpp"

#include <functional>
#include <string>

namespace ctq {

Value SharedStrings::get(std::string_view text) {
    if (text.size() > kMaxLength)
        return Value::string(std::string(text));
    if (slots_.empty()) {
        slots_.resize(kSlots);
        seen_.assign(kSeenSlots, 0);
    }
    const std::uint64_t hash = std::hash<std::string_view>{}(text) | 1;
    std::size_t i = hash & (kSlots - 1);
    for (; slots_[i].hash != 0; i = (i + 1) & (kSlots - 1)) {
        if (slots_[i].hash == hash && slots_[i].value.as_string() == text)
            return slots_[i].value;
    }
    Value value = Value::string(std::string(text));
    if (kept_ < kSlots / 2) {
        // Kept the second time it is seen (a fingerprint clash only keeps one early).
        std::uint32_t& seen = seen_[(hash >> 17) & (kSeenSlots - 1)];
        const auto mark = static_cast<std::uint32_t>(hash >> 32) | 1;
        if (seen == mark) {
            value.share();
            slots_[i] = Slot{hash, value};
            ++kept_;
        } else {
            seen = mark;
        }
    }
    return value;
}

}  // namespace ctq
