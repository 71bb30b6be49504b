// The most frequent values of a stream in bounded memory: exact counts while the distinct
// values fit in a fixed number of counters, then the Space-Saving sketch over those counters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ctq {

/// One value of TopCounter::top(): its count, and by how much that count may exceed the true
/// one (0 while the counter is exact).
struct TopEntry {
    std::string value;
    std::uint64_t count = 0;
    std::uint64_t error = 0;
};

/// Counts values with at most `capacity` counters. While no more than `capacity` distinct
/// values have been seen, every count is exact. After that, each new value takes over the
/// smallest counter, inheriting its count (Metwally, Agrawal, El Abbadi, "Efficient
/// Computation of Frequent and Top-k Elements in Data Streams", 2005): a count is then an
/// upper bound, over by at most its `error`, and any value with a true count above
/// min_count() is sure to hold a counter. Memory is bounded by `capacity` values.
class TopCounter {
public:
    explicit TopCounter(std::size_t capacity);
    // The index views into the counters: a copy would view into the original's.
    TopCounter(const TopCounter&) = delete;
    TopCounter& operator=(const TopCounter&) = delete;
    TopCounter(TopCounter&&) = default;
    TopCounter& operator=(TopCounter&&) = default;

    void add(std::string_view value, std::uint64_t times = 1);

    /// The `n` largest counts, largest first, ties by value (byte order).
    std::vector<TopEntry> top(std::size_t n) const;

    /// Whether any value has lost its counter, so that counts are upper bounds.
    bool approximate() const { return evictions_ > 0; }
    /// Everything added, exactly.
    std::uint64_t total() const { return total_; }
    /// Distinct values seen: exact while !approximate(), else a lower bound.
    std::uint64_t distinct() const { return counters_.size() + (evictions_ > 0 ? 1 : 0); }
    /// The smallest count held (0 while there are free counters): no value without a counter
    /// occurred more often than this.
    std::uint64_t min_count() const;
    std::size_t capacity() const { return capacity_; }

private:
    struct Counter {
        std::string value;
        std::uint64_t count = 0;
        std::uint64_t error = 0;
    };

    // A min-heap of counter indexes by count, so the smallest counter is found at once and a
    // count that grows sinks in O(log capacity).
    bool less(std::size_t a, std::size_t b) const;
    void sift_down(std::size_t at);
    void sift_up(std::size_t at);
    void swap_heap(std::size_t a, std::size_t b);

    std::size_t capacity_;
    std::deque<Counter> counters_;  // never moved, so the index's keys can view into them
    std::vector<std::size_t> heap_;
    std::vector<std::size_t> heap_position_;  // of each counter
    std::unordered_map<std::string_view, std::size_t> index_;
    std::uint64_t total_ = 0;
    std::uint64_t evictions_ = 0;
};

}  // namespace ctq
