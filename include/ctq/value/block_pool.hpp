// Small blocks for payloads and short arrays and objects, carved from big slabs.
//
// A document read into values is mostly small pieces: a payload for each container and long
// string, a buffer for each container's members. Asking the system allocator for every one
// costs a call and a chunk header each. The pool takes memory from the system 64 KiB at a
// time and carves blocks of 16 to 1024 bytes from it on each thread without a lock, so a
// document is allocated in bulk and its pieces are freed in a few instructions.
//
// A freed block goes back to the thread whose slab it came from: at once when that is the
// freeing thread, else through a lock-free list that the owner takes up when it runs short.
// Memory so follows what is alive even when one thread builds values and another drops them.
// A thread that ends hands its slabs to the next thread that starts. Slabs are kept for
// reuse, never returned to the system: the peak stays the peak, as with most allocators.
//
// Under AddressSanitizer the routing functions ask the system for each block, so that it sees
// every block's bounds and lifetime; the pool itself is still tested directly.
#pragma once

#include <cstddef>
#include <limits>
#include <new>

namespace ctq::detail {

/// Blocks come in multiples of this, up to kPoolLargest; bigger ones are the system's.
constexpr std::size_t kPoolGrain = 16;
constexpr std::size_t kPoolLargest = 1024;

/// A block of at least `bytes`, aligned to 16, from this thread's slabs (from operator new
/// above kPoolLargest).
void* pool_allocate(std::size_t bytes);
/// Gives back a block from pool_allocate of the same `bytes`, from any thread.
void pool_free(void* block, std::size_t bytes) noexcept;

/// What the pool holds, for tests and for the curious.
struct PoolCounts {
    std::size_t slabs = 0;  // taken from the system so far, by every thread
    std::size_t heaps = 0;  // threads' heaps made so far (ended threads' are reused)
};
PoolCounts pool_counts();

#if defined(__SANITIZE_ADDRESS__)
#define CTQ_POOL_PASSTHROUGH 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTQ_POOL_PASSTHROUGH 1
#endif
#endif

/// Where values' blocks come from: the pool, or the system under AddressSanitizer.
inline void* allocate_block(std::size_t bytes) {
#ifdef CTQ_POOL_PASSTHROUGH
    return ::operator new(bytes);
#else
    return pool_allocate(bytes);
#endif
}

inline void free_block(void* block, std::size_t bytes) noexcept {
#ifdef CTQ_POOL_PASSTHROUGH
    (void)bytes;
    ::operator delete(block);
#else
    pool_free(block, bytes);
#endif
}

/// A standard allocator over allocate_block, for the buffers of arrays and objects.
template <class T>
class PoolAllocator {
public:
    using value_type = T;

    PoolAllocator() noexcept = default;
    template <class U>
    PoolAllocator(const PoolAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)

    T* allocate(std::size_t n) {
        if (n > std::numeric_limits<std::size_t>::max() / sizeof(T))
            throw std::bad_array_new_length();
        return static_cast<T*>(allocate_block(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept { free_block(p, n * sizeof(T)); }

    template <class U>
    friend bool operator==(const PoolAllocator&, const PoolAllocator<U>&) {
        return true;
    }
    template <class U>
    friend bool operator!=(const PoolAllocator&, const PoolAllocator<U>&) {
        return false;
    }
};

}  // namespace ctq::detail
