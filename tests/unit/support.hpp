// Helpers for unit tests: run a filter on JSON text and look at outputs as compact JSON.
#pragma once

#include <string>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq::test {

/// Every output of `filter` on `input` (JSON text), as compact JSON.
inline std::vector<std::string> run(const std::string& filter, const std::string& input = "null") {
    const auto program = Program::compile(filter, {});
    Interpreter interpreter(*program, {}, {});
    std::vector<std::string> outputs;
    interpreter.run(parse_json(input), [&](const Value& v) {
        outputs.push_back(to_json(v));
        return true;
    });
    return outputs;
}

inline std::vector<std::string> outputs(std::initializer_list<const char*> items) {
    return std::vector<std::string>(items.begin(), items.end());
}

/// The message of the runtime error `filter` raises on `input`, or "" if none.
inline std::string run_error(const std::string& filter, const std::string& input = "null") {
    try {
        run(filter, input);
    } catch (const JqError& error) {
        return error.message();
    }
    return "";
}

/// The message of the compile error of `filter`, or "" if it compiles.
inline std::string compile_error(const std::string& filter) {
    try {
        Program::compile(filter, {});
    } catch (const CompileError& error) {
        return error.what();
    }
    return "";
}

}  // namespace ctq::test
