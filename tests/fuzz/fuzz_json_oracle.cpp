// Fuzz target: ctq's JSON reader against nlohmann/json, an independent parser, on the same
// bytes read as a stream of texts. Both must read the same documents, equal value for value,
// and end the same way, except where jq documents an extension of JSON that nlohmann does not
// read. Each such case is a rewrite below: it recognises the spot where nlohmann failed and
// turns it into standard JSON with the value jq reads there. Any other difference aborts.
//
// The documented cases (README's "JSON text"; test_json_reader.cpp's JSONTestSuite list):
//   nan_literal         `nan`, `NaN`, `-nan`, `-NaN` read as NaN
//   huge_number         a number beyond the double range reads as +-infinity
//   lone_low_surrogate  `\uDC00`..`\uDFFF` without a high half reads as U+FFFD
//   invalid_utf8        bad UTF-8 in a string reads as U+FFFD, cut as jq cuts it
//   cut_off_bom         the first bytes of a BOM and nothing else read as no text
// and the stream rules of nlohmann_stream.hpp: texts in a row (`1 2`, `[][]`, `{"a":1}"x"`),
// no text at all (nothing, whitespace, a BOM). One case goes the other way: ctq rejects a text
// nlohmann reads when it nests deeper than jq 1.8's 10000 levels (too_deep).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../../src/input/json_reader_text.hpp"
#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"
#include "fuzz_support.hpp"
#include "nlohmann_stream.hpp"

namespace {

using ctq::fuzz::oracle::Failure;
using ctq::fuzz::oracle::Json;
using ctq::fuzz::oracle::Plants;
using ctq::fuzz::oracle::Reading;

constexpr int kSyntaxError = 101;     // nlohmann's parse_error.101
constexpr int kNumberTooLarge = 406;  // nlohmann's out_of_range.406

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// jq's literal class: a literal (a number, true, nan, ...) runs until whitespace, a structural
// character or a quote, and is judged whole.
bool continues_literal(char c) {
    return !contains(" \t\r\n\"[]{},:", std::string_view(&c, 1));
}

// The literal run around where nlohmann failed, as [first, last); empty if it is not in one.
std::pair<std::size_t, std::size_t> literal_around(const std::string& bytes,
                                                   const Failure& failure) {
    const std::size_t at = failure.at;
    if (at >= bytes.size() || !continues_literal(bytes[at]))
        return {at, at};
    std::size_t first = at;
    std::size_t last = at + 1;
    while (first > failure.text && continues_literal(bytes[first - 1])) --first;
    while (last < bytes.size() && continues_literal(bytes[last])) ++last;
    return {first, last};
}

// Puts the number 0 where [first, last) was, to stand for `value` in the oracle's tree.
void plant(std::string& bytes, std::size_t first, std::size_t last, const Failure& failure,
           double value, Plants& plants) {
    bytes.replace(first, last - first, "0");
    plants[failure.numbers] = value;
}

// jq reads these four literals as NaN (JSONTestSuite's n_number_NaN and n_number_-NaN).
bool nan_literal(std::string& bytes, const Failure& failure, Plants& plants) {
    if (failure.id != kSyntaxError || !(contains(failure.reason, "invalid literal") ||
                                        contains(failure.reason, "invalid number"))) {
        return false;
    }
    const auto [first, last] = literal_around(bytes, failure);
    const std::string_view run(bytes.data() + first, last - first);
    if (run != "nan" && run != "NaN" && run != "-nan" && run != "-NaN")
        return false;
    plant(bytes, first, last, failure, std::numeric_limits<double>::quiet_NaN(), plants);
    return true;
}

// jq converts numbers to doubles, so 1e400 is infinity, where nlohmann refuses it. nlohmann
// stops on the number's last digit, and the number must be the whole literal there.
bool huge_number(std::string& bytes, const Failure& failure, Plants& plants) {
    if (failure.id != kNumberTooLarge)
        return false;
    const auto [first, last] = literal_around(bytes, failure);
    if (last != failure.at + 1)
        return false;  // `1e400x` is one bad literal to jq
    const double infinity = std::numeric_limits<double>::infinity();
    plant(bytes, first, last, failure, bytes[first] == '-' ? -infinity : infinity, plants);
    return true;
}

// jq 1.7.1 replaces a low surrogate escape without its high half by U+FFFD (and rejects a
// high one without its low half, as nlohmann does). nlohmann stops on the escape's last digit.
bool lone_low_surrogate(std::string& bytes, const Failure& failure, Plants&) {
    if (failure.id != kSyntaxError || !contains(failure.reason, "must follow U+D800..U+DBFF") ||
        failure.at < 5 || bytes.compare(failure.at - 5, 2, "\\u") != 0) {
        return false;
    }
    bytes.replace(failure.at - 5, 6, "\\uFFFD");
    return true;
}

// The string's text as JSON would spell it (the quotes left out).
std::string escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
            out += escape;
        } else {
            out += c;
        }
    }
    return out;
}

// jq reads bad UTF-8 in a string as U+FFFD. Where a bad sequence is cut off and how much of
// the string's end it takes depend on the decoded text, so the rest of the string, from after
// the last ASCII byte before the bad one to the closing quote, is decoded by ctq's
// decode_string (whose cuts test_json_reader.cpp pins to jq's) and written back as valid
// JSON. Only that piece is ctq's own reading; nlohmann reads everything around it.
bool invalid_utf8(std::string& bytes, const Failure& failure, Plants&) {
    if (failure.id != kSyntaxError || !contains(failure.reason, "ill-formed UTF-8 byte"))
        return false;
    std::size_t first = std::min(failure.at, bytes.size());
    while (first > 0 && static_cast<unsigned char>(bytes[first - 1]) >= 0x80) --first;
    std::size_t quote = first;
    while (quote < bytes.size() && bytes[quote] != '"') quote += bytes[quote] == '\\' ? 2 : 1;
    if (quote >= bytes.size())
        return false;  // no closing quote: an error to jq too
    std::string text;
    std::string spare;
    if (ctq::json_text::decode_string(bytes.data() + first, bytes.data() + quote, text, spare))
        return false;  // a bad escape or a control character further on
    bytes.replace(first, quote - first, escaped(text));
    return true;
}

bool documented_rewrite(std::string& bytes, const Failure& failure, Plants& plants) {
    return nan_literal(bytes, failure, plants) || huge_number(bytes, failure, plants) ||
           lone_low_surrogate(bytes, failure, plants) || invalid_utf8(bytes, failure, plants);
}

// jq drops the first bytes of a BOM when nothing follows them (jv_parser_set_buf matches the
// BOM only while input lasts); nlohmann calls them a bad BOM.
bool cut_off_bom(std::string_view bytes) {
    return bytes == "\xEF" || bytes == "\xEF\xBB";
}

struct CtqReading {
    std::vector<ctq::Value> documents;
    std::string error;  // "" if the stream ended cleanly
};

CtqReading read_with_ctq(std::string_view bytes) {
    CtqReading reading;
    ctq::StringSource source(bytes);
    ctq::JsonReader reader(source);
    ctq::Value value;
    try {
        while (reader.next(value)) reading.documents.push_back(value);
    } catch (const ctq::JsonParseError& error) {
        reading.error = error.what();
    }
    return reading;
}

bool same_number(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

// Whether ctq's value is the oracle's: the same kinds, object keys in the same order, strings
// byte for byte, numbers equal as doubles (jq's numbers; NaN equals NaN here, -0 equals 0, as
// nlohmann reads `-0` as the integer 0). Iterative: documents nest 10000 levels deep.
bool same_value(const ctq::Value& value, const Json& json) {
    std::vector<std::pair<const ctq::Value*, const Json*>> pending{{&value, &json}};
    while (!pending.empty()) {
        const auto [v, j] = pending.back();
        pending.pop_back();
        switch (v->kind()) {
            case ctq::Kind::Null:
                if (!j->is_null())
                    return false;
                break;
            case ctq::Kind::False:
            case ctq::Kind::True:
                if (!j->is_boolean() || j->get<bool>() != (v->kind() == ctq::Kind::True))
                    return false;
                break;
            case ctq::Kind::Number:
                if (!j->is_number() || !same_number(v->as_number(), j->get<double>()))
                    return false;
                break;
            case ctq::Kind::String:
                if (!j->is_string() || j->get_ref<const std::string&>() != v->as_string())
                    return false;
                break;
            case ctq::Kind::Array: {
                const ctq::Array& items = v->as_array();
                if (!j->is_array() || j->size() != items.size())
                    return false;
                for (std::size_t i = 0; i < items.size(); ++i)
                    pending.emplace_back(&items[i], &(*j)[i]);
                break;
            }
            case ctq::Kind::Object: {
                const ctq::Object& members = v->as_object();
                if (!j->is_object() || j->size() != members.size())
                    return false;
                auto member = j->begin();
                for (const auto& [key, item] : members) {
                    if (member.key() != key)
                        return false;
                    pending.emplace_back(&item, &member.value());
                    ++member;
                }
                break;
            }
        }
    }
    return true;
}

bool agree(const CtqReading& got, const Reading& expected) {
    if (got.documents.size() != expected.documents.size() || got.error.empty() != expected.ok) {
        return false;
    }
    for (std::size_t i = 0; i < got.documents.size(); ++i) {
        if (!same_value(got.documents[i], expected.documents[i]))
            return false;
    }
    // too_deep: ctq must stop at the depth limit. ctq stopping there when nlohmann fails
    // later in the same text is fine: both reject it.
    const bool ctq_too_deep = contains(got.error, "Exceeds depth limit for parsing");
    return expected.too_deep ? ctq_too_deep : !ctq_too_deep || !expected.ok;
}

[[noreturn]] void report(std::string_view bytes, const CtqReading& got, const Reading& expected,
                         const char* what) {
    std::fprintf(stderr, "ctq and nlohmann disagree: %s\ninput (%zu bytes): %.200s\n", what,
                 bytes.size(), std::string(bytes).c_str());
    std::fprintf(stderr, "ctq: %zu documents, error \"%s\"\n", got.documents.size(),
                 got.error.c_str());
    for (const ctq::Value& document : got.documents)
        std::fprintf(stderr, "  %.200s\n", ctq::to_json(document).c_str());
    std::fprintf(stderr, "nlohmann: %zu documents, %s, %zu rewrites\n", expected.documents.size(),
                 expected.too_deep ? "too deep"
                 : expected.ok     ? "ok"
                                   : "error",
                 expected.rewrites);
    for (const Json& document : expected.documents)
        std::fprintf(stderr, "  %.200s\n", document.dump().c_str());
    std::abort();
}

void check_against_nlohmann(std::string_view bytes) {
    const CtqReading got = read_with_ctq(bytes);
    Reading expected;
    if (!cut_off_bom(bytes)) {
        expected = ctq::fuzz::oracle::read_stream(std::string(bytes), documented_rewrite);
        if (expected.gave_up)
            return;
    }
    if (!agree(got, expected))
        report(bytes, got, expected, "reading the stream");

    // nlohmann's own strict parse: what it reads as one document, the stream reads alike. It
    // takes a NUL byte for the end of the input (jq, for a bad literal), so not with one.
    if (contains(bytes, std::string_view("\0", 1)))
        return;
    const Json whole = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (whole.is_discarded() || (expected.too_deep && expected.documents.empty()))
        return;
    if (expected.documents.size() != 1 || !expected.ok || expected.documents[0] != whole)
        report(bytes, got, expected, "nlohmann reads one document, the stream does not");
}

}  // namespace

CTQ_FUZZ_TARGET(check_against_nlohmann)
