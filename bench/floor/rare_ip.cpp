// Floor: .Records[] | select(.sourceIPAddress == "198.51.100.77") | {eventTime, eventName}
#include "floor.hpp"

int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    floor_bench::Output output;
    for (auto rec : doc["Records"].get_array()) {
        std::string_view ip, time, name;
        for (auto field : rec.get_object()) {
            const std::string_view key = field.unescaped_key();
            auto value = field.value();
            if (value.type() != simdjson::ondemand::json_type::string)
                continue;
            if (key == "sourceIPAddress") {
                ip = value.get_string();
            } else if (key == "eventTime") {
                time = value.get_string();
            } else if (key == "eventName") {
                name = value.get_string();
            }
        }
        if (ip != "198.51.100.77")
            continue;
        output.text() += "{\"eventTime\":";
        floor_bench::append_json_string(output.text(), time);
        output.text() += ",\"eventName\":";
        floor_bench::append_json_string(output.text(), name);
        output.text() += "}\n";
        output.maybe_flush();
    }
}
