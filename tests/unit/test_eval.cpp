// Unit tests for the evaluator: jq's generator semantics construct by construct.
#include <catch2/catch.hpp>

#include "support.hpp"

using ctq::test::compile_error;
using ctq::test::outputs;
using ctq::test::run;
using ctq::test::run_error;

TEST_CASE("navigation", "[eval]") {
    CHECK(run(".a.b", R"({"a":{"b":1}})") == outputs({"1"}));
    CHECK(run(".a", "null") == outputs({"null"}));
    CHECK(run(".[]", "[1,[2]]") == outputs({"1", "[2]"}));
    CHECK(run(".[]", R"({"b":1,"a":2})") == outputs({"1", "2"}));
    CHECK(run(".[-1]", "[1,2,3]") == outputs({"3"}));
    CHECK(run(".[1:]", "[1,2,3]") == outputs({"[2,3]"}));
    CHECK(run(".[2:4]", "\"abcdef\"") == outputs({"\"cd\""}));
    CHECK(run(".[1.7:3.2]", "[0,1,2,3,4]") == outputs({"[1,2,3]"}));
    CHECK(run("..", "[[1]]") == outputs({"[[1]]", "[1]", "1"}));
    CHECK(run(".a?", "1").empty());
    CHECK(run("[.[]?]", "1") == outputs({"[]"}));
}

TEST_CASE("comma, pipe and cartesian products", "[eval]") {
    CHECK(run("1, 2 | . * 10") == outputs({"10", "20"}));
    CHECK(run("[(1,2) + (10,20)]") == outputs({"[11,12,21,22]"}));
    CHECK(run("{a:(1,2), b:(3,4)}") == outputs({R"({"a":1,"b":3})", R"({"a":1,"b":4})",
                                                R"({"a":2,"b":3})", R"({"a":2,"b":4})"}));
    CHECK(run("[\"\\(1,2) \\(3,4)\"]") == outputs({R"(["1 3","2 3","1 4","2 4"])"}));
}

TEST_CASE("comparison and logic", "[eval]") {
    CHECK(run("[null, false, true, 0, \"\", [], {}] | sort") ==
          outputs({"[null,false,true,0,\"\",[],{}]"}));
    CHECK(run("{\"b\":1,\"a\":2} == {\"a\":2,\"b\":1}") == outputs({"true"}));
    CHECK(run("[(true,false) and (true,false)]") == outputs({"[true,false,false]"}));
    CHECK(run("[(true,false) or (true,false)]") == outputs({"[true,true,false]"}));
    CHECK(run("[1 < 2, \"a\" < \"b\", [1] < [1,0], {} < []]") ==
          outputs({"[true,true,true,false]"}));
}

TEST_CASE("alternative operator", "[eval]") {
    CHECK(run(".a // \"N/A\"", "{}") == outputs({"\"N/A\""}));
    CHECK(run(".a // \"N/A\"", R"({"a":false})") == outputs({"\"N/A\""}));
    CHECK(run("[(1,null,2) // 3]") == outputs({"[1,2]"}));
    CHECK(run("[(null,false) // (3,4)]") == outputs({"[3,4]"}));
    // jq 1.7: errors on the left are not swallowed.
    CHECK(run_error("1 | .a // 2") == "Cannot index number with string (\"a\")");
}

TEST_CASE("arithmetic follows jq's type rules", "[eval]") {
    CHECK(run("1.5 * 2") == outputs({"3"}));
    CHECK(run("null + 1, 1 + null") == outputs({"1", "1"}));
    CHECK(run("\"a\" + \"b\", [1] + [2], {\"a\":1} + {\"b\":2}") ==
          outputs({"\"ab\"", "[1,2]", R"({"a":1,"b":2})"}));
    CHECK(run("[1,2,3,1] - [1]") == outputs({"[2,3]"}));
    CHECK(run("{\"a\":{\"b\":1}} * {\"a\":{\"c\":2}}") == outputs({R"({"a":{"b":1,"c":2}})"}));
    CHECK(run("\"a,b\" / \",\"") == outputs({R"(["a","b"])"}));
    CHECK(run("\"ab\" * 2, \"ab\" * 0, \"ab\" * -1") == outputs({"\"abab\"", "\"\"", "null"}));
    CHECK(run("7 % 3, -7 % 3, 5 % -2") == outputs({"1", "-1", "1"}));
    CHECK(run_error("1 + \"a\"") == "number (1) and string (\"a\") cannot be added");
    CHECK(run_error("1 / 0") ==
          "number (1) and number (0) cannot be divided because the divisor is zero");
    CHECK(run_error("{} - 1") == "object ({}) and number (1) cannot be subtracted");
    CHECK(run_error("-\"a\"") == "string (\"a\") cannot be negated");
}

TEST_CASE("runtime errors use jq's wording", "[eval]") {
    CHECK(run_error(".a", "1") == "Cannot index number with string (\"a\")");
    CHECK(run_error(".[0]", "{}") == "Cannot index object with number (0)");
    CHECK(run_error(".[]", "1") == "Cannot iterate over number (1)");
    CHECK(run_error("error(\"x\")") == "x");
    CHECK(run_error("error({\"a\":1})") == "{\"a\":1} (not a string)");
}

TEST_CASE("try, catch and ?", "[eval]") {
    CHECK(run("try error(\"x\") catch .") == outputs({"\"x\""}));
    CHECK(run("[try (1, error(\"x\"), 3) catch .]") == outputs({"[1,\"x\"]"}));
    CHECK(run("[.[] | try error(.) catch .]", "[1,2]") == outputs({"[1,2]"}));
    CHECK(run("try error(null) catch .") == outputs({"null"}));
    CHECK(run("[.[] | (1 / .)?]", "[1,0,2]") == outputs({"[1,0.5]"}));
    // An error raised downstream of a try is not caught by it.
    CHECK(run_error("try 1 catch 2 | error(\"late\")") == "late");
    CHECK(run("try (try error(\"in\") catch error(\"out\")) catch .") == outputs({"\"out\""}));
}

TEST_CASE("conditionals", "[eval]") {
    CHECK(run("if . then 1 else 2 end", "null") == outputs({"2"}));
    CHECK(run("if . == 1 then \"a\" elif . == 2 then \"b\" else \"c\" end", "2") ==
          outputs({"\"b\""}));
    CHECK(run("if false then 1 end", "5") == outputs({"5"}));
    CHECK(run("[if (true,false) then 1 else 2 end]") == outputs({"[1,2]"}));
}

TEST_CASE("reduce and foreach", "[eval]") {
    CHECK(run("reduce .[] as $x (0; . + $x)", "[1,2,3]") == outputs({"6"}));
    CHECK(run("reduce empty as $x (0; .)") == outputs({"0"}));
    CHECK(run("reduce (1,2) as $x (0; empty)") == outputs({"null"}));
    CHECK(run("[foreach .[] as $x (0; . + $x)]", "[1,2,3]") == outputs({"[1,3,6]"}));
    CHECK(run("[foreach .[] as $x (0; . + $x; [$x, .])]", "[1,2]") == outputs({"[[1,1],[2,3]]"}));
    CHECK(run("[foreach (1,2) as $x (0; .+$x, .-$x)]") == outputs({"[1,-1,1,-3]"}));
}

TEST_CASE("variables and destructuring", "[eval]") {
    CHECK(run(". as $x | [$x, $x]", "1") == outputs({"[1,1]"}));
    CHECK(run(". as [$a, $b] | $a + $b", "[1,2]") == outputs({"3"}));
    CHECK(run(". as {a: $x, $b} | [$x, $b]", R"({"a":1,"b":2})") == outputs({"[1,2]"}));
    CHECK(run(". as {$a, b: [$c, {$d}]} | [$a, $c, $d]", R"({"a":1,"b":[2,{"d":3}]})") ==
          outputs({"[1,2,3]"}));
    CHECK(run(".[] as [$a] ?// $a | $a", "[[1],2]") == outputs({"1", "2"}));
    CHECK(
        run("[[3]] | .[] as [$a] ?// [$b] | if $a != null then error(\"err\") else {$a,$b} end") ==
        outputs({R"({"a":null,"b":3})"}));
    CHECK(run("$__loc__") == outputs({R"({"file":"<top-level>","line":1})"}));
    CHECK(run("$ENV | type") == outputs({"\"object\""}));
}

TEST_CASE("functions: closures, recursion, shadowing, arity overloading", "[eval]") {
    CHECK(run("def f: . + 1; def g: f * 2; 1 | g") == outputs({"4"}));
    CHECK(run("def f(g): [g, g]; f(.a)", R"({"a":1})") == outputs({"[1,1]"}));
    CHECK(run("def f($x): $x + 1; f(1, 2)") == outputs({"2", "3"}));
    CHECK(run("def f(x): x * 2; f(3)") == outputs({"6"}));
    CHECK(run("def fac: if . <= 1 then 1 else . * (. - 1 | fac) end; 5 | fac") == outputs({"120"}));
    CHECK(run("def f: 1; def g: f; def f: 2; g") == outputs({"1"}));
    CHECK(run("def f: 1; def f(x): 2; [f, f(0)]") == outputs({"[1,2]"}));
    CHECK(run("1 as $x | def f: $x; 2 as $x | f") == outputs({"1"}));
    CHECK(run("def map(f): \"mine\"; [1] | map(. + 1)") == outputs({"\"mine\""}));
    CHECK(run("def f: def g: 3; g * 2; f") == outputs({"6"}));
}

TEST_CASE("labels and limits stop generators", "[eval]") {
    CHECK(run("[label $out | 1, 2, break $out, 3]") == outputs({"[1,2]"}));
    CHECK(run("[limit(3; repeat(1))]") == outputs({"[1,1,1]"}));
    CHECK(run("[limit(4; 1 | repeat(. + 1, . + 10))]") == outputs({"[2,11,2,11]"}));
    CHECK(run("[repeat(. * 2, error)?]", "1") == outputs({"[2]"}));
    CHECK(run("[limit(0; 1, 2)]") == outputs({"[]"}));
    CHECK(run("first(range(10; 0; -1))") == outputs({"10"}));
    CHECK(run("[first(empty)]") == outputs({"[]"}));
    CHECK(run("isempty(empty), isempty(1, error(\"x\"))") == outputs({"true", "false"}));
    CHECK(run_error("limit(-1; 1)") == "limit doesn't support negative count");
}

TEST_CASE("paths and assignment", "[eval]") {
    CHECK(run("[path(..)]", R"({"a":[1]})") == outputs({R"([[],["a"],["a",0]])"}));
    CHECK(run(".a = 1", "{}") == outputs({R"({"a":1})"}));
    CHECK(run(".a.b |= . + 1", R"({"a":{"b":1}})") == outputs({R"({"a":{"b":2}})"}));
    CHECK(run(".[] += 1", "[1,2]") == outputs({"[2,3]"}));
    CHECK(run(".a //= 3", R"({"a":null})") == outputs({R"({"a":3})"}));
    CHECK(run(".[] |= empty", "[1,2,3]") == outputs({"[]"}));
    CHECK(run(".[] |= select(. % 2 == 0)", "[0,1,2,3,4,5]") == outputs({"[0,2,4]"}));
    CHECK(run(".a = (1,2)", "{}") == outputs({R"({"a":1})", R"({"a":2})"}));
    CHECK(run("del(.a, .c)", R"({"a":1,"b":2,"c":3})") == outputs({R"({"b":2})"}));
    CHECK(run("to_entries", R"({"a":1})") == outputs({R"([{"key":"a","value":1}])"}));
    CHECK(run("with_entries(.value += 1)", R"({"a":1})") == outputs({R"({"a":2})"}));
    CHECK(run("[paths]", "[[1]]") == outputs({"[[0],[0,0]]"}));
    CHECK(run_error("path(1)") == "Invalid path expression with result 1");
}

TEST_CASE("object keys keep insertion order", "[eval]") {
    CHECK(run(".", R"({"z":1,"a":2,"m":3})") == outputs({R"({"z":1,"a":2,"m":3})"}));
    CHECK(run(". + {\"a\": 9}", R"({"z":1,"a":2})") == outputs({R"({"z":1,"a":9})"}));
    CHECK(run("keys, keys_unsorted", R"({"b":1,"a":2})") ==
          outputs({R"(["a","b"])", R"(["b","a"])"}));
}

TEST_CASE("compile errors name the undefined thing", "[eval]") {
    CHECK(compile_error("foo(1)") == "foo/1 is not defined");
    CHECK(compile_error("$nope") == "$nope is not defined");
    CHECK(compile_error("break $out") == "$*label-out is not defined");
    CHECK(compile_error("def f(a): a; f") == "f/0 is not defined");
}

TEST_CASE("deep recursion is an error, not a crash", "[eval]") {
    CHECK(run_error("def f: 1 + f; f").find("recursion too deep") != std::string::npos);
    CHECK(run("[limit(5; repeat(1))] | length") == outputs({"5"}));
}
