// Unit tests for the memory ceiling: sizes as the CLI reads them, and the check itself.
#include <catch2/catch.hpp>

#include "ctq/error.hpp"
#include "ctq/eval/memory_budget.hpp"

namespace memory = ctq::memory;

TEST_CASE("sizes read as --memory-limit takes them", "[memory]") {
    CHECK(memory::parse_size("1048576") == std::size_t{1} << 20);
    CHECK(memory::parse_size("512M") == std::size_t{512} << 20);
    CHECK(memory::parse_size("512MB") == std::size_t{512} << 20);
    CHECK(memory::parse_size("4G") == std::size_t{4} << 30);
    CHECK(memory::parse_size("1.5G") == std::size_t{3} << 29);
    CHECK(memory::parse_size("64k") == std::size_t{64} << 10);
    CHECK(memory::parse_size("none") == std::size_t{0});
    CHECK(memory::parse_size("0") == std::size_t{0});
    CHECK_FALSE(memory::parse_size(""));
    CHECK_FALSE(memory::parse_size("lots"));
    CHECK_FALSE(memory::parse_size("-1G"));
    CHECK_FALSE(memory::parse_size("4X"));
    CHECK_FALSE(memory::parse_size("1e30G"));
    CHECK_FALSE(memory::parse_size("nan"));
}

TEST_CASE("sizes described for messages", "[memory]") {
    CHECK(memory::describe_size(std::size_t{300} << 20) == "300 MB");
    CHECK(memory::describe_size(std::size_t{3} << 29) == "1.5 GB");
}

TEST_CASE("the check throws a JqError over the ceiling, never when off", "[memory]") {
    const std::size_t saved = memory::limit();
    memory::set_limit(0);
    CHECK_NOTHROW(memory::check(std::size_t{1} << 50));
    // Any running process holds more than one page.
    memory::set_limit(4096);
    CHECK_THROWS_AS(memory::check(), ctq::JqError);
    CHECK_THROWS_WITH(memory::check(),
                      Catch::Contains("Out of memory") && Catch::Contains("--memory-limit"));
    memory::set_limit(std::size_t{1} << 40);
    CHECK_NOTHROW(memory::check());
    CHECK_THROWS_AS(memory::check(std::size_t{1} << 41), ctq::JqError);
    // Small allocations are not worth a look at /proc.
    memory::set_limit(4096);
    CHECK_NOTHROW(memory::check_large(1000));
    memory::set_limit(saved);
}

TEST_CASE("the default ceiling is a share of the machine's memory", "[memory]") {
    const std::size_t ceiling = memory::default_limit();
    CHECK(ceiling > std::size_t{64} << 20);
}
