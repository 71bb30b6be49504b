// Evaluation with the input handed over: the state of reduce and foreach.
//
// A Value's payload can be changed in place only while one Value owns it. reduce and foreach
// hold their state in a single variable, so they can hand it to the update: `.[$k] += 1`,
// `. + [$x]`, `.count |= . + 1` or a pipe of them then change the state where it is instead
// of copying it, and a reduce over n items costs O(n) rather than O(n²), as in jq. Updates of
// other shapes run through eval() and copy as before. Only the last output of an operand may
// take the input, so operands' outputs are gathered first to know which is last (there is
// rarely more than one).
#include "ctq/eval/interpreter.hpp"
#include "ctq/eval/ops.hpp"
#include "eval_support.hpp"

namespace ctq {

bool Interpreter::eval_handing_over(const Node& node, Value& input, const EnvPtr& env, Sink out) {
    check_stack();
    if (const auto* assign = std::get_if<Node::Assign>(&node.kind))
        return eval_assign(*this, *assign, input, env, out, &input);
    if (const auto* branches = std::get_if<Node::If>(&node.kind))
        return if_handing_over(*branches, 0, input, env, out);
    if (const auto* pipe = std::get_if<Node::Pipe>(&node.kind)) {
        // `.a += 1 | .b += 1`: once the left side's outputs are gathered and its temporaries
        // gone, each is held by the gathering alone and can be handed on.
        return gather_then(
            [&](Sink sink) { return eval_handing_over(*pipe->lhs, input, env, sink); },
            [&](Value& first, bool) { return eval_handing_over(*pipe->rhs, first, env, out); });
    }
    if (const auto* binary = std::get_if<Node::Binary>(&node.kind)) {
        // `. + x`: jq evaluates the right operand in the outer loop, so each of its outputs
        // gives one sum; the last may append to the input itself.
        if (binary->op == BinOp::Add && std::holds_alternative<Node::Identity>(binary->lhs->kind)) {
            return gather_then([&](Sink sink) { return eval(*binary->rhs, input, env, sink); },
                               [&](const Value& addend, bool last) {
                                   note_site(node);
                                   return out(last ? add_into(std::move(input), addend)
                                                   : binary_op(BinOp::Add, input, addend));
                               });
        }
    }
    return eval(node, input, env, out);
}

// `if c then a elif d then b else e end` with the input handed over: the branch taken may
// take it, when the condition has a single output (otherwise each output's branch needs the
// input as it was).
bool Interpreter::if_handing_over(const Node::If& n, std::size_t branch, Value& input,
                                  const EnvPtr& env, Sink out) {
    if (branch == n.branches.size())
        return n.otherwise ? eval_handing_over(*n.otherwise, input, env, out) : out(input);
    const auto& b = n.branches[branch];
    return gather_then([&](Sink sink) { return eval(*b.cond, input, env, sink); },
                       [&](const Value& condition, bool last) {
                           Value copy;
                           if (!last)
                               copy = input;
                           Value& subject = last ? input : copy;
                           return condition.truthy()
                                      ? eval_handing_over(*b.then, subject, env, out)
                                      : if_handing_over(n, branch + 1, subject, env, out);
                       });
}

}  // namespace ctq
