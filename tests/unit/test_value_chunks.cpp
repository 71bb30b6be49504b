// Unit tests for ValueChunks: the run of values arrays are built in, past its first chunk too.
#include <catch2/catch.hpp>
#include <vector>

#include "ctq/value/value_chunks.hpp"

using ctq::Array;
using ctq::Value;
using ctq::ValueChunks;

namespace {

constexpr std::size_t kChunk = ValueChunks::kChunkValues;

void fill(ValueChunks& run, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) run.push_back(Value::number(static_cast<double>(i)));
}

bool counts_up(const Array& array, std::size_t from) {
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (array[i].as_number() != static_cast<double>(from + i))
            return false;
    }
    return true;
}

}  // namespace

TEST_CASE("value chunks: a small run is handed over whole", "[chunks]") {
    ValueChunks run;
    fill(run, 0, 10);
    const Array array = run.take_from(0);
    CHECK(array.size() == 10);
    CHECK(counts_up(array, 0));
    CHECK(run.empty());
}

TEST_CASE("value chunks: the tail is taken from anywhere, the rest stays in order", "[chunks]") {
    const std::size_t total = 3 * kChunk + 123;
    for (const std::size_t start : {std::size_t{0}, std::size_t{5}, kChunk - 1, kChunk, kChunk + 1,
                                    2 * kChunk, 2 * kChunk + 77, total - 1, total}) {
        INFO(start);
        ValueChunks run;
        fill(run, 0, total);
        REQUIRE(run.size() == total);
        const Array tail = run.take_from(start);
        CHECK(tail.size() == total - start);
        CHECK(counts_up(tail, start));
        CHECK(run.size() == start);
        // What stays grows on in order, and comes out whole.
        fill(run, start, start + kChunk + 3);
        const Array all = run.take_from(0);
        CHECK(all.size() == start + kChunk + 3);
        CHECK(counts_up(all, 0));
        CHECK(run.empty());
    }
}

TEST_CASE("value chunks: nested arrays as a parser builds them", "[chunks]") {
    // [0, …, kChunk+9, [x, …], kChunk+10, …]: the inner array is taken while the outer is open.
    ValueChunks run;
    fill(run, 0, kChunk + 10);
    const std::size_t inner_start = run.size();
    fill(run, 1000000, 1000000 + 2 * kChunk);
    const Array inner = run.take_from(inner_start);
    CHECK(inner.size() == 2 * kChunk);
    CHECK(counts_up(inner, 1000000));
    run.push_back(Value::array(inner));
    fill(run, kChunk + 11, kChunk + 20);
    const Array outer = run.take_from(0);
    REQUIRE(outer.size() == kChunk + 20);
    CHECK(outer[kChunk + 10].is_array());
    CHECK(outer[kChunk + 19].as_number() == static_cast<double>(kChunk + 19));
}

TEST_CASE("value chunks: values are released once, by take or clear", "[chunks]") {
    const Value shared = Value::array({Value::number(1)});
    {
        ValueChunks run;
        for (std::size_t i = 0; i < kChunk + 5; ++i) run.push_back(shared);
        run.take_from(kChunk - 2);  // dropped at once
        run.clear();
        for (std::size_t i = 0; i < kChunk + 5; ++i) run.push_back(shared);
    }  // and the rest here
    Value copy = shared;
    CHECK(copy.as_array().size() == 1);  // ASan and the count: nothing freed twice or leaked
}
