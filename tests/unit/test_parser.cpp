// Unit tests for the parser: precedence, associativity, every construct's shape, and errors.
#include <catch2/catch.hpp>

#include "ctq/error.hpp"
#include "ctq/lang/parser.hpp"
#include "ctq/output/json_writer.hpp"

namespace {

std::string sexpr(const ctq::Node& node);

std::string op_name(ctq::BinOp op) {
    static const char* const names[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">="};
    return names[static_cast<int>(op)];
}

std::string sexpr_or_nil(const ctq::NodePtr& node) {
    return node ? sexpr(*node) : "nil";
}

// A compact, test-only rendering of the tree that makes structure visible.
std::string sexpr(const ctq::Node& node) {
    using N = ctq::Node;
    return std::visit(
        [](const auto& k) -> std::string {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, N::Identity>)
                return ".";
            else if constexpr (std::is_same_v<T, N::RecurseDefault>)
                return "..";
            else if constexpr (std::is_same_v<T, N::Field>)
                return std::string(k.optional ? "(field? " : "(field ") + sexpr(*k.target) + " " +
                       k.name + ")";
            else if constexpr (std::is_same_v<T, N::Index>)
                return std::string(k.optional ? "(index? " : "(index ") + sexpr(*k.target) + " " +
                       sexpr(*k.index) + ")";
            else if constexpr (std::is_same_v<T, N::Slice>)
                return "(slice " + sexpr(*k.target) + " " + sexpr_or_nil(k.from) + " " +
                       sexpr_or_nil(k.to) + ")";
            else if constexpr (std::is_same_v<T, N::Iterate>)
                return std::string(k.optional ? "(iter? " : "(iter ") + sexpr(*k.target) + ")";
            else if constexpr (std::is_same_v<T, N::Literal>)
                return ctq::to_json(k.value);
            else if constexpr (std::is_same_v<T, N::StringInterp>)
                return "(interp" + std::string(k.format.empty() ? "" : " @" + k.format) + ")";
            else if constexpr (std::is_same_v<T, N::Format>)
                return "@" + k.name;
            else if constexpr (std::is_same_v<T, N::ArrayCons>)
                return "[" + sexpr_or_nil(k.body) + "]";
            else if constexpr (std::is_same_v<T, N::ObjectCons>) {
                std::string out = "{";
                for (const auto& e : k.entries) out += sexpr(*e.key) + ":" + sexpr(*e.value) + ";";
                return out + "}";
            } else if constexpr (std::is_same_v<T, N::Neg>)
                return "(neg " + sexpr(*k.operand) + ")";
            else if constexpr (std::is_same_v<T, N::Binary>)
                return "(" + op_name(k.op) + " " + sexpr(*k.lhs) + " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::And>)
                return "(and " + sexpr(*k.lhs) + " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::Or>)
                return "(or " + sexpr(*k.lhs) + " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::Alternative>)
                return "(// " + sexpr(*k.lhs) + " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::Pipe>)
                return "(| " + sexpr(*k.lhs) + " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::Comma>)
                return "(, " + sexpr(*k.lhs) + " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::Assign>)
                return "(assign" + std::to_string(static_cast<int>(k.op)) + " " + sexpr(*k.lhs) +
                       " " + sexpr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<T, N::If>)
                return "(if " + sexpr(*k.branches[0].cond) + " " + sexpr(*k.branches[0].then) +
                       " " + sexpr_or_nil(k.otherwise) + ")";
            else if constexpr (std::is_same_v<T, N::Try>)
                return "(try " + sexpr(*k.body) + " " + sexpr_or_nil(k.handler) + ")";
            else if constexpr (std::is_same_v<T, N::Reduce>)
                return "(reduce " + sexpr(*k.source) + " " + sexpr(*k.init) + " " +
                       sexpr(*k.update) + ")";
            else if constexpr (std::is_same_v<T, N::Foreach>)
                return "(foreach " + sexpr(*k.source) + " " + sexpr(*k.init) + " " +
                       sexpr(*k.update) + " " + sexpr_or_nil(k.extract) + ")";
            else if constexpr (std::is_same_v<T, N::Define>)
                return "(def " + k.def->name + "/" + std::to_string(k.def->params.size()) + " " +
                       sexpr(*k.def->body) + " " + sexpr(*k.rest) + ")";
            else if constexpr (std::is_same_v<T, N::Call>) {
                std::string out = "(call " + k.name;
                for (const auto& a : k.args) out += " " + sexpr(*a);
                return out + ")";
            } else if constexpr (std::is_same_v<T, N::VarRef>)
                return "$" + k.name;
            else if constexpr (std::is_same_v<T, N::Bind>)
                return "(as " + sexpr(*k.source) + " " + std::to_string(k.patterns.size()) + " " +
                       sexpr(*k.body) + ")";
            else if constexpr (std::is_same_v<T, N::Label>)
                return "(label " + k.name + " " + sexpr(*k.body) + ")";
            else if constexpr (std::is_same_v<T, N::Break>)
                return "(break " + k.name + ")";
            else
                return "$__loc__";
        },
        node.kind);
}

std::string parsed(const std::string& text) {
    const ctq::SourceFile source{"<test>", text};
    return sexpr(*ctq::parse(source).body);
}

std::string parse_error(const std::string& text) {
    const ctq::SourceFile source{"<test>", text};
    try {
        ctq::parse(source);
    } catch (const ctq::CompileError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("binary operators follow jq's precedence", "[parser]") {
    CHECK(parsed("1 + 2 * 3") == "(+ 1 (* 2 3))");
    CHECK(parsed("1 - 2 - 3") == "(- (- 1 2) 3)");
    CHECK(parsed(".a and .b or .c") == "(or (and (field . a) (field . b)) (field . c))");
    CHECK(parsed(".a == 1 and .b") == "(and (== (field . a) 1) (field . b))");
    CHECK(parsed(".a // .b // .c") == "(// (field . a) (// (field . b) (field . c)))");
    CHECK(parsed("1, 2 | 3, 4") == "(| (, 1 2) (, 3 4))");
    CHECK(parsed(".a | .b | .c") == "(| (field . a) (| (field . b) (field . c)))");
    CHECK(parsed(".a = 1 // 2") == "(// (assign0 (field . a) 1) 2)");
    CHECK(parsed(".a // 1 = 2") == "(// (field . a) (assign0 1 2))");
}

TEST_CASE("the walkthrough's select parses without spaces", "[parser]") {
    CHECK(parsed(".Records[]|select(.eventSource==\"s3\" and .x==\"y\")") ==
          "(| (iter (field . Records)) (call select (and (== (field . eventSource) \"s3\") (== "
          "(field . x) \"y\"))))");
    CHECK(parsed(".userIdentity.userName //\"N/A\"") ==
          "(// (field (field . userIdentity) userName) \"N/A\")");
}

TEST_CASE("postfix suffixes", "[parser]") {
    CHECK(parsed(".a[0]") == "(index (field . a) 0)");
    CHECK(parsed(".a.[0]") == "(index (field . a) 0)");
    CHECK(parsed(".[1:]") == "(slice . 1 nil)");
    CHECK(parsed(".[:2]") == "(slice . nil 2)");
    CHECK(parsed(".a[]?") == "(iter? (field . a))");
    CHECK(parsed(".a?.b?") == "(field? (field? . a) b)");
    CHECK(parsed("(.a)?") == "(try (field . a) nil)");
    CHECK(parsed(".a??") == "(try (field? . a) nil)");
    CHECK(parsed(".\"b c\"") == "(field . b c)");
    CHECK(parsed("$x.a") == "(field $x a)");
    CHECK(parsed("..") == "..");
}

TEST_CASE("unary minus binds looser than *", "[parser]") {
    CHECK(parsed("-.a * 2") == "(neg (* (field . a) 2))");
    CHECK(parsed("-1 + 2") == "(+ (neg 1) 2)");
}

TEST_CASE("constructors", "[parser]") {
    CHECK(parsed("[.a, .b]") == "[(, (field . a) (field . b))]");
    CHECK(parsed("[]") == "[nil]");
    CHECK(parsed("{a, \"b\": 1, (.k): 2, $x}") ==
          "{\"a\":(field . a);\"b\":1;(field . k):2;\"x\":$x;}");
    CHECK(parsed("{a: .b | .c}") == "{\"a\":(| (field . b) (field . c));}");
    CHECK(parsed("\"a\\(.b)c\"") == "(interp)");
    CHECK(parsed("@csv \"\\(.a)\"") == "(interp @csv)");
    CHECK(parsed("@base64") == "@base64");
    CHECK(parsed("\"plain\"") == "\"plain\"");
}

TEST_CASE("control constructs", "[parser]") {
    CHECK(parsed("if . then 1 else 2 end") == "(if . 1 2)");
    CHECK(parsed("if . then 1 end") == "(if . 1 nil)");
    CHECK(parsed("try .a catch . | length") == "(| (try (field . a) .) (call length))");
    CHECK(parsed("reduce .[] as $x (0; . + $x)") == "(reduce (iter .) 0 (+ . $x))");
    CHECK(parsed("foreach .[] as $x (0; 1; 2)") == "(foreach (iter .) 0 1 2)");
    CHECK(parsed("label $out | 1, break $out") == "(label out (, 1 (break out)))");
    CHECK(parsed(". as [$a, {b: $c}] | $a, $c") == "(as . 1 (, $a $c))");
    CHECK(parsed(". as [$a] ?// $a | $a") == "(as . 2 $a)");
    CHECK(parsed("def f(g; $x): g + $x; f(1; 2)") == "(def f/2 (+ (call g) $x) (call f 1 2))");
    CHECK(parsed("def f: 1;") == "(def f/0 1 .)");
    CHECK(parsed("null, true, false") == "(, (, null true) false)");
}

TEST_CASE("syntax errors say what was unexpected", "[parser]") {
    CHECK(parse_error(".a[") == "syntax error: unexpected end of file");
    CHECK(parse_error(".a]") == "syntax error: unexpected ']'");
    CHECK(parse_error("if . then 1") == "syntax error: unexpected end of file, expecting end");
    CHECK(parse_error("{a: 1 2}") == "syntax error: unexpected LITERAL 2, expecting '}'");
    CHECK(parse_error("1 == 2 == 3") == "syntax error: unexpected '=='");
}

TEST_CASE("deep nesting is an error, not a crash", "[parser]") {
    // Below the parser's depth limit (100,000), so on this 8 MB test thread it is the native
    // stack guard that must stop it.
    const std::string deep = std::string(50000, '(') + "1" + std::string(50000, ')');
    CHECK(parse_error(deep).find("nesting too deep") != std::string::npos);
}
