// Unit tests for the date builtins (mktime, gmtime, localtime, strftime, strptime, now, todate...).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "support.hpp"

using ctq::test::outputs;
using ctq::test::run;
using ctq::test::run_error;

namespace {

// Sets TZ for one test and puts the previous value back, so local-time cases do not depend on
// the machine's zone. POSIX zone strings ("JST-9") need no tz database.
class ScopedTimeZone {
public:
    explicit ScopedTimeZone(const char* zone) {
        if (const char* old = std::getenv("TZ"))
            previous_ = old;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~ScopedTimeZone() {
        if (previous_) {
            setenv("TZ", previous_->c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }
    ScopedTimeZone(const ScopedTimeZone&) = delete;
    ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

private:
    std::optional<std::string> previous_;
};

}  // namespace

TEST_CASE("gmtime breaks seconds since the epoch down in UTC", "[dates]") {
    CHECK(run("gmtime", "1425599507") == outputs({"[2015,2,5,23,51,47,4,63]"}));
    CHECK(run("gmtime", "0") == outputs({"[1970,0,1,0,0,0,4,0]"}));
    CHECK(run("gmtime", "-1") == outputs({"[1969,11,31,23,59,59,3,364]"}));
    CHECK(run("gmtime", "951825600") == outputs({"[2000,1,29,12,0,0,2,59]"}));
    // Past 2038 and far beyond.
    CHECK(run("gmtime", "4102444800") == outputs({"[2100,0,1,0,0,0,5,0]"}));
    CHECK(run("gmtime", "253402300799") == outputs({"[9999,11,31,23,59,59,5,364]"}));
}

TEST_CASE("gmtime keeps the fraction of the input in the seconds", "[dates]") {
    CHECK(run("gmtime[5]", "1425599507.25") == outputs({"47.25"}));
    CHECK(run("gmtime", "1425599507.5") == outputs({"[2015,2,5,23,51,47.5,4,63]"}));
    // As in jq: whole seconds truncate toward zero, the fraction is measured from the floor.
    CHECK(run("gmtime", "-1.5") == outputs({"[1969,11,31,23,59,59.5,3,364]"}));
}

TEST_CASE("gmtime errors", "[dates]") {
    CHECK(run_error("gmtime", R"("a")") == "gmtime() requires a number");
    CHECK(run_error("gmtime", "1e300") ==
          "error converting number of seconds since epoch to datetime");
    CHECK(run_error("nan | gmtime") ==
          "error converting number of seconds since epoch to datetime");
}

TEST_CASE("mktime turns a broken-down UTC time into seconds", "[dates]") {
    CHECK(run("mktime", "[2015,2,5,23,51,47,4,63]") == outputs({"1425599507"}));
    // Missing fields are 0, wday and yday are ignored, fractions are truncated.
    CHECK(run("mktime", "[2024,8,21]") == outputs({"1726876800"}));
    CHECK(run("mktime", "[2015,2,5,23,51,47,0,0]") == outputs({"1425599507"}));
    CHECK(run("mktime", "[2015.9,2.9,5.9,23.9,51.9,47.9]") == outputs({"1425599507"}));
    // Out-of-range fields roll over, as with timegm.
    CHECK(run("mktime", "[2015,12,1,0,0,0]") == run("mktime", "[2016,0,1,0,0,0]"));
    CHECK(run("mktime", "[2016,1,30,0,0,0]") == run("mktime", "[2016,2,1,0,0,0]"));
    CHECK(run("mktime", "[2015,11,31,24,0,0]") == run("mktime", "[2016,0,1,0,0,0]"));
    // 2038 is no limit.
    CHECK(run("mktime", "[2038,0,19,3,14,8]") == outputs({"2147483648"}));
    CHECK(run("mktime", "[2100,0,1,0,0,0]") == outputs({"4102444800"}));
    CHECK(run("mktime", "[1900,0,1,0,0,0]") == outputs({"-2208988800"}));
}

TEST_CASE("mktime errors", "[dates]") {
    CHECK(run_error("mktime", R"("a")") == "mktime requires array of 6 numbers");
    CHECK(run_error("mktime", R"(["a",1,2,3,4,5,6,7])") ==
          "mktime requires parsed datetime inputs");
    CHECK(run_error("mktime", "[2015,null,5]") == "mktime requires parsed datetime inputs");
    // timegm's error value is -1, so jq refuses this second too.
    CHECK(run_error("mktime", "[1969,11,31,23,59,59]") == "invalid gmtime representation");
}

TEST_CASE("strftime formats numbers and broken-down times in UTC", "[dates]") {
    CHECK(run(R"(strftime("%Y-%m-%dT%H:%M:%SZ"))", "[2015,2,5,23,51,47,4,63]") ==
          outputs({R"("2015-03-05T23:51:47Z")"}));
    CHECK(run(R"(strftime("%A, %B %d, %Y"))", "1435677542.822351") ==
          outputs({R"("Tuesday, June 30, 2015")"}));
    CHECK(run(R"(strftime("%Y-%m-%dT%H:%M:%SZ"))", "[2024,2,15]") ==
          outputs({R"("2024-03-15T00:00:00Z")"}));
    // wday and yday follow the date, whatever the array says.
    CHECK(run(R"(strftime("%a %j"))", "[2015,2,5,23,51,47,0,0]") == outputs({R"("Thu 064")"}));
    CHECK(run(R"(strftime(""))", "0") == outputs({R"("")"}));
    CHECK(run(R"(strftime("%Y-%m-%d %H:%M:%S"))", "4102444800") ==
          outputs({R"("2100-01-01 00:00:00")"}));
    CHECK(run(R"([strftime("%j", "%e")])", "1e9") == outputs({R"(["252"," 9"])"}));
}

TEST_CASE("strftime is UTC whatever TZ says", "[dates]") {
    const ScopedTimeZone zone("JST-9");
    CHECK(run(R"(strftime("%F %T %z %Z"))", "1731627341") ==
          outputs({R"("2024-11-14 23:35:41 +0000 UTC")"}));
    // %s is the epoch seconds of the UTC time, not of the fields read as local time.
    CHECK(run(R"(strftime("%s %%s"))", "1731627341") == outputs({R"("1731627341 %s")"}));
    CHECK(run(R"(strftime("%s"))", "[2024,10,14,23,35,41]") == outputs({R"("1731627341")"}));
}

TEST_CASE("strftime errors follow jq's order", "[dates]") {
    CHECK(run_error(R"(strftime("%Y-%m-%dT%H:%M:%SZ"))", R"(["a",1,2,3,4,5,6,7])") ==
          "strftime/1 requires parsed datetime inputs");
    CHECK(run_error(R"(strftime("%Y"))", R"("x")") == "strftime/1 requires parsed datetime inputs");
    CHECK(run_error(R"(strftime([]))", R"("x")") == "strftime/1 requires parsed datetime inputs");
    CHECK(run_error("strftime([])", "0") == "strftime/1 requires a string format");
    CHECK(run_error("strftime(5)", "[2000,0,1]") == "strftime/1 requires a string format");
    CHECK(run_error("strftime([])", "1e300") ==
          "error converting number of seconds since epoch to datetime");
}

TEST_CASE("localtime and strflocaltime use the local zone", "[dates]") {
    {
        const ScopedTimeZone zone("UTC0");
        CHECK(run("localtime", "1425599507.25") == outputs({"[2015,2,5,23,51,47.25,4,63]"}));
        CHECK(run(R"(strflocaltime("%F %T %z"))", "1425599507") ==
              outputs({R"("2015-03-05 23:51:47 +0000")"}));
    }
    const ScopedTimeZone zone("JST-9");
    CHECK(run("localtime", "1731627341") == outputs({"[2024,10,15,8,35,41,5,319]"}));
    CHECK(run(R"(strflocaltime("%F %T %z %Z"))", "1731627341") ==
          outputs({R"("2024-11-15 08:35:41 +0900 JST")"}));
    CHECK(run(R"(strflocaltime("%F %T %z %Z"))", "[2024,10,15,8,35,41]") ==
          outputs({R"("2024-11-15 08:35:41 +0900 JST")"}));
    CHECK(run(R"(localtime | strflocaltime("%s"))", "1731627341") == outputs({R"("1731627341")"}));
    CHECK(run(R"(strflocaltime("" | ., @uri))", "0") == outputs({R"("")", R"("")"}));
}

TEST_CASE("localtime and strflocaltime errors", "[dates]") {
    CHECK(run_error("localtime", R"("a")") == "localtime() requires a number");
    CHECK(run_error(R"(strflocaltime("%Y"))", R"(["a",1,2,3,4,5,6,7])") ==
          "strflocaltime/1 requires parsed datetime inputs");
    CHECK(run_error("strflocaltime({})", "0") == "strflocaltime/1 requires a string format");
}

TEST_CASE("strptime parses with glibc's conversions", "[dates]") {
    CHECK(run(R"(strptime("%Y-%m-%dT%H:%M:%SZ"))", R"("2015-03-05T23:51:47Z")") ==
          outputs({"[2015,2,5,23,51,47,4,63]"}));
    CHECK(run(R"(strptime("%Y-%m-%dT%H:%M:%SZ") | mktime)", R"("2015-03-05T23:51:47Z")") ==
          outputs({"1425599507"}));
    CHECK(run(R"(strptime("%a, %d %b %Y %T"))", R"("Thu, 05 Mar 2015 23:51:47")") ==
          outputs({"[2015,2,5,23,51,47,4,63]"}));
    CHECK(run(R"(strptime("%Y-%m-%d"))", R"("2100-01-01")") == outputs({"[2100,0,1,0,0,0,5,0]"}));
    CHECK(run(R"(strptime("%Y-%m-%d"))", R"("2040-02-29")") == outputs({"[2040,1,29,0,0,0,3,59]"}));
    // Text after whitespace is handed back as a ninth element.
    CHECK(run(R"(strptime("%Y-%m-%d"))", R"("2015-03-05 tail")") ==
          outputs({R"([2015,2,5,0,0,0,4,63," tail"])"}));
}

TEST_CASE("strptime errors", "[dates]") {
    CHECK(run_error(R"(strptime("%Y"))", "1") == "strptime/1 requires string inputs and arguments");
    CHECK(run_error("strptime(1)", R"("2015")") ==
          "strptime/1 requires string inputs and arguments");
    CHECK(run_error(R"(strptime("%Y"))", R"("x")") == R"(date "x" does not match format "%Y")");
    CHECK(run_error(R"(strptime("%Y-%m-%d"))", R"("2015-03-05tail")") ==
          R"(date "2015-03-05tail" does not match format "%Y-%m-%d")");
}

TEST_CASE("day of week and year survive 67 years of round trips", "[dates]") {
    CHECK(run(R"(last(range(365 * 67) | ("1970-03-01T01:02:03Z" | strptime("%Y-%m-%dT%H:%M:%SZ")
                | mktime) + (86400 * .) | strftime("%Y-%m-%dT%H:%M:%SZ")
                | strptime("%Y-%m-%dT%H:%M:%SZ")))") == outputs({"[2037,1,11,1,2,3,3,41]"}));
}

TEST_CASE("now is the current time with sub-second precision", "[dates]") {
    const double before = static_cast<double>(std::time(nullptr));
    const auto result = run("now");
    REQUIRE(result.size() == 1);
    const double value = std::stod(result[0]);
    CHECK(value >= before);
    CHECK(value < before + 60);
    CHECK(run("[now, now] | map(type)") == outputs({R"(["number","number"])"}));
}

TEST_CASE("todate, todateiso8601 and date print ISO 8601 in UTC", "[dates]") {
    CHECK(run("todate", "1425599507") == outputs({R"("2015-03-05T23:51:47Z")"}));
    CHECK(run("todateiso8601", "1425599507.9") == outputs({R"("2015-03-05T23:51:47Z")"}));
    CHECK(run("date", "[2015,2,5,23,51,47,4,63]") == outputs({R"("2015-03-05T23:51:47Z")"}));
    CHECK(run("todate", "2147483648") == outputs({R"("2038-01-19T03:14:08Z")"}));
    CHECK(run_error("todate", R"("x")") == "strftime/1 requires parsed datetime inputs");
}

TEST_CASE("fromdate and fromdateiso8601 read jq's ISO 8601 form", "[dates]") {
    CHECK(run("fromdate", R"("2015-03-05T23:51:47Z")") == outputs({"1425599507"}));
    CHECK(run("fromdateiso8601", R"("2015-03-05T23:51:47Z")") == outputs({"1425599507"}));
    CHECK(run("fromdate", R"("2038-01-19T03:14:08Z")") == outputs({"2147483648"}));
    CHECK(run("fromdate", R"("2100-01-01T00:00:00Z")") == outputs({"4102444800"}));
    // glibc's leniency, as in jq: short fields, trailing whitespace and what follows it.
    CHECK(run("fromdate", R"("2015-3-5T23:51:47Z")") == outputs({"1425599507"}));
    CHECK(run("fromdate", R"("2015-03-05T23:51:47Z trailing")") == outputs({"1425599507"}));
    CHECK(run("fromdate | todate", R"("2024-11-28T13:00:00Z")") ==
          outputs({R"("2024-11-28T13:00:00Z")"}));
}

TEST_CASE("fromdateiso8601 also takes fractional seconds and offsets (CloudTrail)", "[dates]") {
    CHECK(run("fromdateiso8601", R"("2024-11-28T13:00:00.123Z")") == outputs({"1732798800.123"}));
    CHECK(run("fromdate", R"("2024-11-28T13:00:00.5Z")") == outputs({"1732798800.5"}));
    CHECK(run("fromdate", R"("2024-11-28T13:00:00.000Z")") == outputs({"1732798800"}));
    CHECK(run("fromdate", R"("2024-11-28T15:00:00+02:00")") == outputs({"1732798800"}));
    CHECK(run("fromdate", R"("2024-11-28T15:00:00+0200")") == outputs({"1732798800"}));
    CHECK(run("fromdate", R"("2024-11-28T10:30:00-02:30")") == outputs({"1732798800"}));
    CHECK(run("fromdate", R"("2024-11-28T15:00:00.250+02:00")") == outputs({"1732798800.25"}));
    CHECK(run("fromdate", R"("2040-06-01T00:00:00.75Z")") == outputs({"2222121600.75"}));
    // Before 1970 the fraction still adds to the whole seconds.
    CHECK(run("fromdate", R"("1969-12-31T23:59:58.25Z")") == outputs({"-1.75"}));
    // The answer matches mktime of the same time in Z.
    CHECK(
        run(R"([("2024-11-28T15:00:00+02:00", "2024-11-28T13:00:00Z") | fromdate] | .[0] == .[1])") ==
        outputs({"true"}));
}

TEST_CASE("fromdateiso8601 keeps jq's errors", "[dates]") {
    const char* mismatch = R"(date "%s" does not match format "%Y-%m-%dT%H:%M:%SZ")";
    const auto expected = [&](const std::string& input) {
        std::string message = mismatch;
        return message.replace(message.find("%s"), 2, input);
    };
    for (const char* input :
         {"2024-11-28T13:00:00", "2024-11-28T13:00:00.Z", "2024-11-28T13:00:00+2",
          "2024-11-28T13:00:00+24:00", "2024-11-28T13:00:00.5", "2024-11-28", "yesterday"}) {
        CAPTURE(input);
        CHECK(run_error("fromdate", "\"" + std::string(input) + "\"") == expected(input));
    }
    CHECK(run_error("fromdateiso8601", "1") == "strptime/1 requires string inputs and arguments");
    CHECK(run_error("fromdate", R"("1969-12-31T23:59:59Z")") == "invalid gmtime representation");
}

TEST_CASE("dateadd and datesub add and subtract seconds", "[dates]") {
    CHECK(run(R"(dateadd("seconds"; 10))", "1425599507") == outputs({"1425599517"}));
    CHECK(run(R"(datesub("seconds"; 7))", "1425599507") == outputs({"1425599500"}));
}
