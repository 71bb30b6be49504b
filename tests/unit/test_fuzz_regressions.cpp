// Inputs the fuzz targets in tests/fuzz/ found crashing or misbehaving, kept so they stay fixed.
// The sanitizer that caught each one may not be in the GCC builds (float-cast-overflow is not
// part of GCC's -fsanitize=undefined), so each case also pins jq's answer.
#include <catch2/catch.hpp>

#include "support.hpp"

using ctq::test::outputs;
using ctq::test::run;

// fuzz_run: `[][.]` on 100000000000001000000000000000 cast 1e29 to a ptrdiff_t (UBSan).
TEST_CASE("indexing an array with a number beyond any length", "[fuzz]") {
    CHECK(run("[][.]", "100000000000001000000000000000") == outputs({"null"}));
    CHECK(run(".[1e300]", "[1,2]") == outputs({"null"}));
    CHECK(run(".[-1e300]", "[1,2]") == outputs({"null"}));
    CHECK(run(".[-1e19]", "[1,2]") == outputs({"null"}));
}
