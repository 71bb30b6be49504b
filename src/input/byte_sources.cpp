// The byte sources the JSON reader pulls from: a string in memory, or an open stream.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "ctq/input/json_reader.hpp"

namespace ctq {

std::size_t StringSource::read(char* buffer, std::size_t size) {
    const std::size_t n = std::min(size, text_.size() - pos_);
    if (n > 0)
        std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return n;
}

std::size_t StreamSource::read(char* buffer, std::size_t size) {
    // read(2) returns what a pipe holds right now, where fread would wait for a whole chunk
    // and stall `tail -f trail.json | ctq .`. This assumes nobody read the stream through
    // stdio before handing it over.
    const int fd = ::fileno(stream_);
    if (fd >= 0) {
        for (;;) {
            const ssize_t n = ::read(fd, buffer, size);
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno != EINTR)
                throw std::runtime_error(std::strerror(errno));
        }
    }
    const std::size_t n = std::fread(buffer, 1, size, stream_);
    if (n == 0 && std::ferror(stream_))
        throw std::runtime_error("read error");
    return n;
}

}  // namespace ctq
