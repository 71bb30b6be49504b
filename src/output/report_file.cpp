// A report reaches its path whole or not at all: written beside it, then renamed.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ctq/output/report.hpp"

namespace ctq {

void write_report_file(const std::string& path, const std::string& text) {
    auto fail = [&](const std::string& temp) {
        const int error = errno;
        if (!temp.empty())
            ::unlink(temp.c_str());
        throw std::runtime_error(
            fmt::format("cannot write report {}: {}", path, std::strerror(error)));
    };
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0)
        fail("");
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            fail(temp);
        }
        done += static_cast<std::size_t>(n);
    }
    // mkstemp makes the file 0600; a report gets the mode any new file would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd, 0666 & ~mask) != 0 || ::close(fd) != 0)
        fail(temp);
    if (std::rename(temp.c_str(), path.c_str()) != 0)
        fail(temp);
}

}  // namespace ctq
