// The equivalent command line: what the explorer shows as you toggle, and prints on Ctrl-O.
#include <string>

#include "ctq/explore/explorer.hpp"

namespace ctq::explore {

std::string shell_quote(const std::string& text) {
    bool safe = !text.empty();
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '/' ||
                        c == ':' || c == '=' || c == '@' || c == '%' || c == '+' || c == ',';
        safe = safe && ok;
    }
    if (safe)
        return text;
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::string command_line(const ExploreConfig& config, const std::string& filter,
                         const Toggles& toggles) {
    std::string out = "ctq";
    std::string flags;
    if (toggles.raw)
        flags += 'r';
    if (toggles.compact)
        flags += 'c';
    if (toggles.sort_keys)
        flags += 'S';
    if (toggles.slurp)
        flags += 's';
    if (!flags.empty())
        out += " -" + flags;
    if (toggles.table)
        out += " --table";
    for (const std::string& arg : config.fixed_args) out += " " + shell_quote(arg);
    // A filter starting with '-' would read as an option: `--` first, as jq allows.
    if (!filter.empty() && filter[0] == '-')
        out += " --";
    std::string quoted = "'";
    for (const char c : filter) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += " " + quoted + "'";
    for (const std::string& file : config.files) {
        out += " ";
        // A file name that looks like an option needs the `--` too.
        out += file.size() > 1 && file[0] == '-' ? shell_quote("./" + file) : shell_quote(file);
    }
    for (const std::string& arg : config.trailing_args) out += " " + shell_quote(arg);
    return out;
}

}  // namespace ctq::explore
