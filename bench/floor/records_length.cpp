// Floor: .Records | length
#include <simdjson.h>

#include <iostream>
int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(json);
    simdjson::ondemand::array records = doc["Records"].get_array();
    size_t n = records.count_elements();
    std::cout << n << "\n";
}
