// Loading jq modules and data files, and binding them into the importer's scope.
#include "ctq/lang/module_loader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/parser.hpp"

namespace ctq {

namespace {

bool is_regular_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string basename_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string executable_directory() {
    char buffer[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0)
        return ".";
    return directory_of(std::string(buffer, static_cast<std::size_t>(n)));
}

// "~/x" is under $HOME and "$ORIGIN/x" next to the executable, as in jq.
std::string expand(const std::string& entry) {
    if (entry == "~" || entry.rfind("~/", 0) == 0) {
        const char* home = std::getenv("HOME");
        return std::string(home ? home : "") + entry.substr(1);
    }
    if (entry.rfind("$ORIGIN", 0) == 0)
        return executable_directory() + entry.substr(7);
    return entry;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

[[noreturn]] void fail(Span span, const std::string& message,
                       const std::shared_ptr<const SourceFile>& source) {
    CompileError error(span, message);
    if (source)
        error.set_source(source);
    throw error;
}

std::vector<std::string> metadata_search(const Value& metadata) {
    std::vector<std::string> out;
    const Value search = metadata.field("search");
    if (search.is_string())
        out.emplace_back(search.as_string());
    if (search.is_array()) {
        for (const Value& entry : search.as_array()) {
            if (entry.is_string())
                out.emplace_back(entry.as_string());
        }
    }
    return out;
}

// A module holds definitions only: its body is the `.` the parser puts after
// the last definition, which spans nothing.
bool only_definitions(const Node& body) {
    const Node* current = &body;
    while (const auto* define = std::get_if<Node::Define>(&current->kind))
        current = define->rest.get();
    return std::holds_alternative<Node::Identity>(current->kind) &&
           current->span.begin == current->span.end;
}

}  // namespace

Value directive_metadata(const NodePtr& node) {
    if (!node)
        return Value::object({});
    const auto value = constant_value(*node);
    if (!value)
        throw CompileError(node->span, "Module metadata must be constant");
    if (!value->is_object())
        throw CompileError(node->span, "Module metadata must be an object");
    return *value;
}

ModuleLoader::ModuleLoader(std::vector<std::string> search_list, const Registry& natives,
                           const Resolver& prelude, std::vector<std::string> global_variables)
    : search_list_(std::move(search_list)),
      natives_(natives),
      prelude_(prelude),
      global_variables_(std::move(global_variables)) {}

std::string ModuleLoader::find(const std::string& relpath, const Value& metadata,
                               const std::string& importer_directory, const char* extension) const {
    std::vector<std::string> directories;
    for (const std::string& entry : metadata_search(metadata)) {
        const std::string expanded = expand(entry);
        directories.push_back(expanded.rfind('/', 0) == 0
                                  ? expanded
                                  : fmt::format("{}/{}", importer_directory, expanded));
    }
    for (const std::string& entry : search_list_) directories.push_back(expand(entry));
    for (const std::string& directory : directories) {
        const std::string direct = fmt::format("{}/{}{}", directory, relpath, extension);
        if (is_regular_file(direct))
            return direct;
        const std::string nested =
            fmt::format("{}/{}/{}{}", directory, relpath, basename_of(relpath), extension);
        if (is_regular_file(nested))
            return nested;
    }
    return "";
}

const LoadedModule& ModuleLoader::load_code(const std::string& relpath, const Value& metadata,
                                            const std::string& importer_directory, Span span,
                                            const std::shared_ptr<const SourceFile>& importer) {
    // A built-in module ("cloudtrail") is always there and is not shadowed by a file of the
    // same name on the search path: hunts and docs must mean the same thing everywhere.
    const std::string_view builtin = builtin_module_source(relpath);
    const std::string path = !builtin.empty() ? fmt::format("<builtin>/{}.jq", relpath)
                                              : find(relpath, metadata, importer_directory, ".jq");
    if (path.empty())
        fail(span, fmt::format("module not found: {}", relpath), importer);
    if (auto it = modules_.find(path); it != modules_.end())
        return *it->second;
    if (loading_.count(path))
        fail(span, fmt::format("module imports itself (cycle through {})", relpath), importer);

    auto module = std::make_unique<LoadedModule>();
    auto source = std::make_shared<const SourceFile>(
        SourceFile{path, builtin.empty() ? read_text(path) : std::string(builtin)});
    module->source = source;
    module->directory = builtin.empty() ? directory_of(path) : ".";
    std::vector<std::string> names{"ENV"};
    names.insert(names.end(), global_variables_.begin(), global_variables_.end());
    Resolver resolver(natives_, names);
    resolver.inherit_definitions(prelude_);
    loading_.insert(path);
    try {
        module->parsed = parse(*source);
        if (!only_definitions(*module->parsed.body)) {
            throw CompileError(module->parsed.body->span, "a module may only contain definitions");
        }
        module->metadata = directive_metadata(module->parsed.module_metadata);
        apply_directives(module->parsed, module->directory, resolver, source);
        resolver.resolve_top_level(*module->parsed.body);
    } catch (CompileError& error) {
        loading_.erase(path);
        if (!error.source())
            error.set_source(source);
        throw;
    }
    loading_.erase(path);
    module->definitions = resolver.top_level_definitions();
    for (const ModuleDirective& directive : module->parsed.directives) {
        Object dependency = directive_metadata(directive.metadata).as_object();
        if (directive.kind != ModuleDirective::Kind::Include) {
            dependency.set("as", Value::string(directive.alias));
        }
        dependency.set("is_data",
                       Value::boolean(directive.kind == ModuleDirective::Kind::ImportData));
        dependency.set("relpath", Value::string(directive.path));
        module->dependencies.push_back(Value::object(std::move(dependency)));
    }
    const LoadedModule& loaded = *module;
    modules_[path] = std::move(module);
    return loaded;
}

std::size_t ModuleLoader::load_data(const std::string& relpath, const Value& metadata,
                                    const std::string& importer_directory, Span span,
                                    const std::shared_ptr<const SourceFile>& importer) {
    const std::string path = find(relpath, metadata, importer_directory, ".json");
    if (path.empty())
        fail(span, fmt::format("module not found: {}", relpath), importer);
    if (auto it = data_slots_.find(path); it != data_slots_.end())
        return it->second;
    const std::string text = read_text(path);
    StringSource bytes(text);
    JsonReader reader(bytes);
    Array values;
    try {
        Value v;
        while (reader.next(v)) values.push_back(v);
    } catch (const JsonParseError& error) {
        fail(span, fmt::format("{} (in {})", error.what(), path), importer);
    }
    // Slots follow $ENV and the host's variables.
    const std::size_t slot = 1 + global_variables_.size() + data_values_.size();
    data_values_.push_back(Value::array(std::move(values)));
    data_values_.back().share();  // every thread running the program copies it
    data_slots_[path] = slot;
    return slot;
}

void ModuleLoader::apply_directives(const ParsedProgram& program,
                                    const std::string& importer_directory, Resolver& resolver,
                                    const std::shared_ptr<const SourceFile>& source) {
    for (const ModuleDirective& directive : program.directives) {
        Value metadata;
        try {
            metadata = directive_metadata(directive.metadata);
        } catch (CompileError& error) {
            if (source)
                error.set_source(source);
            throw;
        }
        switch (directive.kind) {
            case ModuleDirective::Kind::Include: {
                const LoadedModule& module =
                    load_code(directive.path, metadata, importer_directory, directive.span, source);
                resolver.import_definitions("", module.definitions);
                break;
            }
            case ModuleDirective::Kind::Import: {
                const LoadedModule& module =
                    load_code(directive.path, metadata, importer_directory, directive.span, source);
                resolver.import_definitions(directive.alias, module.definitions);
                break;
            }
            case ModuleDirective::Kind::ImportData: {
                const std::size_t slot =
                    load_data(directive.path, metadata, importer_directory, directive.span, source);
                // `import "data" as $d;` binds both $d and $d::d.
                resolver.add_global_variable(directive.alias, slot);
                resolver.add_global_variable(fmt::format("{0}::{0}", directive.alias), slot);
                break;
            }
        }
    }
}

Value ModuleLoader::module_metadata(const std::string& name) {
    const LoadedModule& module = load_code(name, Value::object({}), ".", Span{}, nullptr);
    Object out = module.metadata.as_object();
    out.set("deps", Value::array(module.dependencies));
    Array defs;
    for (const FuncDef* def : module.definitions) {
        defs.push_back(Value::string(fmt::format("{}/{}", def->name, def->params.size())));
    }
    out.set("defs", Value::array(std::move(defs)));
    return Value::object(std::move(out));
}

Value ModuleLoader::search_list() const {
    Array out;
    for (const std::string& entry : search_list_) out.push_back(Value::string(expand(entry)));
    return Value::array(std::move(out));
}

}  // namespace ctq
