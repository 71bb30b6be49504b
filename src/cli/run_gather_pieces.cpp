// Gathering on two cores or more: `[E] | g` and `.Records | map(f) | g` over one big
// {"Records":[…]} file. The input stream cuts the Records array into pieces
// (parallel_document.hpp); a thread gathers each piece before the last with an interpreter of
// its own, while this thread streams the last piece through the ordinary gathering
// (run_collect.cpp). At the document's end the pieces' outputs go in front of this thread's.
//
// A piece stands for its share of the document only when everything in it went as it would
// have in one reading: nothing but records, each record's E without an error. Anything else
// (damage, a cut that was no record's start, an error of E, which ctq reports with the
// record's number) has the file streamed again from its start, checked, as on one thread
// (InputStream::read_again), so messages and positions are always those of one reading.
#include <utility>

#include "ctq/eval/ops.hpp"
#include "ctq/lang/record_filters.hpp"
#include "run.hpp"

namespace ctq::cli {

class Run::GatherPiece : public PieceWork {
public:
    GatherPiece(const Program& program, std::vector<Value> globals, const Collect& plan,
                const HintCollector* expected_hints, bool track_keys)
        : plan_(plan), track_keys_(track_keys), interpreter_(program, std::move(globals), host()) {
        if (expected_hints) {
            hints_ = *expected_hints;
            interpreter_.collect_hints(&hints_);
        }
    }

    bool take(const Value& record) override {
        if (failed_)
            return false;
        const Value input = plan_.on_wrapper ? record_document(record) : record;
        try {
            interpreter_.run_part(*plan_.each, input, [&](const Value& output) {
                outputs_.push_back(output);
                return true;
            });
        } catch (...) {
            failed_ = true;  // the reading again reports it, numbered
        }
        return !failed_;
    }

    const std::atomic<bool>* keep_all_keys() const override {
        return track_keys_ ? &hints_.wants_keys() : nullptr;
    }

    ValueChunks& outputs() { return outputs_; }
    const HintCollector& hints() const { return hints_; }

private:
    // The filters gathered here read no input of their own and write nothing to stderr
    // (collect_plan, reports_on_the_way); should one try, the piece gives up.
    Host host() {
        Host host;
        host.next_input = [this]() -> std::optional<Value> {
            failed_ = true;
            return std::nullopt;
        };
        host.input_filename = [this] {
            failed_ = true;
            return Value();
        };
        host.input_line_number = [this] {
            failed_ = true;
            return std::size_t{0};
        };
        host.write_stderr = [this](const std::string&) { failed_ = true; };
        return host;
    }

    const Collect& plan_;
    bool track_keys_;
    bool failed_ = false;
    HintCollector hints_;
    Interpreter interpreter_;
    ValueChunks outputs_;
};

PieceWorkFactory Run::gather_on_threads(const Program& program, const std::vector<Value>& globals,
                                        bool track_keys) const {
    if (!collect_ || collect_->reduce || reports_on_the_way(program.source().text))
        return {};
    // What the hints expect, copied now: this thread's collector changes as it gathers.
    std::shared_ptr<const HintCollector> expected;
    if (!options_.no_hints)
        expected = std::make_shared<const HintCollector>(hints_);
    const Collect* plan = &*collect_;
    return [&program, globals, plan, expected, track_keys]() -> std::unique_ptr<PieceWork> {
        return std::make_unique<GatherPiece>(program, globals, *plan, expected.get(), track_keys);
    };
}

bool Run::join_gathered(Interpreter& interpreter, InputStream& inputs) {
    const bool pieces = inputs.gathering_pieces();
    // jq names the record an error came from; its number is known only to one reading.
    if (pieces && !deferred_error_.empty()) {
        inputs.read_again();
        return false;
    }
    const std::size_t numbered = inputs.current_number();
    if (!inputs.streamed_soundly())
        return false;
    if (!pieces)
        return true;
    // The pieces' records count as inputs before this thread's (for --expect's offenders).
    input_index_ += inputs.current_number() - numbered;
    std::vector<std::unique_ptr<PieceWork>> works = inputs.take_gathered();
    // Hints in the order one reading would have met them: before the document, the pieces,
    // then this thread's share.
    if (!options_.no_hints) {
        HintCollector all = hints_before_;
        for (const auto& work : works) all.merge(static_cast<GatherPiece&>(*work).hints());
        all.merge(hints_);
        hints_ = all;
    }
    std::size_t total = collected_.size();
    for (const auto& work : works) total += static_cast<GatherPiece&>(*work).outputs().size();
    guarded(interpreter, &deferred_error_, [&] { check_array_length(total); });
    if (!deferred_error_.empty())
        return true;
    Array own = collected_.take_from(0);
    for (const auto& work : works) {
        for (Value& output : static_cast<GatherPiece&>(*work).outputs().take_from(0))
            collected_.push_back(std::move(output));
    }
    for (Value& output : own) collected_.push_back(std::move(output));
    return true;
}

}  // namespace ctq::cli
