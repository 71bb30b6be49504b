// Floor: select(.errorCode != null) | {eventTime, errorCode} over NDJSON, compact output.
// Only string and null values are expected in these two fields (as in every CloudTrail event).
#include "floor.hpp"

using simdjson::ondemand::json_type;

namespace {

// A field's value for the output object: its JSON text, "null" when absent.
std::string field_json(simdjson::ondemand::value value) {
    if (value.type() == json_type::null)
        return "null";
    std::string out;
    floor_bench::append_json_string(out, value.get_string());
    return out;
}

}  // namespace

int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document_stream events = parser.iterate_many(json);
    floor_bench::Output output;
    for (auto event : events) {
        std::string time = "null", code = "null";
        for (auto field : event.get_object()) {
            const std::string_view key = field.unescaped_key();
            if (key == "eventTime") {
                time = field_json(field.value());
            } else if (key == "errorCode") {
                code = field_json(field.value());
            }
        }
        if (code == "null")
            continue;
        output.text().append("{\"eventTime\":").append(time);
        output.text().append(",\"errorCode\":").append(code).append("}\n");
        output.maybe_flush();
    }
}
