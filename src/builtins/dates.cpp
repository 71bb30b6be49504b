// Date builtins: broken-down times, mktime/gmtime/localtime, strftime/strptime, now, ISO 8601.
//
// A broken-down time is jq's array [year, month0, mday, hours, minutes, seconds, wday, yday].
// UTC conversions use calendar arithmetic on 64-bit integers (never mktime with TZ tricks), so
// they do not depend on the TZ environment and work far past 2038; only localtime and
// strflocaltime consult the local zone. Formatting and parsing use the C library's strftime and
// strptime (glibc), whose conversions jq exposes as they are.
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"

namespace ctq {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
    return a - floor_div(a, b) * b;
}

bool is_leap_year(std::int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// How many leap years the proleptic Gregorian calendar has up to `year`, counted from an
// arbitrary origin: only differences between two calls mean anything.
std::int64_t leap_years_through(std::int64_t year) {
    return floor_div(year, 4) - floor_div(year, 100) + floor_div(year, 400);
}

// Days from 1970-01-01 to January 1st of `year` (negative before 1970).
std::int64_t days_before_year(std::int64_t year) {
    return 365 * (year - 1970) + leap_years_through(year - 1) - leap_years_through(1969);
}

// Days in `year` before the first of month `month0` (0 = January).
std::int64_t days_before_month(std::int64_t year, int month0) {
    static constexpr int kCumulative[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return kCumulative[month0] + (month0 > 1 && is_leap_year(year) ? 1 : 0);
}

// A broken-down UTC time; the year is 64-bit so arithmetic cannot overflow before the range
// check that jq's int-based struct tm implies.
struct Civil {
    std::int64_t year = 1970;
    int month = 0;
    int mday = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int wday = 4;
    int yday = 0;
};

// timegm: seconds since the epoch of a UTC time whose fields may be out of their usual ranges
// (month 12 is January of the next year, mday 0 the last day of the previous month, ...).
std::int64_t seconds_from_fields(std::int64_t year, std::int64_t month0, std::int64_t mday,
                                 std::int64_t hour, std::int64_t minute, std::int64_t second) {
    year += floor_div(month0, 12);
    const int month = static_cast<int>(floor_mod(month0, 12));
    const std::int64_t days = days_before_year(year) + days_before_month(year, month) + mday - 1;
    return days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
}

// gmtime: the broken-down UTC time of `seconds` since the epoch.
Civil civil_from_seconds(std::int64_t seconds) {
    const std::int64_t days = floor_div(seconds, kSecondsPerDay);
    const std::int64_t in_day = seconds - days * kSecondsPerDay;
    Civil c;
    c.hour = static_cast<int>(in_day / 3600);
    c.minute = static_cast<int>(in_day / 60 % 60);
    c.second = static_cast<int>(in_day % 60);
    c.wday = static_cast<int>(floor_mod(days + 4, 7));  // 1970-01-01 was a Thursday
    // 400 Gregorian years are exactly 146097 days: estimate the year, then step to the right one.
    std::int64_t year = 1970 + floor_div(days * 400, 146097);
    while (days_before_year(year) > days) --year;
    while (days_before_year(year + 1) <= days) ++year;
    c.year = year;
    c.yday = static_cast<int>(days - days_before_year(year));
    int month = 11;
    while (days_before_month(year, month) > c.yday) --month;
    c.month = month;
    c.mday = static_cast<int>(c.yday - days_before_month(year, month)) + 1;
    return c;
}

// A struct tm holds the year as an int offset from 1900; times beyond that are unrepresentable,
// which is where glibc's gmtime_r and timegm fail too.
bool fits_struct_tm(std::int64_t year) {
    return year - 1900 >= INT_MIN && year - 1900 <= INT_MAX;
}

Value broken_down_value(const Civil& c, double seconds) {
    return Value::array({Value::number(static_cast<double>(c.year)), Value::number(c.month),
                         Value::number(c.mday), Value::number(c.hour), Value::number(c.minute),
                         Value::number(seconds), Value::number(c.wday), Value::number(c.yday)});
}

// The fields of a broken-down time array read as jq does: missing trailing fields are 0, every
// number is truncated to an int (clamped), and anything but a number (or NaN) is refused.
struct Fields {
    int tm_year = 0;  // years since 1900, as in struct tm
    int values[8] = {};
};

std::optional<Fields> read_fields(const Array& array) {
    Fields f;
    for (std::size_t i = 0; i < 8 && i < array.size(); ++i) {
        const Value& v = array[i];
        if (!v.is_number() || std::isnan(v.as_number()))
            return std::nullopt;
        const double d = i == 0 ? v.as_number() - 1900 : v.as_number();
        f.values[i] = d < INT_MIN ? INT_MIN : d > INT_MAX ? INT_MAX : static_cast<int>(d);
    }
    f.tm_year = f.values[0];
    return f;
}

std::int64_t fields_to_seconds(const Fields& f) {
    return seconds_from_fields(std::int64_t{f.tm_year} + 1900, f.values[1], f.values[2],
                               f.values[3], f.values[4], f.values[5]);
}

// The whole seconds jq converts a number to (C's double-to-time_t truncation, toward zero);
// nullopt when that would not be a representable time.
std::optional<std::int64_t> whole_seconds(double seconds) {
    if (!std::isfinite(seconds) || std::fabs(seconds) >= 9.2e18)
        return std::nullopt;
    return static_cast<std::int64_t>(seconds);
}

[[noreturn]] void conversion_error() {
    throw JqError("error converting number of seconds since epoch to datetime");
}

// jq keeps the input's fraction in the seconds field, measured from floor(input) although the
// whole seconds were truncated toward zero: for negative inputs that is jq's own (odd) result.
double seconds_with_fraction(int whole, double input) {
    return whole + (input - std::floor(input));
}

// The input of gmtime or localtime (`who`) as whole seconds, with jq's errors.
std::int64_t input_seconds(const Value& in, const char* who) {
    if (!in.is_number())
        throw JqError(fmt::format("{}() requires a number", who));
    const auto seconds = whole_seconds(in.as_number());
    if (!seconds)
        conversion_error();
    return *seconds;
}

Value gmtime_of(const Value& in) {
    const Civil c = civil_from_seconds(input_seconds(in, "gmtime"));
    if (!fits_struct_tm(c.year))
        conversion_error();
    return broken_down_value(c, seconds_with_fraction(c.second, in.as_number()));
}

Value localtime_of(const Value& in) {
    const std::time_t t = static_cast<std::time_t>(input_seconds(in, "localtime"));
    std::tm tm{};
    if (localtime_r(&t, &tm) == nullptr)
        conversion_error();
    Civil c;
    c.year = std::int64_t{tm.tm_year} + 1900;
    c.month = tm.tm_mon;
    c.mday = tm.tm_mday;
    c.hour = tm.tm_hour;
    c.minute = tm.tm_min;
    c.wday = tm.tm_wday;
    c.yday = tm.tm_yday;
    return broken_down_value(c, seconds_with_fraction(tm.tm_sec, in.as_number()));
}

// The natives carry a trailing underscore so they never shadow the C library's functions.
Value gmtime_(const Value& in, const Value*) {
    return gmtime_of(in);
}
Value localtime_(const Value& in, const Value*) {
    return localtime_of(in);
}

// timegm with jq's failure cases: beyond struct tm's range, and -1, timegm's error value, so jq
// refuses 1969-12-31T23:59:59 as well (kept for compatibility).
std::int64_t checked_timegm(std::int64_t seconds) {
    if (!fits_struct_tm(civil_from_seconds(seconds).year) || seconds == -1) {
        throw JqError("invalid gmtime representation");
    }
    return seconds;
}

Value mktime_(const Value& in, const Value*) {
    if (!in.is_array())
        throw JqError("mktime requires array of 6 numbers");
    const auto fields = read_fields(in.as_array());
    if (!fields)
        throw JqError("mktime requires parsed datetime inputs");
    return Value::number(static_cast<double>(checked_timegm(fields_to_seconds(*fields))));
}

Value now_(const Value&, const Value*) {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
    return Value::number(static_cast<double>(micros) / 1e6);
}

// The fields of a broken-down time array in a struct tm, unchecked and unnormalized.
std::tm tm_as_given(const Fields& f) {
    std::tm tm{};
    tm.tm_year = f.tm_year;
    tm.tm_mon = f.values[1];
    tm.tm_mday = f.values[2];
    tm.tm_hour = f.values[3];
    tm.tm_min = f.values[4];
    tm.tm_sec = f.values[5];
    tm.tm_wday = f.values[6];
    tm.tm_yday = f.values[7];
    return tm;
}

// The struct tm strftime sees for a UTC time: normalized as timegm would (so wday and yday
// follow the date, whatever the array said), in the zone "UTC".
std::tm utc_tm(const Fields& f) {
    std::tm tm{};
    const Civil c = civil_from_seconds(fields_to_seconds(f));
    if (fits_struct_tm(c.year)) {
        tm.tm_year = static_cast<int>(c.year - 1900);
        tm.tm_mon = c.month;
        tm.tm_mday = c.mday;
        tm.tm_hour = c.hour;
        tm.tm_min = c.minute;
        tm.tm_sec = c.second;
        tm.tm_wday = c.wday;
        tm.tm_yday = c.yday;
    } else {  // past struct tm's range: format the fields as given
        tm = tm_as_given(f);
    }
    tm.tm_zone = "UTC";
    return tm;
}

// The struct tm strflocaltime sees: the fields as local time, normalized by mktime, which also
// supplies the zone's name and offset.
std::tm local_tm(const Fields& f) {
    std::tm tm = tm_as_given(f);
    tm.tm_isdst = -1;
    std::mktime(&tm);
    return tm;
}

// glibc's %s converts with mktime, i.e. in the local zone; for UTC times the seconds are known,
// so `%s` (with no flags) is spelled out before strftime sees the format.
std::string with_epoch_seconds(const std::string& format, std::int64_t seconds) {
    std::string out;
    out.reserve(format.size());
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        // A conversion: '%', glibc's flags, width and E/O modifiers, then its letter.
        std::size_t j = i + 1;
        while (j < format.size() &&
               std::string_view("_-0^#EO").find(format[j]) != std::string_view::npos)
            ++j;
        while (j < format.size() && is_digit(format[j])) ++j;
        if (j < format.size() && format[j] == 's') {
            fmt::format_to(std::back_inserter(out), "{}", seconds);
        } else {
            out.append(format, i, j + 1 - i);  // keeps "%%" together, so "%%s" stays literal
        }
        i = j;
    }
    return out;
}

// The format is the user's by design (strftime/1's argument), so no literal to check.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
std::string format_tm(const std::tm& tm, const std::string& format, const char* name) {
    const char* spec = format.c_str();  // like jq, the format ends at a NUL
    if (*spec == '\0')
        return "";
    // strftime's 0 means "empty or did not fit": grow the buffer a few times before giving up.
    std::string buffer(format.size() + 100, '\0');
    for (;;) {
        const std::size_t n = std::strftime(buffer.data(), buffer.size(), spec, &tm);
        if (n > 0) {
            buffer.resize(n);
            return buffer;
        }
        if (buffer.size() > (1u << 20))
            throw JqError(fmt::format("{}: unknown system failure", name));
        buffer.resize(buffer.size() * 8);
    }
}
#pragma GCC diagnostic pop

// strftime/1 and strflocaltime/1 share jq's checks, in jq's order: the input first (a number is
// converted as gmtime/localtime would), then the format, then the array's elements.
Value format_time(const Value& in, const Value& format, bool local) {
    const char* name = local ? "strflocaltime/1" : "strftime/1";
    Value broken_down = in;
    if (in.is_number()) {
        broken_down = local ? localtime_of(in) : gmtime_of(in);
    } else if (!in.is_array()) {
        throw JqError(fmt::format("{} requires parsed datetime inputs", name));
    }
    if (!format.is_string())
        throw JqError(fmt::format("{} requires a string format", name));
    const auto fields = read_fields(broken_down.as_array());
    if (!fields)
        throw JqError(fmt::format("{} requires parsed datetime inputs", name));
    if (local)
        return Value::string(format_tm(local_tm(*fields), std::string(format.as_string()), name));
    const std::string spelled =
        with_epoch_seconds(std::string(format.as_string()), fields_to_seconds(*fields));
    return Value::string(format_tm(utc_tm(*fields), spelled, name));
}

Value strftime_(const Value& in, const Value* args) {
    return format_time(in, args[0], false);
}
Value strflocaltime_(const Value& in, const Value* args) {
    return format_time(in, args[0], true);
}

[[noreturn]] void mismatch(const char* input, const char* format) {
    throw JqError(fmt::format("date \"{}\" does not match format \"{}\"", input, format));
}

// glibc's strptime with jq's rules: the text may only be followed by whitespace (and whatever
// comes after it); returns where parsing stopped.
const char* parse_time(const char* input, const char* format, std::tm& tm) {
    tm = std::tm{};
    tm.tm_wday = 8;  // sentinels: did strptime work these out?
    tm.tm_yday = 367;
    const char* end = ::strptime(input, format, &tm);
    if (end == nullptr || (*end != '\0' && !std::isspace(static_cast<unsigned char>(*end)))) {
        mismatch(input, format);
    }
    return end;
}

Value strptime_(const Value& in, const Value* args) {
    if (!in.is_string() || !args[0].is_string()) {
        throw JqError("strptime/1 requires string inputs and arguments");
    }
    std::tm tm;
    const char* end = parse_time(in.as_string().data(), args[0].as_string().data(), tm);
    if (tm.tm_wday == 8 || tm.tm_yday == 367) {
        // glibc leaves them alone when the format names no date; jq's timegm would fill them in.
        const Civil c = civil_from_seconds(
            seconds_from_fields(std::int64_t{tm.tm_year} + 1900, tm.tm_mon, tm.tm_mday, 0, 0, 0));
        if (tm.tm_wday == 8)
            tm.tm_wday = c.wday;
        if (tm.tm_yday == 367)
            tm.tm_yday = c.yday;
    }
    Array out = {Value::number(std::int64_t{tm.tm_year} + 1900.0),
                 Value::number(tm.tm_mon),
                 Value::number(tm.tm_mday),
                 Value::number(tm.tm_hour),
                 Value::number(tm.tm_min),
                 Value::number(tm.tm_sec),
                 Value::number(tm.tm_wday),
                 Value::number(tm.tm_yday)};
    if (*end != '\0')
        out.push_back(Value::string(end));  // jq hands back the trailing text
    return Value::array(std::move(out));
}

constexpr const char* kIsoFormat = "%Y-%m-%dT%H:%M:%SZ";

int two_digits(const char* p) {
    return (p[0] - '0') * 10 + (p[1] - '0');
}

// `whole + 0.digits` as the double nearest to that decimal, spelled out for strtod so that
// "…00.123Z" gives exactly 1732798800.123 (adding 0.123 to the integer would round twice).
double with_decimal_fraction(std::int64_t whole, std::string digits) {
    if (digits.size() > 18)
        digits.resize(18);  // far below a double's resolution
    digits.erase(digits.find_last_not_of('0') + 1);
    if (digits.empty())
        return static_cast<double>(whole);
    std::string text;
    if (whole >= 0) {
        text = fmt::format("{}.{}", whole, digits);
    } else {  // whole + f = -((-whole - 1) + (1 - f))
        std::uint64_t scale = 1;
        for (std::size_t i = 0; i < digits.size(); ++i) scale *= 10;
        // The complement keeps the fraction's width: 1 - 0.25 is 0.75, 1 - 0.95 is 0.05.
        const std::uint64_t complement = scale - std::stoull(digits);
        text = fmt::format("-{}.{:0{}}", -(whole + 1), complement, digits.size());
    }
    return std::strtod(text.c_str(), nullptr);
}

// fromdateiso8601's parser. Text that jq accepts (strptime "%Y-%m-%dT%H:%M:%SZ" then mktime)
// goes exactly that way. As a CloudTrail extension (jq issues #1053 and #2224), it also takes
// fractional seconds and a numeric offset instead of Z: "2024-11-28T13:00:00.123Z",
// "2024-11-28T15:00:00+02:00", "...+0200". Anything else fails with jq's own message.
Value fromdateiso8601_(const Value& in, const Value*) {
    if (!in.is_string())
        throw JqError("strptime/1 requires string inputs and arguments");
    const char* input = in.as_string().data();
    std::tm tm{};
    // strptime | mktime reads back exactly the fields strptime set.
    if (const char* end = ::strptime(input, kIsoFormat, &tm);
        end != nullptr && (*end == '\0' || std::isspace(static_cast<unsigned char>(*end)))) {
        const std::int64_t seconds =
            seconds_from_fields(std::int64_t{tm.tm_year} + 1900, tm.tm_mon, tm.tm_mday, tm.tm_hour,
                                tm.tm_min, tm.tm_sec);
        return Value::number(static_cast<double>(checked_timegm(seconds)));
    }
    tm = std::tm{};
    const char* p = ::strptime(input, "%Y-%m-%dT%H:%M:%S", &tm);
    if (p == nullptr)
        mismatch(input, kIsoFormat);
    std::string fraction;
    if (*p == '.') {
        const char* digits = ++p;
        while (is_digit(*p)) ++p;
        if (p == digits)
            mismatch(input, kIsoFormat);
        fraction.assign(digits, p);
    }
    std::int64_t offset = 0;
    if (*p == 'Z') {
        ++p;
    } else if ((*p == '+' || *p == '-') && is_digit(p[1]) && is_digit(p[2])) {
        const int sign = *p == '-' ? -1 : 1;
        const int hours = two_digits(p + 1);
        p += 3;
        if (*p == ':')
            ++p;
        if (!is_digit(p[0]) || !is_digit(p[1]))
            mismatch(input, kIsoFormat);
        const int minutes = two_digits(p);
        p += 2;
        if (hours > 23 || minutes > 59)
            mismatch(input, kIsoFormat);
        offset = sign * (hours * 3600 + minutes * 60);
    } else {
        mismatch(input, kIsoFormat);
    }
    if (*p != '\0' && !std::isspace(static_cast<unsigned char>(*p)))
        mismatch(input, kIsoFormat);
    const std::int64_t seconds = seconds_from_fields(std::int64_t{tm.tm_year} + 1900, tm.tm_mon,
                                                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec) -
                                 offset;
    return Value::number(with_decimal_fraction(seconds, fraction));
}

const Builtin kDates[] = {
    {"mktime", 0, mktime_},
    {"gmtime", 0, gmtime_},
    {"localtime", 0, localtime_},
    {"strftime", 1, strftime_},
    {"strflocaltime", 1, strflocaltime_},
    {"strptime", 1, strptime_},
    {"now", 0, now_},
    {"_fromdateiso8601", 0, fromdateiso8601_},
};

}  // namespace

void register_date_builtins(Registry& registry) {
    registry.add(kDates);
}

}  // namespace ctq
