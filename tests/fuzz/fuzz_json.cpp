// Fuzz target: arbitrary bytes as JSON input, read as the ctq command reads files, with and
// without CloudTrail record streaming, whole and in small pieces; all four reads must agree.
// Read again under the projections of a few filters, the same documents and error must come;
// where `.` would print the first value straight from its text, the text must be write_json's.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "../../src/input/plain_json.hpp"
#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/output/json_writer.hpp"
#include "fuzz_support.hpp"
#include "json_reading.hpp"

namespace {

using ctq::fuzz::read_all;
using ctq::fuzz::require_same;

// What these filters cannot see is only validated (whole containers of it in one tight loop,
// see src/input/plain_json.hpp), which must not change what is read or the error.
void check_projections(std::string_view bytes, const ctq::fuzz::Reading& plain) {
    static const auto demands = [] {
        std::vector<ctq::Demand> made;
        for (const char* filter :
             {"length", ".Records | length", ".a", ".Records[] | .eventName", "map(.x)"}) {
            made.push_back(ctq::input_demand(*ctq::Program::compile(filter, {})));
        }
        return made;
    }();
    for (const ctq::Demand& demand : demands) {
        for (const bool stream_records : {false, true}) {
            ctq::StringSource source(bytes);
            ctq::JsonReader reader(source);
            reader.set_demand(&demand);
            reader.set_stream_records(stream_records);
            std::size_t documents = 0;
            std::string error;
            ctq::Value value;
            try {
                while (reader.next(value)) documents += reader.last_was_record() ? 0 : 1;
            } catch (const ctq::JsonParseError& e) {
                error = std::string("json: ") + e.what();
            }
            if (documents != plain.documents.size() || error != plain.error) {
                std::fprintf(stderr,
                             "a projected read differs: %zu documents, error '%s'; a plain read: "
                             "%zu, '%s'\n",
                             documents, error.c_str(), plain.documents.size(), plain.error.c_str());
                std::abort();
            }
        }
    }
}

// `ctq .` prints a plain record straight from its text (src/input/plain_json.cpp): in every
// style, that must be what write_json prints for the value the reader made of it.
void check_echo(std::string_view bytes, const ctq::fuzz::Reading& plain) {
    // The reader echoes records that are containers (a literal's end is the state machine's).
    const std::size_t start = bytes.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || (bytes[start] != '{' && bytes[start] != '['))
        return;
    for (int style_index = 0; style_index < 3; ++style_index) {
        ctq::WriterOptions style;
        style.indent = style_index == 0 ? 0 : 2;
        style.tab = style_index == 2;
        style.base_depth = static_cast<std::size_t>(style_index);
        std::string echoed;
        ctq::json_text::SkippedLines lines;
        const char* end = ctq::json_text::echo_value(
            bytes.data() + start, bytes.data() + bytes.size(), style, echoed, lines);
        if (end == nullptr)
            continue;
        std::string expected = "(the reader read no value)";
        if (!plain.documents.empty()) {
            expected.clear();
            ctq::write_json(expected, ctq::parse_json(plain.documents[0]), style);
        }
        const auto text = bytes.substr(start, static_cast<std::size_t>(end - bytes.data()) - start);
        const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        if (echoed != expected || lines.count != newlines) {
            std::fprintf(stderr, "echo differs (style %d): %.300s\nwrite_json: %.300s\n",
                         style_index, echoed.c_str(), expected.c_str());
            std::abort();
        }
    }
}

void check_reader(std::string_view bytes) {
    ctq::StringSource whole(bytes);
    const ctq::fuzz::Reading plain = read_all(whole, false);

    ctq::fuzz::TrickleSource trickle(bytes);
    require_same(plain, read_all(trickle, false), "plain, in small pieces");
    ctq::StringSource whole_again(bytes);
    require_same(plain, read_all(whole_again, true), "record streaming");
    ctq::fuzz::TrickleSource trickle_again(bytes);
    require_same(plain, read_all(trickle_again, true), "record streaming, in small pieces");
    check_projections(bytes, plain);
    check_echo(bytes, plain);

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
