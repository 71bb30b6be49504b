// Exact counts up to a capacity, then Space-Saving: see top_counter.hpp.
#include "ctq/output/top_counter.hpp"

#include <algorithm>
#include <stdexcept>

namespace ctq {

TopCounter::TopCounter(std::size_t capacity) : capacity_(capacity) {
    if (capacity_ == 0)
        throw std::invalid_argument("TopCounter needs at least one counter");
}

void TopCounter::add(std::string_view value, std::uint64_t times) {
    total_ += times;
    if (const auto found = index_.find(value); found != index_.end()) {
        counters_[found->second].count += times;
        sift_down(heap_position_[found->second]);
        return;
    }
    if (counters_.size() < capacity_) {
        const std::size_t at = counters_.size();
        counters_.push_back({std::string(value), times, 0});
        index_.emplace(counters_.back().value, at);
        heap_.push_back(at);
        heap_position_.push_back(heap_.size() - 1);
        sift_up(heap_.size() - 1);
        return;
    }
    // Space-Saving: the new value takes the smallest counter over, and what that counter had
    // counted is the most the new value's count can be wrong by.
    const std::size_t smallest = heap_.front();
    Counter& counter = counters_[smallest];
    index_.erase(counter.value);
    counter.value.assign(value);
    counter.error = counter.count;
    counter.count += times;
    index_.emplace(counter.value, smallest);
    ++evictions_;
    sift_down(0);
}

std::uint64_t TopCounter::min_count() const {
    return counters_.size() < capacity_ ? 0 : counters_[heap_.front()].count;
}

std::vector<TopEntry> TopCounter::top(std::size_t n) const {
    std::vector<const Counter*> order;
    order.reserve(counters_.size());
    for (const Counter& counter : counters_) order.push_back(&counter);
    const auto by_count = [](const Counter* a, const Counter* b) {
        return a->count != b->count ? a->count > b->count : a->value < b->value;
    };
    n = std::min(n, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      by_count);
    std::vector<TopEntry> entries;
    for (std::size_t i = 0; i < n; ++i)
        entries.push_back({order[i]->value, order[i]->count, order[i]->error});
    return entries;
}

bool TopCounter::less(std::size_t a, std::size_t b) const {
    return counters_[heap_[a]].count < counters_[heap_[b]].count;
}

void TopCounter::swap_heap(std::size_t a, std::size_t b) {
    std::swap(heap_[a], heap_[b]);
    heap_position_[heap_[a]] = a;
    heap_position_[heap_[b]] = b;
}

void TopCounter::sift_up(std::size_t at) {
    while (at > 0) {
        const std::size_t parent = (at - 1) / 2;
        if (!less(at, parent))
            return;
        swap_heap(at, parent);
        at = parent;
    }
}

void TopCounter::sift_down(std::size_t at) {
    while (true) {
        const std::size_t left = 2 * at + 1;
        const std::size_t right = left + 1;
        std::size_t smallest = at;
        if (left < heap_.size() && less(left, smallest))
            smallest = left;
        if (right < heap_.size() && less(right, smallest))
            smallest = right;
        if (smallest == at)
            return;
        swap_heap(at, smallest);
        at = smallest;
    }
}

}  // namespace ctq
