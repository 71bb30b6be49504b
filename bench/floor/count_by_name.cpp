// Floor: [.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add, compact output.
#include <simdjson.h>

#include <iostream>
#include <map>
#include <string>
int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    std::map<std::string, size_t> c;
    for (auto rec : doc["Records"].get_array()) {
        std::string_view n = rec["eventName"].get_string();
        c[std::string(n)]++;
    }
    std::string s = "{";
    for (auto& [k, v] : c) {
        if (s.size() > 1)
            s += ',';
        s += '"' + k + "\":" + std::to_string(v);
    }
    std::cout << s << "}\n";
}
