// Copying standard input to a temporary file and, while anyone listens, to a pipe.
#include "stdin_copy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace ctq::explore {

namespace {

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

std::shared_ptr<StdinCopy> StdinCopy::start(std::string& error) {
    std::shared_ptr<StdinCopy> copy(new StdinCopy());
    const char* tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp && *tmp ? tmp : "/tmp") + "/ctq-stdin-XXXXXX";
    std::vector<char> buffer(name.begin(), name.end());
    buffer.push_back('\0');
    copy->file_ = mkstemp(buffer.data());
    if (copy->file_ < 0) {
        error = "cannot keep a copy of standard input in " + name + ": " + std::strerror(errno);
        return nullptr;
    }
    copy->file_path_ = buffer.data();
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        error = std::string("cannot make a pipe: ") + std::strerror(errno);
        return nullptr;
    }
    copy->pipe_read_ = fds[0];
    copy->pipe_write_ = fds[1];
    copy->pipe_path_ = "/dev/fd/" + std::to_string(fds[0]);
    // Detached: a read from a terminal or an endless pipe cannot be interrupted, and the copy
    // object stays alive for as long as the thread needs it.
    std::thread([copy] { copy->pump(); }).detach();
    return copy;
}

StdinCopy::~StdinCopy() {
    if (!file_path_.empty())
        ::unlink(file_path_.c_str());
    if (file_ >= 0)
        ::close(file_);
    if (pipe_read_ >= 0)
        ::close(pipe_read_);
}

void StdinCopy::pump() {
    std::vector<char> buffer(1 << 16);
    std::string error;
    while (true) {
        const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = std::string("cannot read standard input: ") + std::strerror(errno);
            break;
        }
        if (n == 0)
            break;
        const auto size = static_cast<std::size_t>(n);
        if (!write_all(file_, buffer.data(), size)) {
            error = "cannot keep a copy of standard input in " + file_path_ + ": " +
                    std::strerror(errno);
            break;
        }
        int out = -1;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            out = pipe_write_;
        }
        // EPIPE: the sample stopped reading; the copy goes on.
        if (out >= 0 && !write_all(out, buffer.data(), size)) {
            std::lock_guard<std::mutex> lock(mutex_);
            ::close(pipe_write_);
            pipe_write_ = -1;
        }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (pipe_write_ >= 0) {
        ::close(pipe_write_);
        pipe_write_ = -1;
    }
    error_ = error;
    done_ = true;
    done_cv_.notify_all();
}

void StdinCopy::close_pipe() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pipe_read_ >= 0) {
        ::close(pipe_read_);
        pipe_read_ = -1;
    }
}

std::string StdinCopy::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_cv_.wait(lock, [&] { return done_; });
    return error_;
}

}  // namespace ctq::explore
