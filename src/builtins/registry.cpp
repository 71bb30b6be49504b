// The registry of native builtins, filled once from each family's table.
#include <fmt/format.h>

#include <algorithm>

#include "ctq/builtins/builtins.hpp"

namespace ctq {

namespace {
std::string signature(std::string_view name, std::size_t arity) {
    return fmt::format("{}/{}", name, arity);
}
}  // namespace

void Registry::add_one(const Builtin& builtin) {
    by_signature_[signature(builtin.name, static_cast<std::size_t>(builtin.arity))] = &builtin;
}

const Builtin* Registry::find(std::string_view name, std::size_t arity) const {
    const auto it = by_signature_.find(signature(name, arity));
    return it == by_signature_.end() ? nullptr : it->second;
}

std::vector<std::string> Registry::signatures() const {
    std::vector<std::string> out;
    out.reserve(by_signature_.size());
    for (const auto& entry : by_signature_) out.push_back(entry.first);
    std::sort(out.begin(), out.end());
    return out;
}

const Registry& Registry::standard() {
    static const Registry registry = [] {
        Registry r;
        register_core_builtins(r);
        register_string_builtins(r);
        register_format_builtins(r);
        register_math_builtins(r);
        register_iteration_builtins(r);
        register_control_builtins(r);
        register_regex_builtins(r);
        register_date_builtins(r);
        return r;
    }();
    return registry;
}

}  // namespace ctq
