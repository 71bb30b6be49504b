// The explorer's history of filters, kept across sessions in the XDG state directory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ctq::explore {

/// `$XDG_STATE_HOME/ctq/history`, or `~/.local/state/ctq/history` when XDG_STATE_HOME is
/// unset or not absolute (as the XDG spec says); empty when neither can be found.
std::string default_history_path();

/// Filters, oldest first, one JSON string per line in the file (a filter may hold anything).
class History {
public:
    History() = default;
    /// Reads `path` if it exists; lines that are not JSON strings are skipped.
    explicit History(std::string path);

    const std::vector<std::string>& entries() const { return entries_; }
    const std::string& path() const { return path_; }

    /// Adds `filter` as the newest entry (moving an equal older one up) and appends it to the
    /// file, creating its directory. Returns an error message, or nothing.
    std::optional<std::string> add(const std::string& filter);

    /// The newest entry before index `before` (entries().size() to start from the newest)
    /// that contains `query`, or nothing.
    std::optional<std::size_t> search_back(const std::string& query, std::size_t before) const;

private:
    std::string path_;
    std::vector<std::string> entries_;
    std::size_t file_lines_ = 0;  // the file is rewritten with entries_ when it grows long
};

}  // namespace ctq::explore
