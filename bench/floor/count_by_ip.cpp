// Floor: reduce .Records[] as $r ({}; .[$r.sourceIPAddress] += 1) | length
// The number of distinct source addresses (each a string, or jq would stop with an error).
#include <iostream>
#include <unordered_map>

#include "floor.hpp"

int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    std::unordered_map<std::string, size_t> counts;
    for (auto rec : doc["Records"].get_array()) {
        std::string_view ip = rec.find_field_unordered("sourceIPAddress").get_string();
        ++counts[std::string(ip)];
    }
    std::cout << counts.size() << "\n";
}
