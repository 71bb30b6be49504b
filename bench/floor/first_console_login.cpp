// Floor: first(.Records[] | select(.eventName == "ConsoleLogin")) | .eventTime
// Stops at the first match, as ctq and jq can; the file is still read whole first.
#include <iostream>

#include "floor.hpp"

int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    for (auto rec : doc["Records"].get_array()) {
        std::string_view name, time;
        bool has_time = false;
        for (auto field : rec.get_object()) {
            const std::string_view key = field.unescaped_key();
            auto value = field.value();
            if (key == "eventName" && value.type() == simdjson::ondemand::json_type::string) {
                name = value.get_string();
            } else if (key == "eventTime" &&
                       value.type() == simdjson::ondemand::json_type::string) {
                time = value.get_string();
                has_time = true;
            }
        }
        if (name == "ConsoleLogin") {
            std::string out;
            if (has_time) {
                floor_bench::append_json_string(out, time);
            } else {
                out = "null";
            }
            std::cout << out << "\n";
            return 0;
        }
    }
}
