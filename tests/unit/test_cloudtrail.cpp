// The built-in cloudtrail module: helpers on small inputs, hunts pinned on the wareville data.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "ctq/input/json_reader.hpp"
#include "ctq/lang/module_loader.hpp"
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
    // An IAMUser without userName or arn (a trimmed real sample) still names someone.
    CHECK(run_ct("principal", R"({"userIdentity":{"type":"IAMUser","principalId":"AIDA1"}})") ==
          outputs({"\"AIDA1\""}));
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
    CHECK(
        hunt("console_login_without_mfa") ==
        outputs(
            {R"(["2024-11-28T07:11:46Z","ConsoleLogin","AWSReservedSSO_AdministratorAccess_43c785d017af8711/omar.okafor@wareville.example.com"])",
             R"(["2024-11-28T08:53:37Z","ConsoleLogin","mayor_malware"])",
             R"(["2024-11-28T09:37:13Z","ConsoleLogin","AWSReservedSSO_ReadOnlyAccess_f6e4b3024aa08c43/amara.rossi@wareville.example.com"])",
             R"(["2024-11-28T13:04:18Z","ConsoleLogin","glitch"])",
             R"(["2024-11-28T13:53:14Z","ConsoleLogin","AWSReservedSSO_PowerUserAccess_6c90ee8fe9b819e5/yusuf.novak@wareville.example.com"])",
             R"(["2024-11-28T20:19:27Z","ConsoleLogin","AWSReservedSSO_AdministratorAccess_43c785d017af8711/omar.okafor@wareville.example.com"])"}));
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

TEST_CASE("cloudtrail hunts: true positives and near misses", "[cloudtrail]") {
    auto reasons = [](const std::string& name, const std::string& events) {
        return run_ct(".[] | hunt_" + name + " | .reason", events);
    };
    // A key or password for someone else is a finding; for oneself (by name, or by the
    // session's ARN for roles, which have no user name) it is not.
    CHECK(reasons("iam_privilege_escalation", R"([
        {"eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
         "userIdentity":{"type":"IAMUser","userName":"glitch"},
         "requestParameters":{"userName":"backup"}},
        {"eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
         "userIdentity":{"type":"IAMUser","userName":"glitch"},
         "requestParameters":{"userName":"glitch"}},
        {"eventSource":"iam.amazonaws.com","eventName":"UpdateLoginProfile",
         "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/IAM/alice"},
         "requestParameters":{"userName":"bob"}},
        {"eventSource":"iam.amazonaws.com","eventName":"UpdateLoginProfile",
         "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/IAM/alice"},
         "requestParameters":{"userName":"alice"}},
        {"eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy",
         "requestParameters":{"userName":"u","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
        {"eventSource":"iam.amazonaws.com","eventName":"CreateUser","errorCode":"AccessDenied",
         "requestParameters":{"userName":"u"}}])") ==
          outputs({"\"CreateAccessKey for backup\"", "\"UpdateLoginProfile for bob\""}));
    // CIS 3.8's calls and public access blocks are findings; reading a policy is not.
    CHECK(reasons("s3_policy_changes", R"([
        {"eventSource":"s3.amazonaws.com","eventName":"PutBucketLifecycle",
         "requestParameters":{"bucketName":"b"}},
        {"eventSource":"s3.amazonaws.com","eventName":"DeleteBucketReplication",
         "requestParameters":{"bucketName":"b"},"errorCode":"AccessDenied"},
        {"eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl",
         "requestParameters":{"bucketName":""}},
        {"eventSource":"s3.amazonaws.com","eventName":"GetBucketPolicy",
         "requestParameters":{"bucketName":"b"}}])") ==
          outputs({"\"PutBucketLifecycle on b\"", "\"DeleteBucketReplication on b (AccessDenied)\"",
                   "\"PutBucketAcl on ?\""}));
    // Tampering is Stop/Delete/Update/PutEventSelectors; StartLogging and reads are not.
    CHECK(reasons("cloudtrail_tampering", R"([
        {"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
         "requestParameters":{"name":"t"}},
        {"eventSource":"cloudtrail.amazonaws.com","eventName":"StartLogging",
         "requestParameters":{"name":"t"}},
        {"eventSource":"cloudtrail.amazonaws.com","eventName":"GetTrailStatus",
         "requestParameters":{"name":"t"}}])") == outputs({"\"CloudTrail StopLogging on t\""}));
    // Root, except AWS service events recorded under the root identity.
    CHECK(reasons("root_usage", R"([
        {"eventName":"ConsoleLogin","eventType":"AwsConsoleSignIn","userIdentity":{"type":"Root"}},
        {"eventName":"RotateKey","eventType":"AwsServiceEvent","userIdentity":{"type":"Root"}},
        {"eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","userName":"u"}}])") ==
          outputs({"\"root account used\""}));
}
