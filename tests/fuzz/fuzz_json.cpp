// Fuzz target: arbitrary bytes as JSON input, read as the ctq command reads files, with and
// without CloudTrail record streaming, whole and in small pieces; all four reads must agree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"
#include "fuzz_support.hpp"
#include "json_reading.hpp"

namespace {

using ctq::fuzz::read_all;
using ctq::fuzz::require_same;

void check_reader(std::string_view bytes) {
    ctq::StringSource whole(bytes);
    const ctq::fuzz::Reading plain = read_all(whole, false);

    ctq::fuzz::TrickleSource trickle(bytes);
    require_same(plain, read_all(trickle, false), "plain, in small pieces");
    ctq::StringSource whole_again(bytes);
    require_same(plain, read_all(whole_again, true), "record streaming");
    ctq::fuzz::TrickleSource trickle_again(bytes);
    require_same(plain, read_all(trickle_again, true), "record streaming, in small pieces");

    // What ctq prints must read back as the same value (jq's `tojson | fromjson`).
    for (const std::string& text : plain.documents) {
        const std::string again = ctq::to_json(ctq::parse_json(text));
        if (again != text) {
            std::fprintf(stderr, "round trip changed\n  %.200s\ninto\n  %.200s\n", text.c_str(),
                         again.c_str());
            std::abort();
        }
    }

    // --argjson and fromjson take exactly one text: they accept what the reader reads as one.
    try {
        const std::string single = ctq::to_json(ctq::parse_json(bytes));
        if (plain.documents.size() != 1 || plain.documents[0] != single || !plain.error.empty()) {
            std::fprintf(stderr, "parse_json accepted what the reader did not read as one text\n");
            std::abort();
        }
    } catch (const ctq::JsonParseError&) {
    }
}

}  // namespace

CTQ_FUZZ_TARGET(check_reader)
