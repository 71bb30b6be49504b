// Floor: simdjson On-Demand doing the bench's walkthrough filter, output included:
// .Records[] | select(.eventSource == "s3.amazonaws.com")
//   | [.eventTime, .eventName, .userIdentity.userName // "N/A", .sourceIPAddress // "N/A"] | @tsv
#include <simdjson.h>

#include <cstdio>
#include <string>
using namespace simdjson;
int main(int, char** argv) {
    padded_string json = padded_string::load(argv[1]);
    ondemand::parser parser;
    auto doc = parser.iterate(json);
    std::string out;
    for (auto rec : doc["Records"].get_array()) {
        std::string_view src, t, n, u = "N/A", ip = "N/A";
        for (auto f : rec.get_object()) {
            std::string_view k = f.unescaped_key();
            auto v = f.value();
            if (k == "eventSource")
                src = v.get_string();
            else if (k == "eventTime")
                t = v.get_string();
            else if (k == "eventName")
                n = v.get_string();
            else if (k == "sourceIPAddress") {
                if (v.type() == ondemand::json_type::string)
                    ip = v.get_string();
            } else if (k == "userIdentity" && v.type() == ondemand::json_type::object) {
                for (auto g : v.get_object())
                    if (g.unescaped_key().value() == "userName") {
                        auto w = g.value();
                        if (w.type() == ondemand::json_type::string)
                            u = w.get_string();
                    }
            }
            // string_views above point into the parser's buffer, which lives until the next
            // iterate()
        }
        if (src == "s3.amazonaws.com") {
            out.append(t)
                .append("\t")
                .append(n)
                .append("\t")
                .append(u)
                .append("\t")
                .append(ip)
                .append("\n");
        }
        if (out.size() > (1 << 20)) {
            fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    fwrite(out.data(), 1, out.size(), stdout);
}
