// Unit tests for the rest of the language: strings, formats, I/O builtins, modules, limits.
#include <catch2/catch.hpp>
#include <optional>

#include "ctq/lang/module_loader.hpp"
#include "support.hpp"

using ctq::test::compile_error;
using ctq::test::outputs;
using ctq::test::run;
using ctq::test::run_error;

namespace {

#ifdef CTQ_SOURCE_DIR
const std::string kModules = std::string(CTQ_SOURCE_DIR) + "/tests/fixtures/modules";
#else
const std::string kModules = "tests/fixtures/modules";
#endif

std::vector<std::string> run_with_modules(const std::string& filter) {
    ctq::CompileOptions options;
    options.library_paths = {kModules};
    const auto program = ctq::Program::compile(filter, options);
    ctq::Interpreter interpreter(*program, {}, {});
    std::vector<std::string> out;
    interpreter.run(ctq::Value::null(), [&](const ctq::Value& v) {
        out.push_back(ctq::to_json(v));
        return true;
    });
    return out;
}

std::string module_error(const std::string& filter) {
    ctq::CompileOptions options;
    options.library_paths = {kModules};
    try {
        ctq::Program::compile(filter, options);
    } catch (const ctq::CompileError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("string interpolation and formats", "[language]") {
    CHECK(run(R"~("a\(1 + 2)b\("x")")~") == outputs({R"~("a3bx")~"}));
    CHECK(run(R"~("\([1, {"a": null}])")~") == outputs({R"~("[1,{\"a\":null}]")~"}));
    CHECK(run(R"~(@csv "row: \(.)")~", R"~([1,"a,b"])~") == outputs({R"~("row: 1,\"a,b\"")~"}));
    CHECK(run(R"~(@tsv "\(.)")~", R"~(["a\tb",null,true])~") == outputs({R"~("a\\tb\t\ttrue")~"}));
    CHECK(run(R"~(@sh "echo \(.)")~", R"~("O'Hara")~") == outputs({R"~("echo 'O'\\''Hara'")~"}));
    CHECK(run(R"~(@uri "q=\(.)")~", R"~("a b&c")~") == outputs({R"~("q=a%20b%26c")~"}));
    CHECK(run("@html", R"~("<a href='x'>&</a>")~") ==
          outputs({R"~("&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;")~"}));
    CHECK(run("@base64, (@base64 | @base64d)", R"~("ctq")~") ==
          outputs({R"~("Y3Rx")~", R"~("ctq")~"}));
    CHECK(run("@json, @text", R"~({"a":"x"})~") ==
          outputs({R"~("{\"a\":\"x\"}")~", R"~("{\"a\":\"x\"}")~"}));
    CHECK(run("@urid", R"~("%CE%BC")~") == outputs({"\"\u03bc\""}));
    CHECK(run_error("@base32") == "base32 is not a valid format");
    CHECK(run_error("@csv", "[{}]") == "object ({}) is not valid in a csv row");
}

TEST_CASE("string and array slices, optional postfix forms", "[language]") {
    CHECK(run(".[1:3]", "\"a\u03bccd\"") == outputs({"\"\u03bcc\""}));
    CHECK(run(".[-2:]", "[1,2,3]") == outputs({"[2,3]"}));
    CHECK(run(".a.[\"b\"]", R"~({"a":{"b":1}})~") == outputs({"1"}));
    CHECK(run("[.a.[]]", R"~({"a":[1,2]})~") == outputs({"[1,2]"}));
    CHECK(run("[.[]?.a?]", R"~([1,{"a":2}])~") == outputs({"[2]"}));
    CHECK(run("[..?]", "1") == outputs({"[1]"}));
}

TEST_CASE("paths builtins and streaming forms", "[language]") {
    CHECK(run("[leaf_paths]", R"~({"a":[1,{"b":2}]})~") == outputs({R"~([["a",0],["a",1,"b"]])~"}));
    CHECK(run("getpath([\"a\",1,\"b\"])", R"~({"a":[1,{"b":2}]})~") == outputs({"2"}));
    CHECK(run("[tostream]", R"~({"a":[1]})~") == outputs({R"~([[["a",0],1],[["a",0]],[["a"]]])~"}));
    CHECK(run("fromstream(tostream)", R"~({"a":[1,{"b":null}]})~") ==
          outputs({R"~({"a":[1,{"b":null}]})~"}));
    CHECK(run("[1|truncate_stream([[0],1],[[1,0],2],[[1,0]],[[1]])]") ==
          outputs({"[[[0],2],[[0]]]"}));
    CHECK(run("pick(.a.b)", R"~({"a":{"b":1,"c":2},"d":3})~") == outputs({R"~({"a":{"b":1}})~"}));
    CHECK(run("to_entries | from_entries", R"~({"a":1,"b":2})~") ==
          outputs({R"~({"a":1,"b":2})~"}));
    CHECK(run("del(..|select(. == null))", R"~({"a":null,"b":[null,1]})~") ==
          outputs({R"~({"b":[1]})~"}));
}

TEST_CASE("control builtins", "[language]") {
    CHECK(run("[range(3)], [range(1;3)], [range(0;10;4)], [range(3;0;-1)]") ==
          outputs({"[0,1,2]", "[1,2]", "[0,4,8]", "[3,2,1]"}));
    CHECK(run("[range(0,1;3,4)]") == outputs({"[0,1,2,0,1,2,3,1,2,1,2,3]"}));
    CHECK(run("first(1,2), last(1,2), nth(1; 1,2,3), [limit(2; 1,2,3)]") ==
          outputs({"1", "2", "2", "[1,2]"}));
    CHECK(run("[.[] | until(. >= 10; . * 2)]", "[1,3]") == outputs({"[16,12]"}));
    CHECK(run("[1 | while(. < 10; . * 3)]") == outputs({"[1,3,9]"}));
    CHECK(run("[limit(3; 1 | repeat(. * 2))]") == outputs({"[2,2,2]"}));
    CHECK(run("isvalid(error), isvalid(1)") == outputs({"false", "true"}));
}

TEST_CASE("input and inputs read from the host", "[language]") {
    const auto program = ctq::Program::compile("[., input, [inputs]]", {});
    std::vector<ctq::Value> queue{ctq::Value::number(2), ctq::Value::number(3),
                                  ctq::Value::number(4)};
    std::size_t next = 0;
    ctq::Host host;
    host.next_input = [&]() -> std::optional<ctq::Value> {
        if (next == queue.size())
            return std::nullopt;
        return queue[next++];
    };
    ctq::Interpreter interpreter(*program, {}, host);
    std::vector<std::string> out;
    interpreter.run(ctq::Value::number(1), [&](const ctq::Value& v) {
        out.push_back(ctq::to_json(v));
        return true;
    });
    CHECK(out == outputs({"[1,2,[3,4]]"}));
    CHECK(run_error("input") == "No more inputs");
}

TEST_CASE("debug and stderr write to the host, pass the input on", "[language]") {
    const auto program = ctq::Program::compile("debug, debug(\"m\"), stderr", {});
    std::string written;
    ctq::Host host;
    host.write_stderr = [&](const std::string& text) { written += text; };
    ctq::Interpreter interpreter(*program, {}, host);
    std::vector<std::string> out;
    interpreter.run(ctq::Value::number(1), [&](const ctq::Value& v) {
        out.push_back(ctq::to_json(v));
        return true;
    });
    CHECK(out == outputs({"1", "1", "1"}));
    CHECK(written == "[\"DEBUG:\",1]\n[\"DEBUG:\",\"m\"]\n1");
}

TEST_CASE("halt and halt_error end the program with a code", "[language]") {
    try {
        run("\"bye\\n\" | halt_error(3)");
        FAIL("expected HaltSignal");
    } catch (const ctq::HaltSignal& halt) {
        CHECK(halt.exit_code == 3);
        REQUIRE(halt.message);
        CHECK(halt.message->as_string() == "bye\n");
    }
    CHECK_THROWS_AS(run("halt"), ctq::HaltSignal);
}

TEST_CASE("modules: import, include, data, search metadata", "[language][modules]") {
    CHECK(
        run_with_modules(
            "import \"aws\" as aws; aws::partition, aws::home, aws::region_name(\"eu-west-1\")") ==
        outputs({"\"aws\"", "\"Dublin\"", "\"Ireland\""}));
    CHECK(run_with_modules("include \"shadow\"; v, w") == outputs({"2", "20"}));
    CHECK(run_with_modules(
              "import \"regions\" as $r; $r[0][\"us-east-1\"], $r::r[0][\"us-east-1\"]") ==
          outputs({"\"N. Virginia\"", "\"N. Virginia\""}));
    CHECK(run_with_modules("\"aws\" | modulemeta | .name, .defs, (.deps | length)") ==
          outputs({"\"aws\"", R"~(["partition/0","region_name/1","home/0"])~", "2"}));
    CHECK(run_with_modules("get_search_list") ==
          std::vector<std::string>{"[\"" + kModules + "\"]"});
}

TEST_CASE("module errors", "[language][modules]") {
    CHECK(module_error("import \"nope\" as n; 1") == "module not found: nope");
    CHECK(module_error("import \"broken\" as b; 1") == "syntax error: unexpected ']'");
    CHECK(module_error("import \"notdefs\" as n; 1") == "a module may only contain definitions");
    CHECK(module_error("import \"aws\" as a; a::nothing") == "a::nothing/0 is not defined");
    CHECK(compile_error("module (.+1); 0") == "Module metadata must be constant");
    CHECK(compile_error("module []; 0") == "Module metadata must be an object");
    CHECK(compile_error("include \"\\(1)\"; 0") == "Import path must be constant");
    CHECK(compile_error("{(0): 1}") == "Cannot use number (0) as object key");
}

TEST_CASE("comments in filters", "[language]") {
    CHECK(run("1 # one\n+ 2 # two") == outputs({"3"}));
    CHECK(run("[1, # a comment \\\n still a comment\n 2]") == outputs({"[1,2]"}));
}
