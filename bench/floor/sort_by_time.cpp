// Floor: .Records | sort_by(.eventTime) | [.[0].eventID, .[-1].eventID], compact output.
// A stable sort, as jq's: among records of the same second the file order stays, which the
// last eventID shows. Every record is expected to have eventTime and eventID strings.
#include <algorithm>
#include <iostream>
#include <vector>

#include "floor.hpp"

namespace {

struct Entry {
    std::string_view time, id;  // into the parser's string buffer, valid for the whole document
};

}  // namespace

int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    std::vector<Entry> entries;
    for (auto rec : doc["Records"].get_array()) {
        Entry entry;
        for (auto field : rec.get_object()) {
            const std::string_view key = field.unescaped_key();
            if (key == "eventTime") {
                entry.time = field.value().get_string();
            } else if (key == "eventID") {
                entry.id = field.value().get_string();
            }
        }
        entries.push_back(entry);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.time < b.time; });
    if (entries.empty()) {
        std::cout << "[null,null]\n";
        return 0;
    }
    std::string out = "[";
    floor_bench::append_json_string(out, entries.front().id);
    out += ',';
    floor_bench::append_json_string(out, entries.back().id);
    std::cout << out << "]\n";
}
