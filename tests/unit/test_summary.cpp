// Tests for --summary's counting: principals, categories, console logins, root, the sketch.
#include <catch2/catch.hpp>
#include <string>

#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/output/summary.hpp"

namespace {

ctq::Value json(const std::string& text) {
    return ctq::parse_json(text);
}

}  // namespace

TEST_CASE("summary: principals are ARNs, else type:name", "[summary]") {
    CHECK(
        ctq::summary_principal(json(
            R"({"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a","userName":"a"}})")) ==
        "arn:aws:iam::1:user/a");
    CHECK(ctq::summary_principal(
              json(R"({"userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}})")) ==
          "AWSService:ec2.amazonaws.com");
    CHECK(
        ctq::summary_principal(json(
            R"({"userIdentity":{"type":"AWSAccount","principalId":"AROA:x","accountId":"2"}})")) ==
        "AWSAccount:AROA:x");
    CHECK(ctq::summary_principal(json(R"({"userIdentity":{"accountId":"2"}})")) == "?:2");
    CHECK(ctq::summary_principal(json(R"({"userIdentity":{"type":"Unknown"}})")) == "Unknown:?");
    CHECK_FALSE(ctq::summary_principal(json(R"({"eventName":"x"})")));
}

TEST_CASE("summary: counts, shares, logins and root", "[summary]") {
    ctq::Summary summary(ctq::SummaryOptions{2, 100});
    for (
        const char* record : {
            R"({"eventTime":"2024-11-28T13:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"1.1.1.1"})",
            R"({"eventTime":"2024-11-28T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","errorCode":"AccessDenied"})",
            R"({"eventTime":"2024-11-28T14:30:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"2.2.2.2","responseElements":{"ConsoleLogin":"Failure"}})",
            R"({"eventTime":"2024-11-28T14:31:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"2.2.2.2","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"},"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"}})",
            R"({"eventName":"ConsoleLogin"})",
        })
        summary.add(json(record));
    const ctq::Value value = summary.to_value();
    CHECK(ctq::to_json(value.field("records")) == "5");
    CHECK(ctq::to_json(value.field("first_event")) == R"("2024-11-28T12:00:00Z")");
    CHECK(ctq::to_json(value.field("last_event")) == R"("2024-11-28T14:31:00Z")");
    CHECK(ctq::to_json(value.field("span_seconds")) == "9060");
    CHECK(ctq::to_json(value.field("untimed")) == "1");
    CHECK(ctq::to_json(value.field("approximate")) == "false");
    CHECK(ctq::to_json(value.field("event_sources")) ==
          R"({"counted":4,"distinct":2,"approximate":false,"top":[)"
          R"({"value":"s3.amazonaws.com","count":2,"share":0.4},)"
          R"({"value":"signin.amazonaws.com","count":2,"share":0.4}]})");
    CHECK(ctq::to_json(value.field("error_codes")) ==
          R"({"counted":1,"distinct":1,"approximate":false,"top":[)"
          R"({"value":"AccessDenied","count":1,"share":0.2}]})");
    CHECK(ctq::to_json(value.field("console_logins")) ==
          R"({"total":3,"success":1,"failure":1,"other":1,"success_without_mfa":1,)"
          R"("failures_by_source_ip":{"counted":1,"distinct":1,"approximate":false,"top":[)"
          R"({"value":"2.2.2.2","count":1,"share":1}]}})");
    CHECK(ctq::to_json(value.field("root").field("events")) == "1");
    CHECK(ctq::to_json(value.field("root").field("event_names").field("top")) ==
          R"([{"value":"ConsoleLogin","count":1,"share":1}])");
}

TEST_CASE("summary: past its counters a category says it is approximate", "[summary]") {
    ctq::Summary summary(ctq::SummaryOptions{1, 3});
    for (int i = 0; i < 10; ++i)
        summary.add(json(R"({"eventName":"Often","sourceIPAddress":"10.0.0.)" + std::to_string(i) +
                         R"("})"));
    const ctq::Value value = summary.to_value();
    CHECK(ctq::to_json(value.field("approximate")) == "true");
    CHECK(ctq::to_json(value.field("event_names").field("approximate")) == "false");
    const ctq::Value ips = value.field("source_ips");
    CHECK(ctq::to_json(ips.field("approximate")) == "true");
    CHECK(ctq::to_json(ips.field("distinct")) == "4");  // at least
    CHECK(ips.field("top").at(0).field("error").is_number());
    const std::string report = ctq::summary_report(value, 80);
    CHECK(report.find("Source IPs · over 3 distinct, counts approximate") != std::string::npos);
    CHECK(report.find("~ Counts so marked are upper bounds") != std::string::npos);
}
