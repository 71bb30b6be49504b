// The built-in cloudtrail module: helpers on small inputs, hunts pinned on the wareville data.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "ctq/json_reader.hpp"
#include "ctq/modules.hpp"
#include "support.hpp"

using ctq::test::outputs;
using ctq::test::run;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs `include "cloudtrail"; <filter>` over one JSON input, with no search path at all.
std::vector<std::string> run_ct(const std::string& filter, const ctq::Value& input) {
    ctq::CompileOptions options;
    const auto program = ctq::Program::compile("include \"cloudtrail\"; " + filter, options);
    ctq::Interpreter interpreter(*program, {}, {});
    std::vector<std::string> out;
    interpreter.run(input, [&](const ctq::Value& v) {
        out.push_back(ctq::to_json(v));
        return true;
    });
    return out;
}

std::vector<std::string> run_ct(const std::string& filter, const std::string& json) {
    return run_ct(filter, ctq::parse_json(json));
}

}  // namespace

TEST_CASE("cloudtrail module is built in and importable", "[cloudtrail]") {
    CHECK(!ctq::builtin_module_source("cloudtrail").empty());
    CHECK(ctq::builtin_module_source("nope").empty());
    CHECK(run_ct("1", "null") == outputs({"1"}));
    CHECK(run("import \"cloudtrail\" as ct; {userIdentity: {type: \"Root\"}} | ct::is_root") ==
          outputs({"true"}));
    CHECK(run("\"cloudtrail\" | modulemeta | .defs | index(\"records/0\") != null") ==
          outputs({"true"}));
    const auto& hunts = ctq::builtin_hunts();
    REQUIRE(hunts.size() == 8);
    CHECK(hunts[0].name == "root_usage");
    CHECK(hunts[0].source.find("CIS") != std::string::npos);
    CHECK(hunts[6].name == "access_denied_burst");
    CHECK(hunts[6].needs_all);
    CHECK(hunts[7].needs_ip);
    CHECK(ctq::hunt_filter("from_ip", "1.2.3.4") ==
          "include \"cloudtrail\"; inputs | records | hunt_from_ip(\"1.2.3.4\")");
    CHECK(ctq::hunt_filter("nope").empty());
}

TEST_CASE("cloudtrail helpers", "[cloudtrail]") {
    const std::string event = R"({"eventTime":"2024-01-01T00:00:00Z","eventName":"X"})";
    CHECK(
        run_ct("[records | .eventName]", R"({"Records":[{"eventName":"A"},{"eventName":"B"}]})") ==
        outputs({R"(["A","B"])"}));
    CHECK(run_ct("records | .eventName",
                 R"({"Events":[{"CloudTrailEvent":"{\"eventName\":\"L\"}"}]})") ==
          outputs({"\"L\""}));
    CHECK(run_ct("records | .eventName", R"({"events":[{"message":"{\"eventName\":\"F\"}"}]})") ==
          outputs({"\"F\""}));
    CHECK(run_ct("records | .eventName",
                 R"({"logEvents":[{"message":"{\"eventName\":\"S\"}"}]})") == outputs({"\"S\""}));
    CHECK(run_ct("records | .eventName",
                 R"({"detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"E"}})") ==
          outputs({"\"E\""}));
    CHECK(run_ct("records | .eventName", event) == outputs({"\"X\""}));

    CHECK(run_ct("principal", R"({"userIdentity":{"type":"IAMUser","userName":"bob"}})") ==
          outputs({"\"bob\""}));
    CHECK(run_ct("principal", R"({"userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"}})") ==
          outputs({"\"root\""}));
    CHECK(run_ct("principal", R"({"userIdentity":{"type":"AssumedRole",
              "arn":"arn:aws:sts::1:assumed-role/Admin/alice"}})") == outputs({"\"Admin/alice\""}));
    CHECK(run_ct("principal",
                 R"({"userIdentity":{"type":"AWSService","invokedBy":"s3.amazonaws.com"}})") ==
          outputs({"\"s3.amazonaws.com\""}));
    CHECK(run_ct("failed", R"({"errorCode":"AccessDenied"})") == outputs({"true"}));
    CHECK(run_ct("failed", "{}") == outputs({"false"}));
    CHECK(run_ct("[.[] | console_logins | without_mfa | .n]",
                 R"([{"n":1,"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"}},
                     {"n":2,"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"Yes"}},
                     {"n":3,"eventName":"GetObject"}])") == outputs({"[1]"}));
    CHECK(run_ct("[.[] | from_ip(\"1.1.1.1\") | .n]",
                 R"([{"n":1,"sourceIPAddress":"1.1.1.1"},{"n":2,"sourceIPAddress":"2.2.2.2"}])") ==
          outputs({"[1]"}));
    CHECK(
        run_ct(
            "[.[] | in_window(\"2024-01-01T01:00:00Z\"; \"2024-01-01T02:00:00Z\") | .n]",
            R"([{"n":1,"eventTime":"2024-01-01T00:59:59Z"},{"n":2,"eventTime":"2024-01-01T01:00:00Z"},
                     {"n":3,"eventTime":"2024-01-01T02:00:00Z"}])") == outputs({"[2]"}));
    CHECK(run_ct("s3_objects", R"({"eventSource":"s3.amazonaws.com",
              "requestParameters":{"bucketName":"b","key":"k"}})") ==
          outputs({R"({"bucket":"b","key":"k"})"}));
    CHECK(
        run_ct("count_by(.)", R"(["a","b","b","c","c"])") ==
        outputs({R"([{"value":"b","count":2},{"value":"c","count":2},{"value":"a","count":1}])"}));
    CHECK(run_ct("top(1; .x)", R"([{"x":1},{"x":2},{"x":2}])") ==
          outputs({R"([{"value":2,"count":2}])"}));
}

TEST_CASE("cloudtrail hunts find the wareville answers", "[cloudtrail]") {
    const std::string path =
        CTQ_SOURCE_DIR "/../shared/data/cloudtrail/wareville/cloudtrail_log.json";
    const std::string text = read_file(path);
    if (text.empty()) {
        WARN("shared data absent: " << path);
        return;
    }
    const ctq::Value log = ctq::parse_json(text);
    auto hunt = [&](const std::string& name, const std::string& args = "") {
        return run_ct(
            "[records] | .[] | hunt_" + name + args + " | [.eventTime, .eventName, .principal]",
            log);
    };
    CHECK(hunt("root_usage").empty());
    CHECK(hunt("failed_console_logins") ==
          outputs({R"(["2024-11-28T13:03:31Z","ConsoleLogin","glitch"])",
                   R"(["2024-11-28T13:03:50Z","ConsoleLogin","glitch"])"}));
    const auto no_mfa = hunt("console_login_without_mfa");
    CHECK(no_mfa.size() == 6);
    CHECK(std::count(no_mfa.begin(), no_mfa.end(),
                     R"(["2024-11-28T08:53:37Z","ConsoleLogin","mayor_malware"])") == 1);
    CHECK(std::count(no_mfa.begin(), no_mfa.end(),
                     R"(["2024-11-28T13:04:18Z","ConsoleLogin","glitch"])") == 1);
    CHECK(hunt("cloudtrail_tampering") ==
          outputs({R"(["2024-11-28T13:33:28Z","StopLogging","glitch"])"}));
    CHECK(hunt("iam_privilege_escalation") ==
          outputs({R"(["2024-11-28T11:19:06Z","CreateUser","mcskidy"])",
                   R"(["2024-11-28T11:19:41Z","CreateLoginProfile","mcskidy"])",
                   R"(["2024-11-28T11:20:14Z","AttachUserPolicy","mcskidy"])",
                   R"(["2024-11-28T13:25:09Z","CreateUser","glitch"])",
                   R"(["2024-11-28T13:25:36Z","AttachUserPolicy","glitch"])",
                   R"(["2024-11-28T13:26:03Z","CreateAccessKey","glitch"])"}));
    CHECK(hunt("s3_policy_changes").empty());
    CHECK(hunt("from_ip", "(\"53.94.201.69\")").size() == 29);
    CHECK(run_ct("[records] | hunt_access_denied_burst", log).empty());
}
