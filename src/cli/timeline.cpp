// --timeline: the filter's records counted per time bucket (and per --by key), drawn as a
// bar chart on a terminal and printed as tab-separated lines otherwise.
#include "ctq/output/timeline.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "ctq/error.hpp"
#include "ctq/eval/interpreter.hpp"
#include "ctq/output/json_writer.hpp"
#include "overview.hpp"

namespace ctq::cli {

namespace {

// A --by output as the key it counts under: strings as they are, anything else as compact
// JSON, as -r prints them.
std::string key_text(const Value& key) {
    return key.is_string() ? std::string(key.as_string()) : to_json(key);
}

class TimelineOverview : public Overview {
public:
    TimelineOverview(const Options& options, std::unique_ptr<Program> by,
                     std::vector<Value> globals, std::function<Value()> input_filename)
        : by_text_(options.by),
          top_(options.top),
          timeline_(options.timeline_bucket.empty() ? std::nullopt
                                                    : parse_bucket(options.timeline_bucket)),
          by_(std::move(by)) {
        if (by_) {
            Host host;
            // --by sees one record: there are no more inputs for it to read.
            host.next_input = [] { return std::optional<Value>(); };
            host.input_filename = std::move(input_filename);
            host.input_line_number = [] { return std::size_t{0}; };
            host.write_stderr = [](const std::string& text) { std::fputs(text.c_str(), stderr); };
            by_interpreter_ =
                std::make_unique<Interpreter>(*by_, std::move(globals), std::move(host));
        }
    }

    std::optional<std::string> add(const Value& output) override {
        if (!output.is_object())
            return not_a_record("--timeline", output);
        const Value* time = output.as_object().find("eventTime");
        const std::optional<std::int64_t> seconds =
            time && time->is_string() ? event_seconds(time->as_string()) : std::nullopt;
        if (!seconds) {
            ++untimed_;
            return std::nullopt;
        }
        if (!by_interpreter_) {
            timeline_.add(*seconds, std::string());
            return std::nullopt;
        }
        // Every output of --by is a key the record counts under (`.resources[].ARN` counts
        // each resource); a record with none is left out, and said so.
        std::vector<std::string> keys;
        try {
            by_interpreter_->run(output, [&](const Value& key) {
                keys.push_back(key_text(key));
                return true;
            });
        } catch (const JqError& error) {
            return fmt::format("--by: {}", error.message());
        } catch (const BreakSignal&) {
            return std::string("--by: break");
        }
        if (keys.empty())
            ++keyless_;
        for (const std::string& key : keys) timeline_.add(*seconds, key);
        return std::nullopt;
    }

    void finish(Printer& printer) override {
        if (stdout_is_terminal()) {
            ChartOptions chart;
            chart.width = terminal_width();
            chart.top = top_;
            chart.by = by_text_;
            chart.untimed = untimed_;
            chart.keyless = keyless_;
            printer.write_text(timeline_chart(timeline_, chart));
            return;
        }
        printer.write_text(timeline_tsv(timeline_, by_ != nullptr));
        printer.flush();
        if (untimed_ > 0)
            fmt::print(stderr,
                       "ctq: note: {} record{} left out of the timeline: no readable eventTime\n",
                       untimed_, untimed_ == 1 ? "" : "s");
        if (keyless_ > 0)
            fmt::print(stderr,
                       "ctq: note: {} record{} left out of the timeline: --by gave no key\n",
                       keyless_, keyless_ == 1 ? "" : "s");
    }

private:
    std::string by_text_;
    std::size_t top_;
    Timeline timeline_;
    std::unique_ptr<Program> by_;
    std::unique_ptr<Interpreter> by_interpreter_;
    std::uint64_t untimed_ = 0;
    std::uint64_t keyless_ = 0;
};

}  // namespace

std::unique_ptr<Overview> make_timeline(const Options& options, std::unique_ptr<Program> by,
                                        std::vector<Value> globals,
                                        std::function<Value()> input_filename) {
    return std::make_unique<TimelineOverview>(options, std::move(by), std::move(globals),
                                              std::move(input_filename));
}

}  // namespace ctq::cli
