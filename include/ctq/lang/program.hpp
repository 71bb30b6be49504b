// A compiled filter: the prelude and the user's filter, parsed and resolved.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ctq/lang/ast.hpp"
#include "ctq/lang/source.hpp"

namespace ctq {

struct CompileOptions {
    /// Names of the global variables the host supplies (`--arg x v` gives "x"),
    /// in the order of the values handed to the Interpreter.
    std::vector<std::string> global_variables;
    /// Where `import`/`include` look (-L); empty means jq's default list
    /// ("~/.jq", "$ORIGIN/../lib/jq", "$ORIGIN/../lib").
    std::vector<std::string> library_paths;
    /// Directory of the -f file the filter came from (`get_prog_origin`), or "".
    std::string program_origin;
};

class ModuleLoader;
class Resolver;

class Program {
public:
    /// Lexes, parses and resolves `filter`. Throws CompileError, whose span
    /// refers to source() (the user's filter).
    static std::unique_ptr<Program> compile(std::string filter, const CompileOptions& options,
                                            std::string source_name = "<top-level>");

    const Node& main() const { return *main_; }
    const SourceFile& source() const { return *user_source_; }
    /// The modules this program imported; also serves `modulemeta`.
    ModuleLoader& modules() const { return *modules_; }
    const std::string& program_origin() const { return program_origin_; }
    /// "name/arity" of every public builtin, native or prelude (`builtins`).
    std::vector<std::string> builtin_signatures() const;
    /// Values of `import "f" as $f;` data, slotted after the host's globals.
    const std::vector<Value>& data_values() const;

    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;
    ~Program();

private:
    Program() = default;
    friend class Resolver;

    std::unique_ptr<SourceFile> user_source_;
    ParsedProgram user_;
    /// The resolved prelude, shared read-only by every Program of the process.
    const Resolver* prelude_resolver_ = nullptr;
    std::unique_ptr<ModuleLoader> modules_;
    const Node* main_ = nullptr;
    std::string program_origin_;
};

/// The embedded jq source of the builtins jq defines in jq.
std::string_view prelude_source();

}  // namespace ctq
