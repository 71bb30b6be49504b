// Reading and appending the history file; the file is compacted when it grows long.
#include "ctq/explore/history.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unordered_set>

#include "ctq/error.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq::explore {

namespace {

// What is kept; the file may hold up to twice this before it is rewritten.
constexpr std::size_t kKeep = 1000;

// mkdir -p with the mode the XDG spec asks of the state directory.
bool make_directories(const std::string& dir) {
    std::string partial;
    std::size_t at = 0;
    while (at != std::string::npos) {
        at = dir.find('/', at + 1);
        partial = dir.substr(0, at);
        if (partial.empty())
            continue;
        if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
            return false;
    }
    return true;
}

std::string encode(const std::string& filter) {
    std::string line;
    write_json_string(line, filter, false);
    return line;
}

}  // namespace

std::string default_history_path() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && state[0] == '/')
        return std::string(state) + "/ctq/history";
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/')
        return std::string(home) + "/.local/state/ctq/history";
    return {};
}

History::History(std::string path) : path_(std::move(path)) {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
        try {
            const Value v = parse_json(line);
            if (v.is_string())
                entries_.emplace_back(v.as_string());
        } catch (const JsonParseError&) {
            // Someone else's line, or a torn write: skipped, not fatal.
        }
        ++file_lines_;
    }
    // A filter used again was appended again: only its newest place counts.
    std::vector<std::string> unique;
    std::unordered_set<std::string> seen;
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
        if (seen.insert(*it).second)
            unique.push_back(*it);
    }
    entries_.assign(unique.rbegin(), unique.rend());
}

std::optional<std::string> History::add(const std::string& filter) {
    if (filter.empty())
        return std::nullopt;
    const bool already_newest = !entries_.empty() && entries_.back() == filter;
    entries_.erase(std::remove(entries_.begin(), entries_.end(), filter), entries_.end());
    entries_.push_back(filter);
    if (path_.empty() || already_newest)
        return std::nullopt;
    const std::size_t slash = path_.rfind('/');
    if (slash != std::string::npos && !make_directories(path_.substr(0, slash)))
        return "cannot create " + path_.substr(0, slash) + ": " + std::strerror(errno);
    const bool compact = file_lines_ + 1 > 2 * kKeep;
    if (compact && entries_.size() > kKeep)
        entries_.erase(entries_.begin(), entries_.end() - kKeep);
    std::ofstream out(path_, compact ? std::ios::trunc : std::ios::app);
    if (compact) {
        for (const std::string& entry : entries_) out << encode(entry) << '\n';
    } else {
        out << encode(filter) << '\n';
    }
    out.flush();
    file_lines_ = compact ? entries_.size() : file_lines_ + 1;
    if (!out)
        return "cannot write " + path_ + ": " + std::strerror(errno);
    return std::nullopt;
}

std::optional<std::size_t> History::search_back(const std::string& query,
                                                std::size_t before) const {
    for (std::size_t i = std::min(before, entries_.size()); i-- > 0;) {
        if (entries_[i].find(query) != std::string::npos)
            return i;
    }
    return std::nullopt;
}

}  // namespace ctq::explore
