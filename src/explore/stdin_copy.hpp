// Standard input, read once and kept: the sample reads it through a pipe as it arrives, and
// a run over the whole input (or Enter's batch run) reads the copy afterwards.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace ctq::explore {

class StdinCopy {
public:
    /// Starts copying; null with `error` set when no temporary file or pipe can be made.
    static std::shared_ptr<StdinCopy> start(std::string& error);
    ~StdinCopy();
    StdinCopy(const StdinCopy&) = delete;
    StdinCopy& operator=(const StdinCopy&) = delete;

    /// What the sample reads: stdin's bytes as they come.
    const std::string& pipe_path() const { return pipe_path_; }
    /// The copy, complete once wait() returns.
    const std::string& file_path() const { return file_path_; }
    /// Blocks until standard input has ended; an error message, or empty.
    std::string wait();
    /// The sample no longer reads the pipe (its own descriptor may stay open a little).
    void close_pipe();

private:
    StdinCopy() = default;
    void pump();

    std::string pipe_path_;
    std::string file_path_;
    int pipe_read_ = -1;
    int pipe_write_ = -1;
    int file_ = -1;
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
    std::string error_;
};

}  // namespace ctq::explore
