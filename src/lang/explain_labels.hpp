// --explain's wording, apart from the tree it labels (private to src/lang): what each operator,
// format and common builtin is called in the plain-language tree that explain.cpp renders.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ctq/lang/ast.hpp"

namespace ctq::explain_labels {

/// An operator as jq writes it (`==`), and as the tree says it when its operands do not fit
/// on one line ("true when these are equal (==):").
struct OperatorText {
    std::string_view symbol;
    std::string_view label;
};

OperatorText binop_text(BinOp op);

/// The line above an assignment's two sides: "update (|=) the values at the left's paths ...".
std::string_view assign_label(AssignOp op);

/// What a `@name` format does to a value ("as a CSV row"); unknown names are quoted back.
std::string format_label(std::string_view name);

/// A friendly label for a common builtin called as `name/arity`, if it has one.
std::optional<std::string_view> friendly_label(const std::string& name, std::size_t arity);

}  // namespace ctq::explain_labels
