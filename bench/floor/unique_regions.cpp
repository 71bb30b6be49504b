// Floor: .Records | map(.awsRegion) | unique, compact output. jq orders strings by code point,
// which for UTF-8 is byte order, so a std::set gives its order; null (no awsRegion) sorts first.
#include <iostream>
#include <set>

#include "floor.hpp"

int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    std::set<std::string> regions;
    bool any_null = false;
    for (auto rec : doc["Records"].get_array()) {
        auto region = rec.find_field_unordered("awsRegion");
        if (region.error() == simdjson::NO_SUCH_FIELD ||
            region.type() == simdjson::ondemand::json_type::null) {
            any_null = true;
        } else {
            regions.emplace(std::string_view(region.get_string()));
        }
    }
    std::string out = any_null ? "[null" : "[";
    for (const std::string& region : regions) {
        if (out.size() > 1)
            out += ',';
        floor_bench::append_json_string(out, region);
    }
    std::cout << out << "]\n";
}
