// The error and control-flow signals that cross module boundaries.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "ctq/lang/source.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// Process exit codes, as jq's main.c uses them.
enum class ExitCode : int {
    Ok = 0,
    FalsyOutput = 1,  // -e and the last output was false or null
    Usage = 2,        // bad options, unreadable file
    Compile = 3,      // the filter does not compile
    NoOutput = 4,     // -e and there was no output
    Runtime = 5,      // a runtime error, or invalid JSON input
};

/// The filter does not lex, parse or resolve: `.a[`, `foo(1)` for undefined foo.
class CompileError : public std::runtime_error {
public:
    CompileError(Span span, const std::string& message)
        : std::runtime_error(message), span_(span) {}
    Span span() const { return span_; }
    /// The module file the error is in; null for the user's own filter.
    const std::shared_ptr<const SourceFile>& source() const { return source_; }
    void set_source(std::shared_ptr<const SourceFile> source) { source_ = std::move(source); }

private:
    Span span_;
    std::shared_ptr<const SourceFile> source_;
};

/// A runtime error raised by a filter; catchable by `try`, `?` and `//`.
/// The payload is what `catch` receives: a string message, or whatever
/// `error(v)` was given (`error({"code": 1})`).
class JqError : public std::exception {
public:
    explicit JqError(Value payload) : payload_(std::move(payload)) {}
    explicit JqError(std::string message) : payload_(Value::string(std::move(message))) {}
    const Value& payload() const { return payload_; }
    /// The text jq prints after "jq: error (at ...): ".
    std::string message() const;
    const char* what() const noexcept override {
        return payload_.is_string() ? payload_.as_string().data() : "error (not a string)";
    }

private:
    Value payload_;
};

/// Invalid JSON text in an input, `--argjson`, or `fromjson`.
/// The message uses jq's words: "Unfinished JSON term at EOF at line 2, column 0".
class JsonParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ctq
