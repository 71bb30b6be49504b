// --summary: the overview of a CloudTrail log an analyst builds by hand, in one pass and
// bounded memory: records, time span, the most frequent sources, names, principals, addresses,
// user agents, regions and error codes, console logins and root activity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ctq/output/top_counter.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

struct SummaryOptions {
    std::size_t top = 10;          // values listed per category
    std::size_t counters = 10000;  // exact counting up to this many distinct values per category
};

/// Who made a call, as the summary counts principals: userIdentity.arn, or else
/// "TYPE:NAME" with NAME the first of userName, invokedBy, principalId and accountId
/// ("AWSService:ec2.amazonaws.com"); nullopt for a record without userIdentity.
std::optional<std::string> summary_principal(const Value& record);

class Summary {
public:
    explicit Summary(SummaryOptions options = {});

    /// Counts one record (an object; anything else is the caller's to refuse).
    void add(const Value& record);

    /// The summary as one JSON object (its layout is documented in the README, "Summary"):
    ///   {records, first_event, last_event, span_seconds, untimed, top, approximate,
    ///    event_sources, event_names, principals, source_ips, user_agents, regions,
    ///    error_codes, console_logins, root}
    /// where each category is {counted, distinct, approximate, top: [{value, count, share}]}
    /// (share: of all records, or of the logins or root events a sub-category counts; with
    /// an "error" bound per entry when approximate).
    Value to_value() const;

private:
    struct Category {
        Category(const char* name, std::size_t counters) : name(name), counter(counters) {}
        const char* name;
        TopCounter counter;
    };
    Value category_value(const Category& category, std::uint64_t of) const;

    SummaryOptions options_;
    std::uint64_t records_ = 0;
    std::uint64_t untimed_ = 0;  // no readable eventTime
    std::optional<std::int64_t> first_, last_;
    std::string first_text_, last_text_;
    std::vector<Category> categories_;  // in report order
    std::uint64_t logins_ = 0, login_successes_ = 0, login_failures_ = 0, logins_without_mfa_ = 0;
    Category failed_login_ips_;
    std::uint64_t root_events_ = 0;
    Category root_event_names_;
    Category root_ips_;
};

/// The summary (Summary::to_value()) as a report for a terminal `width` columns wide.
std::string summary_report(const Value& summary, std::size_t width);

}  // namespace ctq
