// jq's module system: `import "m" as m;`, `include "m";`, `import "data" as $d;`, search paths.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/builtins/builtins.hpp"
#include "ctq/lang/ast.hpp"
#include "ctq/lang/resolver.hpp"
#include "ctq/lang/source.hpp"

namespace ctq {

/// A module file, parsed and resolved once however often it is imported.
struct LoadedModule {
    std::shared_ptr<const SourceFile> source;
    std::string directory;  // where the file is: base for its own relative searches
    ParsedProgram parsed;
    std::vector<const FuncDef*> definitions;  // its own top-level definitions, in order
    Value metadata;                           // `module {...};`, or {}
    Array dependencies;                       // one object per import, for modulemeta
};

/// Finds, parses and resolves modules, and binds their definitions and data
/// into the resolver of whatever imports them.
class ModuleLoader {
public:
    /// `search_list`: the global search path (-L, or jq's default list);
    /// `prelude`: the resolver holding the builtin definitions every module sees;
    /// `global_variables`: the host's variable names, with their slots.
    ModuleLoader(std::vector<std::string> search_list, const Registry& natives,
                 const Resolver& prelude, std::vector<std::string> global_variables);

    /// Loads what `program`'s directives name and binds it into `resolver`.
    /// `importer_directory` anchors relative `search` metadata. Throws CompileError.
    void apply_directives(const ParsedProgram& program, const std::string& importer_directory,
                          Resolver& resolver, const std::shared_ptr<const SourceFile>& source);

    /// `modulemeta`: a module's metadata with its "deps" and "defs".
    Value module_metadata(const std::string& name);

    /// `get_search_list`.
    Value search_list() const;

    /// Values of `import "x" as $x;`, in slot order after the host's variables.
    const std::vector<Value>& data_values() const { return data_values_; }

private:
    const LoadedModule& load_code(const std::string& relpath, const Value& metadata,
                                  const std::string& importer_directory, Span span,
                                  const std::shared_ptr<const SourceFile>& importer);
    std::size_t load_data(const std::string& relpath, const Value& metadata,
                          const std::string& importer_directory, Span span,
                          const std::shared_ptr<const SourceFile>& importer);
    std::string find(const std::string& relpath, const Value& metadata,
                     const std::string& importer_directory, const char* extension) const;

    std::vector<std::string> search_list_;
    const Registry& natives_;
    const Resolver& prelude_;
    std::vector<std::string> global_variables_;
    std::map<std::string, std::unique_ptr<LoadedModule>> modules_;  // by file path
    std::set<std::string> loading_;                                 // cycle detection
    std::vector<Value> data_values_;
    std::map<std::string, std::size_t> data_slots_;  // by file path
};

/// The text of a module compiled into ctq ("cloudtrail"), or an empty view.
/// Built-in modules win over files of the same name on the search path.
std::string_view builtin_module_source(std::string_view name);

/// One detection of the `cloudtrail` module: `def hunt_<name>:` with its `# @hunt` comment.
struct HuntInfo {
    std::string name;    // "root_usage": the definition is hunt_root_usage
    std::string source;  // Sigma rule id and/or CIS AWS Foundations control
    std::string description;
    bool needs_all = false;  // [all]: input is the array of every event, not one event
    bool needs_ip = false;   // [ip]: the definition is hunt_<name>($ip)
};

/// The hunts of the built-in `cloudtrail` module, in definition order.
const std::vector<HuntInfo>& builtin_hunts();

/// A complete jq filter running a hunt over raw CloudTrail inputs (any shape `records`
/// accepts). Run it with null input (-n): it reads `inputs` itself. `ip` is used by [ip]
/// hunts, as a jq string literal. Empty if there is no such hunt.
std::string hunt_filter(std::string_view name, std::string_view ip = {});

/// Evaluates directive metadata: must be a constant object (jq's rule).
Value directive_metadata(const NodePtr& node);

}  // namespace ctq
