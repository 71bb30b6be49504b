// Unit tests for the order of sort_by, group_by and unique_by: keys that are all one string
// take a ranked path, which must give exactly the stable sort's order.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "support.hpp"

using ctq::test::run;

namespace {

// Objects with a repeating string key (bytes above 0x7f included) and their position.
std::string input(unsigned seed, int count, int distinct) {
    std::mt19937 random(seed);
    const char* pieces[] = {"a", "b", "A", "\\u00e9", "\\u0000", "ab", "", "z\\u4e2d"};
    std::string text = "[";
    for (int i = 0; i < count; ++i) {
        std::string key;
        for (int n = static_cast<int>(random() % 3); n >= 0; --n)
            key += pieces[random() % std::min<int>(8, distinct)];
        text +=
            (i ? "," : "") + std::string("{\"k\":\"") + key + "\",\"i\":" + std::to_string(i) + "}";
    }
    return text + "]";
}

}  // namespace

TEST_CASE("sort order: one-string keys sort as the stable sort does", "[sort]") {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        const std::string in = input(seed, 300, 1 + static_cast<int>(seed % 8));
        INFO(in);
        // [[.k]] keys take the general stable sort; [.k] keys the ranked path.
        CHECK(run("sort_by(.k)", in) == run("sort_by([.k])", in));
        CHECK(run("group_by(.k)", in) == run("group_by([.k])", in));
        CHECK(run("unique_by(.k)", in) == run("unique_by([.k])", in));
        CHECK(run("map(.k) | unique", in) == run("map([.k]) | unique | map(.[0])", in));
    }
}

TEST_CASE("sort order: mixed keys still sort by jq's order of kinds", "[sort]") {
    CHECK(run("sort_by(.) | map(tojson) | join(\" \")", R"(["b", 1, "a", null, [0], {}, "a"])") ==
          ctq::test::outputs({R"("null 1 \"a\" \"a\" \"b\" [0] {}")"}));
    CHECK(run("group_by(.a) | map(length)", R"([{"a":"x"},{"a":1},{"a":"x"},{}])") ==
          ctq::test::outputs({"[1,1,2]"}));
}
