// A non-owning reference to a callable: the cheap sink type of the evaluator.
#pragma once

#include <type_traits>
#include <utility>

namespace ctq {

template <class Signature>
class FunctionRef;

/// Like std::function but never allocates and never owns: the referenced
/// callable must outlive the FunctionRef (true for lambdas passed down a call).
template <class R, class... Args>
class FunctionRef<R(Args...)> {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
    FunctionRef(F&& f)  // NOLINT: implicit on purpose, so lambdas convert at call sites
        : object_(const_cast<void*>(static_cast<const void*>(&f))),
          call_([](void* object, Args... args) -> R {
              return (*static_cast<std::remove_reference_t<F>*>(object))(
                  std::forward<Args>(args)...);
          }) {}

    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void* object_;
    R (*call_)(void*, Args...);
};

}  // namespace ctq
