// The block pool (see block_pool.hpp): per-thread heaps carving slabs mapped from the system.
//
// A slab is 64 KiB at a 64 KiB boundary, so a block finds its slab, and the slab's owner, by
// clearing the low bits of its address. Slabs come from regions of 4 MiB mapped at once; the
// only lock is taken to hand out a slab or a heap, once per 64 KiB or per thread.
#include "ctq/value/block_pool.hpp"

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace ctq::detail {

namespace {

constexpr std::size_t kSlabBytes = std::size_t{1} << 16;
constexpr std::size_t kRegionBytes = std::size_t{1} << 22;
constexpr std::size_t kClasses = kPoolLargest / kPoolGrain;
// The slab's header takes its first 64 bytes; blocks start after it.
constexpr std::size_t kSlabHeaderBytes = 64;

struct FreeBlock {
    FreeBlock* next;
};

struct Heap {
    // Only the owning thread touches these.
    FreeBlock* local[kClasses] = {};
    char* bump = nullptr;  // the current slab's unused rest
    char* bump_end = nullptr;
    // Blocks other threads gave back, on cache lines of their own so that their pushes do not
    // disturb the owner's fields.
    alignas(64) std::atomic<FreeBlock*> remote[kClasses] = {};
    Heap* next_idle = nullptr;  // only under Source's lock
};

struct Slab {
    Heap* owner;
};

// The process's slabs and heaps, behind one lock.
struct Source {
    std::mutex lock;
    char* region = nullptr;  // the current region's slabs not yet handed out
    char* region_end = nullptr;
    Heap* idle = nullptr;  // heaps of threads that ended
    PoolCounts counts;
};

Source& source() {
    static Source* const instance = new Source();  // never destroyed: blocks outlive main
    return *instance;
}

thread_local Heap* t_heap = nullptr;
thread_local bool t_ended = false;

std::size_t class_of(std::size_t bytes) {
    return bytes == 0 ? 0 : (bytes - 1) / kPoolGrain;
}

// The region is mapped one slab larger than it is used, and trimmed so that it begins on a
// slab boundary; its pages only count once they are touched.
void map_region(Source& src) {
    const std::size_t mapped = kRegionBytes + kSlabBytes;
    void* memory =
        ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(memory);
    const std::uintptr_t aligned = (start + kSlabBytes - 1) & ~(kSlabBytes - 1);
    if (aligned > start)
        ::munmap(memory, aligned - start);
    const std::uintptr_t end = start + mapped;
    if (end > aligned + kRegionBytes)
        ::munmap(reinterpret_cast<void*>(aligned + kRegionBytes), end - aligned - kRegionBytes);
    src.region = reinterpret_cast<char*>(aligned);
    src.region_end = src.region + kRegionBytes;
}

char* take_slab(Heap* owner) {
    Source& src = source();
    std::lock_guard<std::mutex> hold(src.lock);
    if (src.region == src.region_end)
        map_region(src);
    char* slab = src.region;
    src.region += kSlabBytes;
    ++src.counts.slabs;
    reinterpret_cast<Slab*>(slab)->owner = owner;
    return slab;
}

// Gives an ended thread's heap to the next thread that starts, slabs, free blocks and all.
struct HeapReturn {
    ~HeapReturn() {
        Heap* heap = t_heap;
        t_heap = nullptr;
        t_ended = true;
        if (heap == nullptr)
            return;
        Source& src = source();
        std::lock_guard<std::mutex> hold(src.lock);
        heap->next_idle = src.idle;
        src.idle = heap;
    }
};

Heap* this_threads_heap() {
    if (t_heap != nullptr)
        return t_heap;
    Source& src = source();
    {
        std::lock_guard<std::mutex> hold(src.lock);
        if (src.idle != nullptr) {
            t_heap = src.idle;
            src.idle = t_heap->next_idle;
        } else {
            t_heap = new Heap();
            ++src.counts.heaps;
        }
    }
    // A thread that allocates while its thread_locals are being destroyed keeps the heap for
    // good: it cannot be handed on, and is only lost memory, not wrong.
    if (!t_ended) {
        static thread_local HeapReturn on_exit;
        (void)on_exit;
    }
    return t_heap;
}

void* allocate_slow(Heap* heap, std::size_t cls) {
    if (heap->remote[cls].load(std::memory_order_relaxed) != nullptr) {
        FreeBlock* taken = heap->remote[cls].exchange(nullptr, std::memory_order_acquire);
        if (taken != nullptr) {
            heap->local[cls] = taken->next;
            return taken;
        }
    }
    const std::size_t bytes = (cls + 1) * kPoolGrain;
    if (heap->bump == nullptr || static_cast<std::size_t>(heap->bump_end - heap->bump) < bytes) {
        char* slab = take_slab(heap);
        heap->bump = slab + kSlabHeaderBytes;
        heap->bump_end = slab + kSlabBytes;
    }
    void* block = heap->bump;
    heap->bump += bytes;
    return block;
}

}  // namespace

void* pool_allocate(std::size_t bytes) {
    if (bytes > kPoolLargest)
        return ::operator new(bytes);
    Heap* heap = this_threads_heap();
    const std::size_t cls = class_of(bytes);
    if (FreeBlock* block = heap->local[cls]) {
        heap->local[cls] = block->next;
        return block;
    }
    return allocate_slow(heap, cls);
}

void pool_free(void* block, std::size_t bytes) noexcept {
    if (block == nullptr)
        return;
    if (bytes > kPoolLargest) {
        ::operator delete(block);
        return;
    }
    const std::size_t cls = class_of(bytes);
    auto* freed = static_cast<FreeBlock*>(block);
    const auto slab = reinterpret_cast<std::uintptr_t>(block) & ~(kSlabBytes - 1);
    Heap* owner = reinterpret_cast<const Slab*>(slab)->owner;
    if (owner == t_heap) {
        freed->next = owner->local[cls];
        owner->local[cls] = freed;
        return;
    }
    // Only pushes happen here; the owner takes the whole list at once, so no ABA.
    FreeBlock* head = owner->remote[cls].load(std::memory_order_relaxed);
    do {
        freed->next = head;
    } while (!owner->remote[cls].compare_exchange_weak(head, freed, std::memory_order_release,
                                                       std::memory_order_relaxed));
}

PoolCounts pool_counts() {
    Source& src = source();
    std::lock_guard<std::mutex> hold(src.lock);
    return src.counts;
}

}  // namespace ctq::detail
