// Modules compiled into ctq, and the hunt list parsed from the cloudtrail module's comments.
#include <string>
#include <string_view>
#include <vector>

#include "ctq/lang/module_loader.hpp"

namespace ctq {

namespace {

constexpr std::string_view cloudtrail_source =
#include "ctq/cloudtrail_module.inc"
    ;

std::string trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos)
        return "";
    const std::size_t end = text.find_last_not_of(" \t\r");
    return std::string(text.substr(begin, end - begin + 1));
}

// "# @hunt name [flags] | source | description" -> HuntInfo.
std::vector<HuntInfo> parse_hunts(std::string_view text) {
    constexpr std::string_view marker = "# @hunt ";
    std::vector<HuntInfo> hunts;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        if (line.substr(0, marker.size()) != marker)
            continue;
        line.remove_prefix(marker.size());
        const std::size_t bar1 = line.find('|');
        const std::size_t bar2 = bar1 == std::string_view::npos ? bar1 : line.find('|', bar1 + 1);
        if (bar2 == std::string_view::npos)
            continue;
        HuntInfo hunt;
        std::string head = trim(line.substr(0, bar1));
        hunt.needs_all = head.find("[all]") != std::string::npos;
        hunt.needs_ip = head.find("[ip]") != std::string::npos;
        hunt.name = trim(head.substr(0, head.find(' ')));
        hunt.source = trim(line.substr(bar1 + 1, bar2 - bar1 - 1));
        hunt.description = trim(line.substr(bar2 + 1));
        hunts.push_back(std::move(hunt));
    }
    return hunts;
}

// A jq string literal for `text`.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) < 0x20)
            continue;
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string_view builtin_module_source(std::string_view name) {
    if (name == "cloudtrail")
        return cloudtrail_source;
    return {};
}

const std::vector<HuntInfo>& builtin_hunts() {
    static const std::vector<HuntInfo> hunts = parse_hunts(cloudtrail_source);
    return hunts;
}

std::string hunt_filter(std::string_view name, std::string_view ip) {
    for (const HuntInfo& hunt : builtin_hunts()) {
        if (hunt.name != name)
            continue;
        std::string call = "hunt_" + hunt.name;
        if (hunt.needs_ip)
            call += "(" + quoted(ip) + ")";
        if (hunt.needs_all)
            return "include \"cloudtrail\"; [inputs | records] | " + call;
        return "include \"cloudtrail\"; inputs | records | " + call;
    }
    return "";
}

}  // namespace ctq
