// Filters that may run record by record (see record_filters.hpp).
#include "ctq/lang/record_filters.hpp"

#include <variant>

namespace ctq {

bool iterates_records(const Node& node) {
    const Node* top = &node;
    if (const auto* pipe = std::get_if<Node::Pipe>(&top->kind))
        top = pipe->lhs.get();
    const auto* iterate = std::get_if<Node::Iterate>(&top->kind);
    if (!iterate || iterate->optional || !iterate->target)
        return false;
    const auto* field = std::get_if<Node::Field>(&iterate->target->kind);
    if (!field || field->optional || field->name != "Records")
        return false;
    return !field->target || std::holds_alternative<Node::Identity>(field->target->kind);
}

bool reads_beyond_records(std::string_view text) {
    for (const char* word : {"input", "import", "include", "$__loc__"}) {
        if (text.find(word) != std::string_view::npos)
            return true;
    }
    return false;
}

bool reports_on_the_way(std::string_view text) {
    for (const char* word : {"debug", "stderr", "halt"}) {
        if (text.find(word) != std::string_view::npos)
            return true;
    }
    return false;
}

Value record_document(const Value& record) {
    Object document;
    document.set("Records", Value::array(Array{record}));
    return Value::object(std::move(document));
}

bool streams_records(const Program& program) {
    return !reads_beyond_records(program.source().text) && iterates_records(program.main());
}

}  // namespace ctq
