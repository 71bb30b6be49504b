// Compiling a filter: parse the prelude and the user's filter, then resolve names.
#include "ctq/program.hpp"

#include <stdexcept>

#include "ctq/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/json_writer.hpp"
#include "ctq/parser.hpp"
#include "ctq/resolver.hpp"

namespace ctq {

namespace {
constexpr const char kPrelude[] =
#include "ctq/prelude_source.inc"
    ;
}  // namespace

std::string_view prelude_source() { return {kPrelude, sizeof(kPrelude) - 1}; }

Program::~Program() = default;

std::unique_ptr<Program> Program::compile(std::string filter, const CompileOptions& options,
                                          std::string source_name) {
    std::unique_ptr<Program> program(new Program());
    program->prelude_source_ =
        std::make_unique<SourceFile>(SourceFile{"<builtin>", std::string(prelude_source())});
    program->user_source_ =
        std::make_unique<SourceFile>(SourceFile{std::move(source_name), std::move(filter)});
    // $ENV is always there; the host's own variables follow it.
    std::vector<std::string> globals{"ENV"};
    globals.insert(globals.end(), options.global_variables.begin(), options.global_variables.end());
    Resolver resolver(Registry::standard(), globals);
    try {
        program->prelude_ = parse(*program->prelude_source_);
        resolver.resolve_top_level(*program->prelude_.body);
    } catch (const CompileError& error) {
        // The prelude is part of ctq: an error in it is a bug, not the user's mistake.
        const LineCol at = program->prelude_source_->line_col(error.span().begin);
        throw std::logic_error("ctq's builtin prelude does not compile: " + std::string(error.what()) +
                               " at line " + std::to_string(at.line));
    }
    program->user_ = parse(*program->user_source_);
    program->main_ = resolver.resolve_top_level(*program->user_.body);
    return program;
}

std::string JqError::message() const {
    if (payload_.is_string()) return payload_.as_string();
    return to_json(payload_) + " (not a string)";
}

}  // namespace ctq
