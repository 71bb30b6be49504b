// Guessing where a big file can be cut into pieces that are read at once (see file_pieces.hpp).
#include "ctq/input/file_pieces.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace ctq {

namespace {

// Looked at around each cut; a record or line longer than this leaves the cut out.
constexpr std::size_t kWindow = 1 << 20;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class OpenFile {
public:
    explicit OpenFile(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY)) {}
    ~OpenFile() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    int fd() const { return fd_; }
    std::string read_at(std::uint64_t offset, std::size_t size) const {
        std::string bytes(size, '\0');
        std::size_t got = 0;
        while (got < size) {
            const ssize_t n =
                ::pread(fd_, bytes.data() + got, size - got, static_cast<off_t>(offset + got));
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        bytes.resize(got);
        return bytes;
    }

private:
    int fd_;
};

// `{ "Records" : [` at the start of the file, the way CloudTrail writes its files.
bool opens_records(std::string_view head) {
    std::size_t i = 0;
    auto skip = [&] {
        while (i < head.size() && is_space(head[i])) ++i;
    };
    auto expect = [&](std::string_view token) {
        skip();
        if (head.substr(i, token.size()) != token)
            return false;
        i += token.size();
        return true;
    };
    return expect("{") && expect("\"Records\"") && expect(":") && expect("[");
}

std::size_t skip_space(std::string_view bytes, std::size_t i) {
    while (i < bytes.size() && is_space(bytes[i])) ++i;
    return i;
}

std::size_t skip_space_back(std::string_view bytes, std::size_t i) {
    while (i > 0 && is_space(bytes[i - 1])) --i;
    return i;
}

// A record's start in `bytes`: a `{` after `}` and `,`. CloudTrail's records begin with
// "eventVersion", which nested objects (say, the elements of "resources") do not: such a
// start is preferred, any other is the fallback.
std::optional<std::size_t> record_start(std::string_view bytes) {
    std::optional<std::size_t> fallback;
    for (std::size_t i = bytes.find('{'); i != std::string_view::npos; i = bytes.find('{', i + 1)) {
        std::size_t before = skip_space_back(bytes, i);
        if (before == 0 || bytes[before - 1] != ',')
            continue;
        before = skip_space_back(bytes, before - 1);
        if (before == 0 || bytes[before - 1] != '}')
            continue;
        const std::size_t key = skip_space(bytes, i + 1);
        if (bytes.substr(key, 14) == "\"eventVersion\"")
            return i;
        if (!fallback)
            fallback = i;
    }
    return fallback;
}

// A text's start in `bytes`: the first `{` or `[` that begins a line.
std::optional<std::size_t> text_start(std::string_view bytes) {
    for (std::size_t nl = bytes.find('\n'); nl != std::string_view::npos;
         nl = bytes.find('\n', nl + 1)) {
        const std::size_t i = skip_space(bytes, nl + 1);
        if (i < bytes.size() && (bytes[i] == '{' || bytes[i] == '['))
            return i;
    }
    return std::nullopt;
}

}  // namespace

std::optional<PiecePlan> plan_pieces(const std::string& path, std::uint64_t piece_size) {
    struct stat st {};
    if (piece_size == 0 || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size < 2 * piece_size)
        return std::nullopt;
    OpenFile file(path);
    if (file.fd() < 0)
        return std::nullopt;
    const std::string head = file.read_at(0, 256);
    const std::size_t first = skip_space(head, 0);
    if (first == head.size() || (head[first] != '{' && head[first] != '['))
        return std::nullopt;  // gzip, a BOM, or not JSON: read as usual
    PiecePlan plan;
    plan.in_records = opens_records(head);
    plan.starts.push_back(0);
    const std::uint64_t count = size / piece_size;
    for (std::uint64_t k = 1; k < count; ++k) {
        const std::uint64_t from = std::max(k * size / count, plan.starts.back() + 1);
        const std::string bytes = file.read_at(from, kWindow);
        const std::optional<std::size_t> found =
            plan.in_records ? record_start(bytes) : text_start(bytes);
        if (found)
            plan.starts.push_back(from + *found);
    }
    if (plan.starts.size() < 2)
        return std::nullopt;
    return plan;
}

}  // namespace ctq
