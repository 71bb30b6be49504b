// Chunks of values mapped from the system, so that giving one back returns its memory at once
// (a heap might keep it for later, and the peak would stay).
#include "ctq/value/value_chunks.hpp"

#include <sys/mman.h>

#include <new>
#include <utility>

namespace ctq {

namespace {

constexpr std::size_t kChunkBytes = ValueChunks::kChunkValues * sizeof(Value);

}  // namespace

ValueChunks::~ValueChunks() {
    clear();
}

ValueChunks::Chunk ValueChunks::map_chunk() {
    void* memory =
        ::mmap(nullptr, kChunkBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        throw std::bad_alloc();
    return Chunk{static_cast<Value*>(memory), 0};
}

void ValueChunks::unmap_chunk(Chunk& chunk) {
    for (std::size_t i = 0; i < chunk.count; ++i) chunk.values[i].~Value();
    ::munmap(chunk.values, kChunkBytes);
    chunk = Chunk{nullptr, 0};
}

void ValueChunks::push_back(Value value) {
    if (chunks_.empty() && head_.size() < kChunkValues) {
        head_.push_back(std::move(value));
        return;
    }
    if (chunks_.empty() || chunks_.back().count == kChunkValues)
        chunks_.push_back(map_chunk());
    Chunk& last = chunks_.back();
    new (last.values + last.count) Value(std::move(value));
    ++last.count;
    ++tail_size_;
}

Array ValueChunks::take_from(std::size_t start) {
    if (chunks_.empty() && start == 0)
        return std::exchange(head_, Array());
    Array out;
    out.reserve(size() - start);
    if (start < head_.size()) {
        for (std::size_t i = start; i < head_.size(); ++i) out.push_back(std::move(head_[i]));
        head_.erase(head_.begin() + static_cast<std::ptrdiff_t>(start), head_.end());
        if (start == 0)
            Array().swap(head_);  // its buffer goes too
        start = 0;
    } else {
        start -= head_.size();
    }
    // `start` now counts into the chunks: the one it falls in keeps its values before it.
    const std::size_t keep_chunks = start / kChunkValues + (start % kChunkValues ? 1 : 0);
    for (std::size_t c = start / kChunkValues; c < chunks_.size(); ++c) {
        Chunk& chunk = chunks_[c];
        const std::size_t from = c == start / kChunkValues ? start % kChunkValues : 0;
        for (std::size_t i = from; i < chunk.count; ++i) out.push_back(std::move(chunk.values[i]));
        if (c < keep_chunks) {
            for (std::size_t i = from; i < chunk.count; ++i) chunk.values[i].~Value();
            chunk.count = from;
        } else {
            unmap_chunk(chunk);
        }
    }
    chunks_.resize(keep_chunks);
    tail_size_ = start;
    return out;
}

void ValueChunks::clear() {
    head_.clear();
    for (Chunk& chunk : chunks_) unmap_chunk(chunk);
    chunks_.clear();
    tail_size_ = 0;
}

}  // namespace ctq
