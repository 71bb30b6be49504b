// --summary: the filter's records counted by ctq::Summary, printed as a report on a terminal
// and as one JSON object otherwise (or with -c).
#include "ctq/output/summary.hpp"

#include <cstdlib>
#include <string_view>

#include "overview.hpp"

namespace ctq::cli {

namespace {

// CTQ_SUMMARY_COUNTERS sets how many distinct values each category counts exactly, so that
// tests can reach the sketch on small logs.
std::size_t counters_per_category() {
    if (const char* text = std::getenv("CTQ_SUMMARY_COUNTERS")) {
        const long n = std::strtol(text, nullptr, 10);
        if (n > 0)
            return static_cast<std::size_t>(n);
    }
    return SummaryOptions{}.counters;
}

class SummaryOverview : public Overview {
public:
    explicit SummaryOverview(const Options& options)
        : compact_(options.compact),
          summary_(SummaryOptions{options.top, counters_per_category()}) {}

    std::optional<std::string> add(const Value& output) override {
        if (!output.is_object())
            return not_a_record("--summary", output);
        summary_.add(output);
        return std::nullopt;
    }

    void finish(Printer& printer) override {
        const Value summary = summary_.to_value();
        if (stdout_is_terminal() && !compact_)
            printer.write_text(summary_report(summary, terminal_width()));
        else
            printer.print(summary);
    }

private:
    bool compact_;
    Summary summary_;
};

}  // namespace

std::unique_ptr<Overview> make_summary(const Options& options) {
    return std::make_unique<SummaryOverview>(options);
}

}  // namespace ctq::cli
