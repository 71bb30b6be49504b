// A growing run of values that never holds its buffer twice, for arrays of unknown length.
//
// A std::vector that grows by doubling holds its old and its new buffer at once while it
// moves the values over: `[range(1e7)]` peaked at 1.7 times the array's own size. Past its
// first chunk, ValueChunks puts values in fixed chunks mapped straight from the system, and
// take_from() gives each chunk back the moment its values have moved into the result, so the
// peak is the result plus one chunk. Small arrays, the usual case, stay in one vector that is
// handed over as it is.
#pragma once

#include <cstddef>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

class ValueChunks {
public:
    ValueChunks() = default;
    ~ValueChunks();
    ValueChunks(const ValueChunks&) = delete;
    ValueChunks& operator=(const ValueChunks&) = delete;

    void push_back(Value value);
    std::size_t size() const { return head_.size() + tail_size_; }
    bool empty() const { return size() == 0; }
    /// The values from `start` on, moved into an Array of exactly their number; they leave
    /// this run.
    Array take_from(std::size_t start);
    void clear();

    /// Values in the first, ordinary vector; the chunks after it hold as many each.
    static constexpr std::size_t kChunkValues = std::size_t{1} << 16;

private:
    struct Chunk {
        Value* values;
        std::size_t count;
    };
    static Chunk map_chunk();
    static void unmap_chunk(Chunk& chunk);

    Array head_;                 // the first kChunkValues values
    std::vector<Chunk> chunks_;  // the rest, each full but the last
    std::size_t tail_size_ = 0;  // values in chunks_
};

}  // namespace ctq
