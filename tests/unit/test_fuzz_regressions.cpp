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

// fuzz_run (a timeout that replayed as a difference from jq): `.[a,b:c,d]` is `.[(a,b):(c,d)]`,
// and jq runs its start's outputs outermost, then the end's, then the target's; ctq ran the
// end outermost, so an assignment through such slices set its paths in another order.
TEST_CASE("a slice with generators for bounds runs them in jq's order", "[fuzz]") {
    CHECK(run("[.[0,1:2,3]]", "[0,1,2,3,4]") == outputs({"[[0,1],[0,1,2],[1],[1,2]]"}));
    CHECK(run("[(.,[9])[(0,1):(2,3)]]", "[0,1,2,3,4]") ==
          outputs({"[[0,1],[9],[0,1,2],[9],[1],[],[1,2],[]]"}));
    CHECK(run("[path(.[0,1:2,3])]", "[0,1,2,3,4]") ==
          outputs({R"([[{"start":0,"end":2}],[{"start":0,"end":3}],)"
                   R"([{"start":1,"end":2}],[{"start":1,"end":3}]])"}));
    CHECK(run(".[1:5][0, 1:5, 1.2][3] = 1", "[0,1,2,3,4]") ==
          outputs({"[0,1,2,null,null,1,null,1,1,3,1]"}));
}
