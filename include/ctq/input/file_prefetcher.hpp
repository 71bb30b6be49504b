// Reading several input files at once: worker threads open, gunzip and parse
// whole files ahead of the evaluator, which takes their values back in exactly
// the order a sequential read would give.
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

/// What reading one file produced, one step at a time, in order.
struct PrefetchedItem {
    // Output, Message and EndOfFile come from files evaluated on the workers (see the CLI):
    // text for stdout, text for stderr, and the file's last step.
    enum class Kind { Value, OpenError, InputError, Output, Message, EndOfFile };
    Kind kind = Kind::Value;
    Value value;                 // Kind::Value
    bool was_record = false;     // the value was an element of a top-level "Records" array
    Value head;                  // with a document's first record: see take_record_head()
    std::size_t line = 0;        // the reader's line after this step
    std::size_t number = 0;      // the value's 1-based number within its file
    std::string message;         // the errors' text; Output and Message: the text
    bool position_known = true;  // EndOfFile: see InputStream::position_known()
};

class FilePrefetcher {
public:
    /// One input to read: a file, or an error found while listing a directory,
    /// which keeps its place in the order.
    struct Job {
        std::string path;
        std::string listing_error;
        std::uint64_t size = 0;  // a piece of a file: its share of the bytes (0: the whole file)
    };
    /// Reads the file at `path` (job number `index`) to its end, handing each step to `emit`;
    /// runs on a worker.
    using ReadFile = std::function<void(const std::string& path, std::size_t index,
                                        const std::function<void(PrefetchedItem)>& emit)>;

    /// `stack_size`: of each worker thread, 0 for the system's default; workers that run
    /// filters need the evaluation thread's deep stack, which the recursion guard assumes.
    FilePrefetcher(std::vector<Job> jobs, unsigned threads, ReadFile read_file,
                   std::size_t stack_size = 0);
    /// Stops the workers (they may be in the middle of files ahead) and joins them.
    ~FilePrefetcher();
    FilePrefetcher(const FilePrefetcher&) = delete;
    FilePrefetcher& operator=(const FilePrefetcher&) = delete;

    /// The next step in sequential order; false after the last file.
    bool next(PrefetchedItem& out);

    /// The path of the file the last step came from ("" before the first).
    const std::string& current_path() const { return current_path_; }
    std::size_t files_total() const { return jobs_.size(); }
    /// Files whose every step has been handed out.
    std::size_t files_done() const { return consumed_; }
    /// Size on disk of the files done.
    std::uint64_t bytes_done() const { return bytes_done_; }

private:
    /// Steps of one file, parsed by one worker.
    struct Batch {
        unsigned worker = 0;
        std::vector<PrefetchedItem> items;
        std::size_t text = 0;  // bytes of message text in items
    };
    struct Slot {
        std::deque<Batch> batches;
        std::size_t queued_items = 0;
        std::size_t queued_text = 0;  // bytes of Output and Message text
        bool finished = false;
        std::uint64_t bytes = 0;  // size on disk, known once finished
    };

    void stop_workers();
    void work(unsigned worker);
    void read_job(unsigned worker, std::size_t index);
    /// Blocks while the job's queue is full; false when the prefetcher is stopping.
    bool deliver(unsigned worker, std::size_t index, std::vector<PrefetchedItem>& items);
    /// Destroys the worker's spent batches; called with the lock held, released meanwhile.
    void free_spent(unsigned worker, std::unique_lock<std::mutex>& lock);

    std::vector<Job> jobs_;
    ReadFile read_file_;
    unsigned threads_;
    std::vector<Slot> slots_;
    std::vector<pthread_t> workers_;

    std::mutex mutex_;
    std::condition_variable ready_;  // a batch was delivered or a job finished
    std::condition_variable room_;   // the consumer moved on or took a batch
    std::size_t next_job_ = 0;       // the next job a worker takes
    // Batches the consumer is done with, by the worker that made them, which destroys them:
    // memory freed by another thread than the one that allocated it costs several times more
    // (allocator arenas and cache lines change hands), enough to cancel the parallelism.
    std::vector<std::vector<Batch>> spent_;
    bool stopping_ = false;

    // The consumer's side, touched by the evaluating thread only.
    std::size_t consumed_ = 0;  // jobs_[consumed_] is the one being handed out
    Batch batch_;
    std::size_t batch_pos_ = 0;
    std::string current_path_;
    std::uint64_t bytes_done_ = 0;
};

}  // namespace ctq
