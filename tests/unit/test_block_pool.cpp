// Unit tests for the block pool: sizes and reuse, blocks freed by other threads, heaps handed
// on when threads end, and memory that stays bounded when one thread builds and another frees.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "ctq/value/block_pool.hpp"
#include "ctq/value/value.hpp"

using ctq::detail::kPoolGrain;
using ctq::detail::kPoolLargest;
using ctq::detail::pool_allocate;
using ctq::detail::pool_counts;
using ctq::detail::pool_free;

TEST_CASE("pool blocks are aligned, usable and reused on the same thread", "[block_pool]") {
    for (std::size_t bytes = 1; bytes <= kPoolLargest; bytes += 7) {
        void* block = pool_allocate(bytes);
        CHECK(reinterpret_cast<std::uintptr_t>(block) % 16 == 0);
        std::memset(block, 0xAB, bytes);
        pool_free(block, bytes);
        // Last in, first out: the same size class gives the same block back.
        void* again = pool_allocate(bytes);
        CHECK(again == block);
        pool_free(again, bytes);
    }
}

TEST_CASE("pool blocks of one class never overlap", "[block_pool]") {
    const std::size_t bytes = 3 * kPoolGrain;
    std::vector<char*> blocks;
    for (int i = 0; i < 20000; ++i) {
        blocks.push_back(static_cast<char*>(pool_allocate(bytes)));
        std::memset(blocks.back(), i & 0xFF, bytes);
    }
    std::set<char*> sorted(blocks.begin(), blocks.end());
    REQUIRE(sorted.size() == blocks.size());
    for (auto it = sorted.begin(); std::next(it) != sorted.end(); ++it)
        CHECK(*std::next(it) - *it >= static_cast<std::ptrdiff_t>(bytes));
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        CHECK(static_cast<unsigned char>(blocks[i][bytes - 1]) == (i & 0xFF));
        pool_free(blocks[i], bytes);
    }
}

TEST_CASE("pool sizes past the largest class come from the system", "[block_pool]") {
    const auto before = pool_counts().slabs;
    void* big = pool_allocate(kPoolLargest + 1);
    std::memset(big, 1, kPoolLargest + 1);
    pool_free(big, kPoolLargest + 1);
    CHECK(pool_counts().slabs == before);
}

TEST_CASE("blocks freed on another thread go back to their owner", "[block_pool]") {
    // A size class other tests hardly use; a thread may still take over an ended thread's
    // heap with blocks of it free, and those come first.
    const std::size_t bytes = 1000;
    const std::size_t count = 2000;
    std::set<void*> first;
    std::vector<void*> again;
    bool all_back = false;
    bool new_slabs = true;
    std::thread owner([&] {
        for (std::size_t i = 0; i < count; ++i) first.insert(pool_allocate(bytes));
        std::thread([&] {
            for (void* block : first) pool_free(block, bytes);
        }).join();
        const auto slabs = pool_counts().slabs;
        std::size_t seen = 0;
        while (seen < count && again.size() < 100 * count) {
            again.push_back(pool_allocate(bytes));
            seen += first.count(again.back());
        }
        all_back = seen == count;
        new_slabs = pool_counts().slabs != slabs;
        for (void* block : again) pool_free(block, bytes);
    });
    owner.join();
    CHECK(all_back);
    CHECK_FALSE(new_slabs);  // the freed blocks came back before any new memory
}

TEST_CASE("a thread that ends hands its heap to the next one", "[block_pool]") {
    std::vector<void*> left;
    std::thread([&] {
        for (int i = 0; i < 100; ++i) left.push_back(pool_allocate(32));
    }).join();
    const auto heaps = pool_counts().heaps;
    std::thread([&] {
        void* block = pool_allocate(32);
        pool_free(block, 32);
    }).join();
    CHECK(pool_counts().heaps == heaps);
    // The ended thread's blocks are still good, and can be freed from here.
    for (void* block : left) {
        std::memset(block, 0, 32);
        pool_free(block, 32);
    }
}

TEST_CASE("memory stays bounded when one thread builds and another frees", "[block_pool]") {
    // A producer hands batches of blocks to a consumer that frees them, a few batches in
    // flight at a time: what is alive never passes a few batches, and neither may the slabs.
    const std::size_t bytes = 48;
    const int batches = 400;
    const int per_batch = 5000;
    std::mutex lock;
    std::condition_variable changed;
    std::deque<std::vector<void*>> queue;
    bool done = false;
    const auto before = pool_counts().slabs;

    std::thread consumer([&] {
        for (;;) {
            std::unique_lock<std::mutex> hold(lock);
            changed.wait(hold, [&] { return done || !queue.empty(); });
            if (queue.empty())
                return;
            std::vector<void*> batch = std::move(queue.front());
            queue.pop_front();
            hold.unlock();
            changed.notify_all();
            for (void* block : batch) pool_free(block, bytes);
        }
    });
    std::thread producer([&] {
        for (int b = 0; b < batches; ++b) {
            std::vector<void*> batch;
            for (int i = 0; i < per_batch; ++i) batch.push_back(pool_allocate(bytes));
            std::unique_lock<std::mutex> hold(lock);
            changed.wait(hold, [&] { return queue.size() < 4; });
            queue.push_back(std::move(batch));
            changed.notify_all();
        }
        std::lock_guard<std::mutex> hold(lock);
        done = true;
        changed.notify_all();
    });
    producer.join();
    consumer.join();
    // 400 batches of 240 KB went through; at most ~6 batches were ever alive at once.
    const std::size_t slab_bytes = std::size_t{1} << 16;
    const std::size_t alive_bound = 8 * per_batch * bytes / slab_bytes + 8;
    CHECK(pool_counts().slabs - before <= alive_bound);
}

TEST_CASE("values built on one thread and dropped on another", "[block_pool][value]") {
    std::vector<ctq::Value> built;
    std::thread([&] {
        for (int i = 0; i < 1000; ++i) {
            ctq::Object o;
            o.set("name",
                  ctq::Value::string("a string long enough for a payload " + std::to_string(i)));
            o.set("items", ctq::Value::array({ctq::Value::number(i), ctq::Value::null()}));
            built.push_back(ctq::Value::object(std::move(o)));
        }
    }).join();
    CHECK(built[999].field("items").as_array()[0].as_number() == 999);
    CHECK(built[5].field("name").as_string() == "a string long enough for a payload 5");
    built.clear();  // every block goes back to the ended thread's heap, now idle
}
