// --summary's counting, and the JSON object it prints (summary.hpp).
#include "ctq/output/summary.hpp"

#include <cmath>

#include "ctq/output/json_writer.hpp"
#include "ctq/output/timeline.hpp"

namespace ctq {

namespace {

const Value* member(const Value& object, std::string_view key) {
    return object.is_object() ? object.as_object().find(key) : nullptr;
}

// A field's value as the text it is counted under: strings as they are, other values as
// compact JSON; nullopt when the field is missing or null.
std::optional<std::string> counted_text(const Value* value) {
    if (!value || value->is_null())
        return std::nullopt;
    return value->is_string() ? std::string(value->as_string()) : to_json(*value);
}

bool string_is(const Value* value, std::string_view text) {
    return value && value->is_string() && value->as_string() == text;
}

// Shares are rounded to four decimals: 0.3333, enough for a report and stable to compare.
Value share(std::uint64_t count, std::uint64_t records) {
    if (records == 0)
        return Value::number(0);
    const double ratio = static_cast<double>(count) / static_cast<double>(records);
    return Value::number(std::round(ratio * 10000) / 10000);
}

Value count_value(std::uint64_t n) {
    return Value::number(static_cast<double>(n));
}

}  // namespace

std::optional<std::string> summary_principal(const Value& record) {
    const Value* identity = member(record, "userIdentity");
    if (!identity || identity->is_null())
        return std::nullopt;
    if (auto arn = counted_text(member(*identity, "arn")))
        return arn;
    std::string type = counted_text(member(*identity, "type")).value_or("?");
    for (const char* name : {"userName", "invokedBy", "principalId", "accountId"}) {
        if (auto text = counted_text(member(*identity, name)))
            return type + ":" + *text;
    }
    return type + ":?";
}

Summary::Summary(SummaryOptions options)
    : options_(options),
      failed_login_ips_("failures_by_source_ip", options.counters),
      root_event_names_("event_names", options.counters),
      root_ips_("source_ips", options.counters) {
    categories_.reserve(7);
    for (const char* name : {"event_sources", "event_names", "principals", "source_ips",
                             "user_agents", "regions", "error_codes"})
        categories_.emplace_back(name, options.counters);
}

void Summary::add(const Value& record) {
    ++records_;
    const Value* time = member(record, "eventTime");
    std::optional<std::int64_t> seconds;
    if (time && time->is_string())
        seconds = event_seconds(time->as_string());
    if (!seconds) {
        ++untimed_;
    } else {
        if (!first_ || *seconds < *first_) {
            first_ = seconds;
            first_text_ = time->as_string();
        }
        if (!last_ || *seconds > *last_) {
            last_ = seconds;
            last_text_ = time->as_string();
        }
    }
    const std::optional<std::string> values[] = {
        counted_text(member(record, "eventSource")),
        counted_text(member(record, "eventName")),
        summary_principal(record),
        counted_text(member(record, "sourceIPAddress")),
        counted_text(member(record, "userAgent")),
        counted_text(member(record, "awsRegion")),
        counted_text(member(record, "errorCode")),
    };
    for (std::size_t i = 0; i < categories_.size(); ++i) {
        if (values[i])
            categories_[i].counter.add(*values[i]);
    }
    if (string_is(member(record, "eventName"), "ConsoleLogin")) {
        ++logins_;
        const Value* response = member(record, "responseElements");
        const Value* outcome = response ? member(*response, "ConsoleLogin") : nullptr;
        if (string_is(outcome, "Failure") || values[6]) {
            ++login_failures_;
            if (values[3])
                failed_login_ips_.counter.add(*values[3]);
        } else if (string_is(outcome, "Success")) {
            ++login_successes_;
            const Value* extra = member(record, "additionalEventData");
            if (extra && string_is(member(*extra, "MFAUsed"), "No"))
                ++logins_without_mfa_;
        }
    }
    const Value* identity = member(record, "userIdentity");
    if (identity && string_is(member(*identity, "type"), "Root")) {
        ++root_events_;
        if (values[1])
            root_event_names_.counter.add(*values[1]);
        if (values[3])
            root_ips_.counter.add(*values[3]);
    }
}

Value Summary::category_value(const Category& category, std::uint64_t of) const {
    const TopCounter& counter = category.counter;
    Array top;
    for (const TopEntry& entry : counter.top(options_.top)) {
        Object item;
        item.set("value", Value::string(entry.value));
        item.set("count", count_value(entry.count));
        item.set("share", share(entry.count, of));
        if (counter.approximate())
            item.set("error", count_value(entry.error));
        top.push_back(Value::object(std::move(item)));
    }
    Object object;
    object.set("counted", count_value(counter.total()));
    object.set("distinct", count_value(counter.distinct()));
    object.set("approximate", Value::boolean(counter.approximate()));
    object.set("top", Value::array(std::move(top)));
    return Value::object(std::move(object));
}

Value Summary::to_value() const {
    Object summary;
    summary.set("records", count_value(records_));
    summary.set("first_event", first_ ? Value::string(first_text_) : Value::null());
    summary.set("last_event", last_ ? Value::string(last_text_) : Value::null());
    summary.set("span_seconds",
                first_ ? count_value(static_cast<std::uint64_t>(*last_ - *first_)) : Value::null());
    summary.set("untimed", count_value(untimed_));
    summary.set("top", count_value(options_.top));
    bool approximate = failed_login_ips_.counter.approximate() ||
                       root_event_names_.counter.approximate() || root_ips_.counter.approximate();
    for (const Category& category : categories_)
        approximate = approximate || category.counter.approximate();
    summary.set("approximate", Value::boolean(approximate));
    for (const Category& category : categories_)
        summary.set(category.name, category_value(category, records_));

    Object logins;
    logins.set("total", count_value(logins_));
    logins.set("success", count_value(login_successes_));
    logins.set("failure", count_value(login_failures_));
    logins.set("other", count_value(logins_ - login_successes_ - login_failures_));
    logins.set("success_without_mfa", count_value(logins_without_mfa_));
    logins.set(failed_login_ips_.name, category_value(failed_login_ips_, login_failures_));
    summary.set("console_logins", Value::object(std::move(logins)));

    Object root;
    root.set("events", count_value(root_events_));
    root.set(root_event_names_.name, category_value(root_event_names_, root_events_));
    root.set(root_ips_.name, category_value(root_ips_, root_events_));
    summary.set("root", Value::object(std::move(root)));
    return Value::object(std::move(summary));
}

}  // namespace ctq
