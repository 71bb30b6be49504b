// One output's lines, formatted as they are asked for: the first screen of a 1 GB document
// costs what those lines cost, not what the document does.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "ctq/output/json_writer.hpp"
#include "ctq/value/value.hpp"

namespace ctq::explore {

class LazyLines {
public:
    /// `raw`: a string prints as itself (-r).
    LazyLines(Value value, const WriterOptions& writer, bool raw);

    /// The next line, or false after the last.
    bool next(std::string& line);

    /// Longer lines (a big output with -c) are cut here, and end in " …".
    static constexpr std::size_t kMaxLine = 1u << 16;

private:
    // A container printed piece by piece: the text around its children, which are printed
    // in between, each whole or piece by piece in turn.
    struct Frame {
        std::vector<std::string> pieces;  // children.size() + 1 texts
        std::vector<Value> children;
        std::size_t next = 0;
        std::size_t depth = 0;
    };
    void emit(const Value& value, std::size_t depth);
    void append(const std::string& text);
    bool step();

    WriterOptions writer_;
    std::string marker_;  // how the stand-in for a child prints
    std::vector<Frame> stack_;
    std::deque<std::string> ready_;
    std::string partial_;
    bool cut_ = false;  // the current line is over kMaxLine: the rest of it is dropped
    bool finished_ = false;
};

}  // namespace ctq::explore
