// Tests for TopCounter: exact below its capacity, Space-Saving's guarantees above it.
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ctq/output/top_counter.hpp"

namespace {

std::string name(int i) {
    return "v" + std::to_string(i);
}

}  // namespace

TEST_CASE("top counter: exact while the values fit", "[top_counter]") {
    ctq::TopCounter counter(4);
    for (const char* v : {"b", "a", "c", "a", "b", "a", "d"}) counter.add(v);
    CHECK_FALSE(counter.approximate());
    CHECK(counter.total() == 7);
    CHECK(counter.distinct() == 4);
    CHECK(counter.min_count() == 1);
    const auto top = counter.top(3);
    REQUIRE(top.size() == 3);
    CHECK(top[0].value == "a");
    CHECK(top[0].count == 3);
    CHECK(top[0].error == 0);
    CHECK(top[1].value == "b");
    CHECK(top[1].count == 2);
    // Ties by value: c before d.
    CHECK(top[2].value == "c");
    CHECK(top[2].count == 1);
    CHECK(counter.top(10).size() == 4);
}

TEST_CASE("top counter: adding several at once", "[top_counter]") {
    ctq::TopCounter counter(2);
    counter.add("x", 5);
    counter.add("y", 2);
    counter.add("x");
    CHECK(counter.top(1)[0].count == 6);
    CHECK(counter.total() == 8);
}

TEST_CASE("top counter: a new value takes over the smallest counter", "[top_counter]") {
    ctq::TopCounter counter(2);
    for (int i = 0; i < 5; ++i) counter.add("big");
    counter.add("small");
    counter.add("new");  // evicts "small" (count 1): "new" starts at 1 + 1, error 1
    CHECK(counter.approximate());
    CHECK(counter.distinct() == 3);
    const auto top = counter.top(2);
    CHECK(top[0].value == "big");
    CHECK(top[0].count == 5);
    CHECK(top[0].error == 0);
    CHECK(top[1].value == "new");
    CHECK(top[1].count == 2);
    CHECK(top[1].error == 1);
}

TEST_CASE("top counter: Space-Saving's bounds hold on a skewed stream", "[top_counter]") {
    // A Zipf-like stream of 200 distinct values through 20 counters.
    std::mt19937 random(15);
    std::vector<double> weights;
    for (int i = 1; i <= 200; ++i) weights.push_back(1.0 / i);
    std::discrete_distribution<int> pick(weights.begin(), weights.end());
    ctq::TopCounter counter(20);
    std::map<std::string, std::uint64_t> truth;
    const std::uint64_t n = 20000;
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::string value = name(pick(random));
        counter.add(value);
        ++truth[value];
    }
    REQUIRE(counter.approximate());
    CHECK(counter.total() == n);
    for (const ctq::TopEntry& entry : counter.top(20)) {
        // Each count is an upper bound, over by at most its error, itself at most n / capacity.
        CHECK(entry.count >= truth[entry.value]);
        CHECK(entry.count - entry.error <= truth[entry.value]);
        CHECK(entry.error <= n / 20);
    }
    // Any value more frequent than the smallest counter holds one.
    for (const auto& [value, count] : truth) {
        if (count > counter.min_count()) {
            bool held = false;
            for (const ctq::TopEntry& entry : counter.top(20)) held = held || entry.value == value;
            CHECK(held);
        }
    }
    // The heavy hitters come out in their true order.
    const auto top = counter.top(3);
    CHECK(top[0].value == "v0");
    CHECK(top[1].value == "v1");
    CHECK(top[2].value == "v2");
}

TEST_CASE("top counter: memory stays at its capacity", "[top_counter]") {
    ctq::TopCounter counter(8);
    for (int i = 0; i < 10000; ++i) counter.add(name(i));
    CHECK(counter.top(100).size() == 8);
    CHECK(counter.total() == 10000);
    CHECK(counter.approximate());
}
