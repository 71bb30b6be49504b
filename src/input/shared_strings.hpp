// One Value for each short string a reader meets again and again.
//
// CloudTrail repeats the same values in every record: event names and sources, regions,
// account ids, ARNs, user agents, "AwsApiCall". Read naively, each occurrence is a payload of
// its own, about 64 bytes and an allocation or two; a document read whole then takes several
// times its size, and so do the arrays that aggregations gather. The reader hands out one
// shared Value per such text instead (texts short enough to sit inside a Value need no
// sharing). A text is kept only once it has been seen twice, so unique ones (event ids,
// request ids) do not crowd out the repeated ones, and the table stops growing at a fixed
// size. Kept values are marked shared: their reference counts are
// atomic, as the values go to other threads (--threads) while the table still holds them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

class SharedStrings {
public:
    /// A string Value equal to `text`: the one handed out before, if `text` is kept.
    Value get(std::string_view text);
    /// An object key equal to `text`: interned (see Key) once this reader has seen it twice.
    /// `place` says where the key stands (its object's depth and its position there): records
    /// give their keys in the same order, so the key last met at the same place is tried first.
    Key key(std::string_view text, std::size_t place);

private:
    static constexpr std::size_t kMaxLength = 96;        // longer texts are seldom repeated
    static constexpr std::size_t kFirstSlots = 1u << 8;  // a small file keeps few texts
    static constexpr std::size_t kMaxSlots = 1u << 14;   // open addressing, at most half full
    static constexpr std::size_t kSeenSlots = 1u << 13;  // fingerprints of texts seen once

    struct Slot {
        std::uint64_t hash = 0;  // 0: empty
        Value value;
    };
    void keep(std::uint64_t hash, const Value& value);
    void grow();

    std::vector<Slot> slots_;               // allocated on first use, doubled as it fills
    std::vector<std::uint32_t> seen_;       // likewise
    std::vector<std::uint32_t> seen_keys_;  // fingerprints of keys seen once
    // The interned keys met last, by hash: most keys are found here, in a few cache lines,
    // rather than in the process's big table.
    static constexpr std::size_t kRecentKeys = 256;
    struct RecentKey {
        std::uint64_t hash = 0;
        std::optional<Key> key;
    };
    std::vector<RecentKey> recent_keys_;
    static constexpr std::size_t kPlaces = 1024;
    std::vector<std::optional<Key>> key_at_place_;  // the last interned key met at each place
    std::size_t kept_ = 0;
};

}  // namespace ctq
