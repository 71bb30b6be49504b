// A fast hash of short texts, for the tables that share keys and strings between values.
//
// Those tables hash every key and short string a reader meets, most of them under 24 bytes;
// std::hash's byte loop showed in profiles. This one takes eight bytes at a time and mixes
// them with multiply-xorshift steps (as splitmix64 does): good enough for open addressing.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ctq {

inline std::uint64_t text_hash(std::string_view text) {
    const char* p = text.data();
    std::size_t n = text.size();
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
    auto mix = [&h](std::uint64_t word) {
        h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    };
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        mix(word);
    }
    if (n > 0) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, n);
        mix(word);
    }
    h = (h ^ (h >> 29)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 32);
}

}  // namespace ctq
