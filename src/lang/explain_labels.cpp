// --explain's wording: the plain-language labels for operators, formats and common builtins.
#include "explain_labels.hpp"

#include <fmt/format.h>

namespace ctq::explain_labels {

namespace {

// Friendly labels for common builtins, keyed by name/arity.
struct Friendly {
    std::string_view name;
    std::size_t arity;
    std::string_view label;
};
constexpr Friendly kFriendly[] = {
    {"select", 1, "keep the input only where"},
    {"map", 1, "apply to each element and collect into an array"},
    {"map_values", 1, "apply to each value, keeping the keys"},
    {"sort_by", 1, "sort the array by"},
    {"group_by", 1, "group the array's elements by"},
    {"unique_by", 1, "keep one element per distinct"},
    {"min_by", 1, "the element with the smallest"},
    {"max_by", 1, "the element with the largest"},
    {"with_entries", 1, "rewrite each {key, value} entry of the object with"},
    {"to_entries", 0, "the object as a list of {key, value} entries"},
    {"from_entries", 0, "an object built from {key, value} entries"},
    {"length", 0, "the length of the input"},
    {"keys", 0, "the input's keys, sorted"},
    {"keys_unsorted", 0, "the input's keys, in order"},
    {"has", 1, "true when the input has the key"},
    {"empty", 0, "produce no output"},
    {"error", 0, "raise the input as an error"},
    {"error", 1, "raise an error with the message"},
    {"not", 0, "the logical opposite of the input"},
    {"type", 0, "the input's type name"},
    {"add", 0, "add up the array's elements"},
    {"sort", 0, "sort the array"},
    {"unique", 0, "sort the array and drop duplicates"},
    {"reverse", 0, "reverse the input"},
    {"tostring", 0, "the input as a string"},
    {"tonumber", 0, "the input as a number"},
    {"tojson", 0, "the input as JSON text"},
    {"fromjson", 0, "parse the input as JSON text"},
    {"ascii_downcase", 0, "the string in lower case"},
    {"ascii_upcase", 0, "the string in upper case"},
    {"test", 1, "true when the string matches the regex"},
    {"startswith", 1, "true when the string starts with"},
    {"endswith", 1, "true when the string ends with"},
    {"contains", 1, "true when the input contains"},
    {"join", 1, "join the array's strings with the separator"},
    {"split", 1, "split the string at"},
    {"first", 1, "only the first output of"},
    {"last", 1, "only the last output of"},
    {"limit", 2, "at most this many outputs"},
    {"first", 0, "the first element"},
    {"last", 0, "the last element"},
    {"del", 1, "delete the paths"},
    {"path", 1, "the paths (as arrays) of"},
    {"paths", 0, "every path in the input"},
    {"recurse", 0, "the input and every value inside it, recursively"},
    {"recurse", 1, "recursively apply and output"},
    {"any", 0, "true when any element is true"},
    {"all", 0, "true when every element is true"},
    {"any", 1, "true when any element satisfies"},
    {"all", 1, "true when every element satisfies"},
    {"range", 1, "the numbers from 0 up to (not including)"},
    {"range", 2, "the numbers from the first up to (not including) the second"},
    {"min", 0, "the smallest element"},
    {"max", 0, "the largest element"},
    {"flatten", 0, "flatten nested arrays"},
    {"to_entries", 0, "the object as {key, value} entries"},
    {"input", 0, "read the next input"},
    {"inputs", 0, "every remaining input"},
    {"debug", 0, "print the input to stderr and pass it on"},
    {"env", 0, "the environment variables as an object"},
    {"now", 0, "the current time in seconds since the epoch"},
    {"todate", 0, "the number of seconds as an ISO 8601 date"},
    {"fromdate", 0, "the ISO 8601 date as seconds since the epoch"},
    {"ltrimstr", 1, "remove this prefix if present"},
    {"rtrimstr", 1, "remove this suffix if present"},
    {"sub", 2, "replace the first regex match"},
    {"gsub", 2, "replace every regex match"},
    {"capture", 1, "an object of the named regex captures"},
    {"isempty", 1, "true when there are no outputs from"},
    {"getpath", 1, "the value at the path"},
    {"splits", 1, "split the string at each regex match"},
    {"strftime", 1, "format the time with"},
    {"tostream", 0, "the input as [path, leaf] events"},
    {"walk", 1, "apply bottom-up to every value"},
    {"ascii", 0, "the character with this code"},
    {"records", 0, "each CloudTrail event, whatever the input's shape"},
    {"principal", 0, "a readable name for who made the call"},
};

}  // namespace

OperatorText binop_text(BinOp op) {
    switch (op) {
        case BinOp::Add: return {"+", "add (+) these two:"};
        case BinOp::Sub: return {"-", "subtract (-) the second from the first:"};
        case BinOp::Mul: return {"*", "multiply (*) these two:"};
        case BinOp::Div: return {"/", "divide (/) the first by the second:"};
        case BinOp::Mod: return {"%", "remainder (%) of the first divided by the second:"};
        case BinOp::Eq: return {"==", "true when these are equal (==):"};
        case BinOp::Ne: return {"!=", "true when these differ (!=):"};
        case BinOp::Lt: return {"<", "true when the first is less than (<) the second:"};
        case BinOp::Le: return {"<=", "true when the first is at most (<=) the second:"};
        case BinOp::Gt: return {">", "true when the first is greater than (>) the second:"};
        case BinOp::Ge: return {">=", "true when the first is at least (>=) the second:"};
    }
    return {"?", "?"};
}

std::string_view assign_label(AssignOp op) {
    switch (op) {
        case AssignOp::Set: return "set (=) the paths on the left to the value on the right:";
        case AssignOp::Update: return "update (|=) the values at the left's paths with the filter:";
        case AssignOp::Add: return "add (+=) the right to the values at the left's paths:";
        case AssignOp::Sub: return "subtract (-=) the right from the values at the left's paths:";
        case AssignOp::Mul: return "multiply (*=) the values at the left's paths by the right:";
        case AssignOp::Div: return "divide (/=) the values at the left's paths by the right:";
        case AssignOp::Mod: return "take the remainder (%=) of the values at the left's paths:";
        case AssignOp::Alt: return "default (//=) the values at the left's paths to the right:";
    }
    return "?";
}

std::string format_label(std::string_view name) {
    struct Entry {
        std::string_view name, what;
    };
    static constexpr Entry kFormats[] = {
        {"text", "as text"},
        {"json", "as JSON text"},
        {"csv", "as a CSV row"},
        {"tsv", "as a tab-separated row"},
        {"html", "HTML-escaped"},
        {"uri", "percent-encoded for a URI"},
        {"sh", "quoted for a shell"},
        {"base64", "encoded as base64"},
        {"base64d", "decoded from base64"},
        {"base32", "encoded as base32"},
        {"base32d", "decoded from base32"},
    };
    for (const auto& f : kFormats) {
        if (f.name == name)
            return std::string(f.what);
    }
    return fmt::format("with the @{} format", name);
}

std::optional<std::string_view> friendly_label(const std::string& name, std::size_t arity) {
    for (const auto& f : kFriendly) {
        if (f.name == name && f.arity == arity)
            return f.label;
    }
    return std::nullopt;
}

}  // namespace ctq::explain_labels
