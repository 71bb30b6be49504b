// Fuzz target: arbitrary bytes as a filter, through what `ctq FILTER` does before reading
// input: lex, parse and resolve; on a compile error, the caret rendering and hints; otherwise
// the filter hints and --explain's tree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../../src/cli/diagnostics.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/hints.hpp"
#include "ctq/lang/explain.hpp"
#include "ctq/lang/parser.hpp"
#include "ctq/lang/program.hpp"
#include "fuzz_support.hpp"

namespace {

// Modules are looked up here only, so `import "x" as x;` never reads the machine's ~/.jq.
constexpr const char* kNoLibrary = "/nonexistent/ctq-fuzz-library";

void compile_like_the_cli(std::string_view bytes) {
    const std::string filter(bytes);
    const ctq::SourceFile file{"<top-level>", filter};
    ctq::CompileOptions options;
    options.library_paths = {kNoLibrary};
    options.global_variables = {"ARGS"};
    try {
        // parse() throws for most fuzzed filters exactly what compile would; the tree it
        // returns, unresolved, is what --explain prints.
        const ctq::ParsedProgram parsed = ctq::parse(file);
        const auto program = ctq::Program::compile(filter, options);
        ctq::filter_hints(program->main());
        ctq::explain(*parsed.body);
    } catch (const ctq::CompileError& error) {
        // The expected answer to most bytes. Its span must lie inside the filter, since the
        // CLI cuts the caret line out of it.
        const ctq::Span span = error.span();
        if (!error.source() && (span.begin > span.end || span.end > filter.size())) {
            std::fprintf(stderr, "CompileError span [%zu, %zu) outside a %zu-byte filter\n",
                         static_cast<std::size_t>(span.begin), static_cast<std::size_t>(span.end),
                         filter.size());
            std::abort();
        }
        ctq::cli::render_compile_error(error, error.source() ? *error.source() : file);
        ctq::compile_error_hints(error.what(), filter);
    }
}

}  // namespace

CTQ_FUZZ_TARGET(compile_like_the_cli)
