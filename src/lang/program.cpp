// Compiling a filter: parse the prelude and the user's filter, then resolve names.
#include "ctq/lang/program.hpp"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/lang/module_loader.hpp"
#include "ctq/lang/parser.hpp"
#include "ctq/lang/resolver.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq {

namespace {
constexpr const char kPrelude[] =
#include "ctq/prelude_source.inc"
    ;

// The prelude is the same for every filter, so it is parsed and resolved once per process:
// compiling it took most of a short run's time. Its tree is never written after this, so
// programs on other threads share it. Host variables (--arg) are not visible in builtins,
// as in jq, so only $ENV is in scope; it has slot 0 in every program.
class Prelude {
public:
    Prelude()
        : source_{"<builtin>", std::string(prelude_source())},
          resolver_(Registry::standard(), {"ENV"}) {
        try {
            parsed_ = parse(source_);
            resolver_.resolve_top_level(*parsed_.body);
        } catch (const CompileError& error) {
            // The prelude is part of ctq: an error in it is a bug, not the user's mistake.
            const LineCol at = source_.line_col(error.span().begin);
            throw std::logic_error(fmt::format(
                "ctq's builtin prelude does not compile: {} at line {}", error.what(), at.line));
        }
    }
    const Resolver& resolver() const { return resolver_; }

private:
    SourceFile source_;
    ParsedProgram parsed_;
    Resolver resolver_;
};

const Resolver& shared_prelude() {
    static const Prelude prelude;
    return prelude.resolver();
}

}  // namespace

std::string_view prelude_source() {
    return {kPrelude, sizeof(kPrelude) - 1};
}

Program::~Program() = default;

const std::vector<Value>& Program::data_values() const {
    return modules_->data_values();
}

std::vector<std::string> Program::builtin_signatures() const {
    std::set<std::string> names;
    for (const std::string& name : Registry::standard().signatures()) names.insert(name);
    for (const FuncDef* def : prelude_resolver_->top_level_definitions()) {
        names.insert(fmt::format("{}/{}", def->name, def->params.size()));
    }
    std::vector<std::string> out;
    for (const std::string& name : names) {
        if (name[0] != '_')
            out.push_back(name);
    }
    return out;
}

std::unique_ptr<Program> Program::compile(std::string filter, const CompileOptions& options,
                                          std::string source_name) {
    std::unique_ptr<Program> program(new Program());
    program->prelude_resolver_ = &shared_prelude();
    program->user_source_ =
        std::make_unique<SourceFile>(SourceFile{std::move(source_name), std::move(filter)});

    // $ENV is always there; the host's own variables follow it.
    std::vector<std::string> globals{"ENV"};
    globals.insert(globals.end(), options.global_variables.begin(), options.global_variables.end());
    const Registry& natives = Registry::standard();

    std::vector<std::string> search = options.library_paths;
    if (search.empty())
        search = {"~/.jq", "$ORIGIN/../lib/jq", "$ORIGIN/../lib"};
    program->modules_ = std::make_unique<ModuleLoader>(
        std::move(search), natives, *program->prelude_resolver_, options.global_variables);
    program->program_origin_ = options.program_origin;
    program->user_ = parse(*program->user_source_);
    directive_metadata(program->user_.module_metadata);
    Resolver resolver(natives, globals);
    resolver.inherit_definitions(*program->prelude_resolver_);
    program->modules_->apply_directives(program->user_, ".", resolver, nullptr);
    resolver.mark_filter_nodes();
    program->main_ = resolver.resolve_top_level(*program->user_.body);
    return program;
}

std::string JqError::message() const {
    if (payload_.is_string())
        return std::string(payload_.as_string());
    return fmt::format("{} (not a string)", to_json(payload_));
}

}  // namespace ctq
