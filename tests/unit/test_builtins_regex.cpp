// Unit tests for the regex builtins (match, test, capture, scan, split/2, splits, sub, gsub).
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

using ctq::test::outputs;
using ctq::test::run;
using ctq::test::run_error;

TEST_CASE("match returns jq's match objects", "[regex]") {
    CHECK(run(R"jq(match("b(c)"))jq", R"jq("abcd")jq") ==
          outputs({R"jq({"offset":1,"length":2,"string":"bc","captures":[)jq"
                   R"jq({"offset":2,"length":1,"string":"c","name":null}]})jq"}));
    CHECK(run(R"jq([match("x")])jq", R"jq("abc")jq") == outputs({"[]"}));
    CHECK(run(R"jq([match("a"; "g") | .offset])jq", R"jq("banana")jq") == outputs({"[1,3,5]"}));
    CHECK(run(R"jq([match("a") | .offset])jq", R"jq("banana")jq") == outputs({"[1]"}));
}

TEST_CASE("match takes a regex or a [regex, flags] array", "[regex]") {
    CHECK(run(R"jq([match(["A", "gi"]) | .offset])jq", R"jq("aXa")jq") == outputs({"[0,2]"}));
    CHECK(run(R"jq([match(["a"]) | .offset])jq", R"jq("aXa")jq") == outputs({"[0]"}));
    CHECK(run(R"jq([match(["a", null, "ignored"]) | .offset])jq", R"jq("aXa")jq") ==
          outputs({"[0]"}));
    CHECK(run_error(R"jq(match(1))jq", R"jq("a")jq") == "number not a string or array");
    CHECK(run_error(R"jq(match([]))jq", R"jq("a")jq") == "array not a string or array");
    CHECK(run_error(R"jq(test({}))jq", R"jq("a")jq") == "object not a string or array");
}

TEST_CASE("named and unnamed capture groups", "[regex]") {
    CHECK(run(R"jq([match("(?<year>\\d+)-(\\d+)") | .captures[] | [.name, .string]])jq",
              R"jq("on 2024-05")jq") == outputs({R"jq([["year","2024"],[null,"05"]])jq"}));
    // Two groups with one name both carry it.
    CHECK(run(R"jq([match("(?<n>b)(?<n>c)") | .captures[].name])jq", R"jq("abc")jq") ==
          outputs({R"jq(["n","n"])jq"}));
}

TEST_CASE("groups that did not take part, or matched empty", "[regex]") {
    CHECK(run(R"jq(match("(?<x>a)?b?") | .captures)jq", R"jq("c")jq") ==
          outputs({R"jq([{"offset":-1,"string":null,"length":0,"name":"x"}])jq"}));
    CHECK(run(R"jq(match("(?<x>a?)?b") | .captures)jq", R"jq("b")jq") ==
          outputs({R"jq([{"offset":0,"string":"","length":0,"name":"x"}])jq"}));
    CHECK(run(R"jq([match("(b)|(x)") | .captures[] | .offset])jq", R"jq("abc")jq") ==
          outputs({"[1,-1]"}));
}

TEST_CASE("offsets and lengths count code points", "[regex]") {
    CHECK(run(R"jq([match("b.r") | .offset, .length])jq", R"jq("āé bǖr")jq") == outputs({"[3,3]"}));
    CHECK(run(R"jq([match("."; "g") | .offset])jq", R"jq("a€𝄞b")jq") == outputs({"[0,1,2,3]"}));
    CHECK(run(R"jq(match("€(𝄞)") | [.offset, .length, .captures[0].offset])jq", R"jq("a€𝄞b")jq") ==
          outputs({"[1,2,2]"}));
    // A combining mark is a code point of its own.
    CHECK(run(R"jq(match("ba\u0304r") | [.offset, .length])jq", R"jq("a ba\u0304r")jq") ==
          outputs({"[2,4]"}));
}

TEST_CASE("empty matches advance one code point at a time", "[regex]") {
    CHECK(run(R"jq([match(""; "g")] | length)jq", R"jq("abc")jq") == outputs({"4"}));
    CHECK(run(R"jq([match(""; "g") | .offset])jq", R"jq("āb")jq") == outputs({"[0,1,2]"}));
    CHECK(run(R"jq([match("a*"; "g") | [.offset, .length]])jq", R"jq("abaa")jq") ==
          outputs({"[[0,1],[1,0],[2,2],[4,0]]"}));
    CHECK(run(R"jq([match("( )*"; "gn")])jq", R"jq("abc")jq") == outputs({"[]"}));
    CHECK(run(R"jq([match("(?=u)"; "g") | .offset])jq", R"jq("quux")jq") == outputs({"[1,2]"}));
}

TEST_CASE("flags", "[regex]") {
    CHECK(run(R"jq(test("ABC"; "i"))jq", R"jq("xabcx")jq") == outputs({"true"}));
    CHECK(run(R"jq(test("a b c # comment"; "x"))jq", R"jq("abc")jq") == outputs({"true"}));
    CHECK(run(R"jq(test("a.b"))jq", R"jq("a\nb")jq") == outputs({"false"}));
    // Oniguruma's names: m lets `.` match a newline, s makes `$` the end of the string only.
    CHECK(run(R"jq(test("a.b"; "m"))jq", R"jq("a\nb")jq") == outputs({"true"}));
    CHECK(run(R"jq(test("a.b"; "s"))jq", R"jq("a\nb")jq") == outputs({"false"}));
    CHECK(run(R"jq(test("a.b"; "p"))jq", R"jq("a\nb")jq") == outputs({"true"}));
    // Perl syntax, as in jq: `^` is only the start of the string.
    CHECK(run(R"jq([match("^b"; "g") | .offset])jq", R"jq("a\nb")jq") == outputs({"[]"}));
    // Which match "l" (longest) picks varies between Oniguruma releases; only accept it here.
    CHECK(run(R"jq([match("ab"; "l") | .string])jq", R"jq("xab")jq") == outputs({R"jq(["ab"])jq"}));
    CHECK(run(R"jq([match("x*"; "gn") | .offset])jq", R"jq("axxbx")jq") == outputs({"[1,4]"}));
    CHECK(run(R"jq(test("b"; null))jq", R"jq("abc")jq") == outputs({"true"}));
    CHECK(run(R"jq(test("b"; ""))jq", R"jq("abc")jq") == outputs({"true"}));
}

TEST_CASE("test", "[regex]") {
    CHECK(run(R"jq(test("foo"))jq", R"jq("a foo")jq") == outputs({"true"}));
    CHECK(run(R"jq(test("^foo"))jq", R"jq("a foo")jq") == outputs({"false"}));
    CHECK(run(R"jq(test(["FOO", "i"]))jq", R"jq("a foo")jq") == outputs({"true"}));
    CHECK(run(R"jq(test("ā"))jq", R"jq("ā")jq") == outputs({"true"}));
    CHECK(run(R"jq([.[] | test("^Describe")])jq", R"jq(["DescribeInstances","ListBuckets"])jq") ==
          outputs({"[true,false]"}));
}

TEST_CASE("capture", "[regex]") {
    CHECK(run(R"jq(capture("(?<a>[a-z]+)-(?<n>[0-9]+)"))jq", R"jq("xyzzy-14")jq") ==
          outputs({R"jq({"a":"xyzzy","n":"14"})jq"}));
    CHECK(run(R"jq(capture("(?<x>a)?b?"))jq", R"jq("c")jq") == outputs({R"jq({"x":null})jq"}));
    CHECK(run(R"jq([capture("(?<d>\\d)"; "g")])jq", R"jq("a1b2")jq") ==
          outputs({R"jq([{"d":"1"},{"d":"2"}])jq"}));
    CHECK(run(R"jq(capture(["(?<w>A)", "i"]))jq", R"jq("a")jq") == outputs({R"jq({"w":"a"})jq"}));
    CHECK(run(R"jq(capture("(a)"))jq", R"jq("a")jq") == outputs({"{}"}));
}

TEST_CASE("scan", "[regex]") {
    CHECK(run(R"jq([scan("c")])jq", R"jq("abcdefabc")jq") == outputs({R"jq(["c","c"])jq"}));
    CHECK(run(R"jq([scan("(a+)(b+)")])jq", R"jq("abaabb")jq") ==
          outputs({R"jq([["a","b"],["aa","bb"]])jq"}));
    CHECK(run(R"jq([scan("B+"; "i")])jq", R"jq("abBbcb")jq") == outputs({R"jq(["bBb","b"])jq"}));
}

TEST_CASE("split/2 and splits", "[regex]") {
    CHECK(run(R"jq(split(", *"; null))jq", R"jq("ab,cd, ef")jq") ==
          outputs({R"jq(["ab","cd","ef"])jq"}));
    CHECK(run(R"jq([splits("")])jq", R"jq("ab")jq") == outputs({R"jq(["","a","b",""])jq"}));
    CHECK(run(R"jq([splits("a+"; "i")])jq", R"jq("abAABBabA")jq") ==
          outputs({R"jq(["","b","BB","b",""])jq"}));
    CHECK(run(R"jq([splits("x")])jq", R"jq("ab")jq") == outputs({R"jq(["ab"])jq"}));
    // split/1 is still the plain string split.
    CHECK(run(R"jq(split("."))jq", R"jq("a.b")jq") == outputs({R"jq(["a","b"])jq"}));
}

TEST_CASE("sub and gsub", "[regex]") {
    CHECK(run(R"jq(sub(", "; ":"))jq", R"jq("a, b, c")jq") == outputs({R"jq("a:b, c")jq"}));
    CHECK(run(R"jq(gsub(", "; ":"))jq", R"jq("a, b, c")jq") == outputs({R"jq("a:b:c")jq"}));
    CHECK(run(R"jq(sub("^(?<head>.)"; "Head=\(.head) Tail="))jq", R"jq("abc")jq") ==
          outputs({R"jq("Head=a Tail=bc")jq"}));
    CHECK(run(R"jq(gsub("(?<d>\\d)"; ":\(.d);"))jq", R"jq("a1b2")jq") ==
          outputs({R"jq("a:1;b:2;")jq"}));
    CHECK(run(R"jq(gsub("p"; "q"; "i"))jq", R"jq("pPp")jq") == outputs({R"jq("qqq")jq"}));
    CHECK(run(R"jq(sub("x"; "y"))jq", R"jq("abc")jq") == outputs({R"jq("abc")jq"}));
    CHECK(run(R"jq(gsub("(?<x>.)"; "\(.x)!"))jq", R"jq("’é")jq") == outputs({R"jq("’!é!")jq"}));
}

TEST_CASE("sub and gsub with empty matches terminate", "[regex]") {
    CHECK(run(R"jq(gsub(""; "-"))jq", R"jq("abc")jq") == outputs({R"jq("-a-b-c-")jq"}));
    CHECK(run(R"jq(gsub("^"; "a"))jq", R"jq("")jq") == outputs({R"jq("a")jq"}));
    CHECK(run(R"jq(gsub("$"; "a"))jq", R"jq("a")jq") == outputs({R"jq("aa")jq"}));
    CHECK(run(R"jq(gsub("(?=u)"; "u"))jq", R"jq("qux")jq") == outputs({R"jq("quux")jq"}));
    CHECK(run(R"jq(gsub("x*"; "-"))jq", R"jq("ā")jq") == outputs({R"jq("-ā-")jq"}));
    CHECK(run(R"jq(gsub("[^a-z]*(?<x>[a-z]*)"; "Z\(.x)"))jq", R"jq("123foo456bar")jq") ==
          outputs({R"jq("ZfooZbarZ")jq"}));
}

TEST_CASE("a replacement with several outputs gives several results", "[regex]") {
    CHECK(run(R"jq([sub("a"; "b", "c")])jq", R"jq("a")jq") == outputs({R"jq(["b","c"])jq"}));
    CHECK(run(R"jq([gsub("(?<a>.)"; "\(.a|ascii_upcase)", "\(.a|ascii_downcase)", "c")])jq",
              R"jq("aB")jq") == outputs({R"jq(["AB","ab","cc"])jq"}));
    CHECK(run(R"jq([gsub("b"; empty)])jq", R"jq("abcb")jq") == outputs({R"jq(["abcb"])jq"}));
}

TEST_CASE("regex errors", "[regex]") {
    CHECK(run_error(R"jq(test("a"))jq", "1") ==
          "number (1) cannot be matched, as it is not a string");
    CHECK(run_error(R"jq(match("a"))jq", "null") ==
          "null (null) cannot be matched, as it is not a string");
    CHECK(run_error(R"jq(test("a"; 1))jq", R"jq("a")jq") == "number (1) is not a string");
    CHECK(run_error(R"jq(test("a"; "gq"))jq", R"jq("a")jq") == "gq is not a valid modifier string");
    CHECK(run_error(R"jq(sub("a"; "b"; "z"))jq", R"jq("a")jq") ==
          "z is not a valid modifier string");
    CHECK(run_error(R"jq(test("("))jq", R"jq("a")jq") ==
          "( (at offset 0) is not a valid regex: end pattern with unmatched parenthesis");
    CHECK(run_error(R"jq(test("[b-a]"))jq", R"jq("a")jq") ==
          "[b-a] (at offset 0) is not a valid regex: empty range in char class");
    CHECK(run_error(R"jq(sub("b"; 1))jq", R"jq("abc")jq") ==
          R"jq(string ("a") and number (1) cannot be added)jq");
    CHECK(run(R"jq(try test("(") catch "caught")jq", R"jq("a")jq") == outputs({R"jq("caught")jq"}));
}

TEST_CASE("catastrophic backtracking ends in an error", "[regex]") {
    // Exponential in the run of a's: fails the per-attempt budget.
    CHECK(run_error(R"jq(test("(a+)+$"))jq", "\"" + std::string(40, 'a') + "!\"") ==
          "regex match exceeded its backtracking limit");
    // Each start position stays under that budget; their sum does not.
    std::string input;
    for (int i = 0; i < 200; ++i) input += std::string(20, 'a') + "!";
    CHECK(run_error(R"jq(test("(a+)+$"))jq", "\"" + input + "\"") ==
          "regex match exceeded its backtracking limit");
    // The error is catchable, and the next match works normally.
    CHECK(run(R"jq([.[] | try test("(a+)+$") catch "limit"])jq",
              "[\"" + std::string(40, 'a') + "!\", \"aaa\"]") ==
          outputs({R"jq(["limit",true])jq"}));
}

TEST_CASE("many distinct patterns go through the compiled-regex cache", "[regex]") {
    // More patterns than the cache holds, twice over, so entries are evicted and recompiled.
    CHECK(run(R"jq([range(200) as $i | "x\($i)y" | test("^x\($i)y$")] | all)jq") ==
          outputs({"true"}));
    CHECK(run(R"jq([range(200) as $i | "x\($i)y" | select(test("^x\($i % 7)y$"))] | length)jq") ==
          outputs({"7"}));
    // The same pattern with other flags is another entry.
    CHECK(run(R"jq([test("A"), test("A"; "i"), test("A")])jq", R"jq("a")jq") ==
          outputs({"[false,true,false]"}));
}

TEST_CASE("regex builtins work on several threads at once", "[regex]") {
    std::vector<std::vector<std::string>> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&results, t] {
            results[t] = run(R"jq([range(300) | tostring | select(test("^[0-9]*7$"))] | length)jq");
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (const auto& result : results) CHECK(result == outputs({"30"}));
}
