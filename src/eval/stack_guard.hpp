// Native stack accounting, so deep filters end in an error instead of a crash.
#pragma once

#include <cstddef>

namespace ctq {

/// How many bytes of native stack recursion may use on this thread: the
/// evaluation thread's configured size (or the process stack limit) minus a
/// safety margin.
std::size_t stack_budget();

/// Remembers where it was created; reports when the stack has grown past the budget.
class StackGuard {
public:
    StackGuard() : base_(&marker_) {}
    bool exhausted() const {
        const char here = 0;
        const auto used = static_cast<std::size_t>(base_ > &here ? base_ - &here : &here - base_);
        return used > budget_;
    }

private:
    char marker_ = 0;
    const char* base_;
    std::size_t budget_ = stack_budget();
};

}  // namespace ctq
