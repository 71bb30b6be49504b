// Worker threads read files ahead; the consumer drains them strictly in job order.
#include "ctq/input/file_prefetcher.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <stdexcept>

namespace ctq {

namespace {

// Steps travel in batches so that the lock is taken once per few hundred records.
constexpr std::size_t kBatchItems = 128;
// Memory stays bounded: a file's queue holds at most this many steps, and workers
// start at most two files per thread beyond the one being handed out.
constexpr std::size_t kMaxQueuedItems = 1024;
// ... and at most this much output text, for files run on the workers.
constexpr std::size_t kMaxQueuedText = 8u << 20;
constexpr std::size_t kLookaheadPerThread = 2;

// Unwinds a worker out of a file when the prefetcher stops.
struct Stopping {};

std::uint64_t size_on_disk(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// std::thread cannot choose its stack size, so workers are plain pthreads.
void* run_worker(void* raw) {
    std::unique_ptr<std::function<void()>> body(static_cast<std::function<void()>*>(raw));
    (*body)();
    return nullptr;
}

}  // namespace

FilePrefetcher::FilePrefetcher(std::vector<Job> jobs, unsigned threads, ReadFile read_file,
                               std::size_t stack_size)
    : jobs_(std::move(jobs)),
      read_file_(std::move(read_file)),
      threads_(std::max(1u, threads)),
      slots_(jobs_.size()) {
    const auto count = static_cast<unsigned>(std::min<std::size_t>(threads_, jobs_.size()));
    spent_.resize(count);
    workers_.reserve(count);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (stack_size != 0)
        pthread_attr_setstacksize(&attr, stack_size);
    for (unsigned i = 0; i < count; ++i) {
        auto* body = new std::function<void()>([this, i] { work(i); });
        pthread_t id;
        if (pthread_create(&id, &attr, run_worker, body) != 0) {
            delete body;
            pthread_attr_destroy(&attr);
            stop_workers();  // the destructor does not run for a constructor that throws
            throw std::runtime_error("cannot start a worker thread");
        }
        workers_.push_back(id);
    }
    pthread_attr_destroy(&attr);
}

FilePrefetcher::~FilePrefetcher() {
    stop_workers();
}

void FilePrefetcher::stop_workers() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    room_.notify_all();
    ready_.notify_all();
    for (pthread_t worker : workers_) pthread_join(worker, nullptr);
    workers_.clear();
}

void FilePrefetcher::work(unsigned worker) {
    while (true) {
        std::size_t index = 0;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            while (true) {
                room_.wait(lock, [&] {
                    return stopping_ || next_job_ >= jobs_.size() || !spent_[worker].empty() ||
                           next_job_ < consumed_ + threads_ * kLookaheadPerThread;
                });
                if (spent_[worker].empty())
                    break;
                free_spent(worker, lock);
            }
            if (stopping_ || next_job_ >= jobs_.size())
                return;
            index = next_job_++;
        }
        read_job(worker, index);
    }
}

void FilePrefetcher::read_job(unsigned worker, std::size_t index) {
    const Job& job = jobs_[index];
    std::vector<PrefetchedItem> batch;
    try {
        if (!job.listing_error.empty()) {
            PrefetchedItem item;
            item.kind = PrefetchedItem::Kind::OpenError;
            item.message = job.listing_error;
            batch.push_back(std::move(item));
        } else {
            std::size_t text = 0;
            read_file_(job.path, index, [&](PrefetchedItem item) {
                text += item.message.size();
                batch.push_back(std::move(item));
                // Text goes out as soon as there is a chunk of it, to keep within the bound.
                if (batch.size() >= kBatchItems || text >= kMaxQueuedText / 8) {
                    text = 0;
                    if (!deliver(worker, index, batch))
                        throw Stopping{};
                }
            });
        }
    } catch (const Stopping&) {
        return;
    } catch (const std::exception& error) {
        // Whatever escapes the reader ends this file where the sequential read would stop.
        PrefetchedItem item;
        item.kind = PrefetchedItem::Kind::InputError;
        item.message = error.what();
        batch.push_back(std::move(item));
    }
    const std::uint64_t bytes = job.path.empty() ? 0 : job.size ? job.size : size_on_disk(job.path);
    if (!batch.empty() && !deliver(worker, index, batch))
        return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        slots_[index].finished = true;
        slots_[index].bytes = bytes;
    }
    ready_.notify_all();
}

bool FilePrefetcher::deliver(unsigned worker, std::size_t index,
                             std::vector<PrefetchedItem>& items) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        Slot& slot = slots_[index];
        while (true) {
            room_.wait(lock, [&] {
                return stopping_ || !spent_[worker].empty() ||
                       (slot.queued_items < kMaxQueuedItems && slot.queued_text < kMaxQueuedText);
            });
            if (spent_[worker].empty())
                break;
            free_spent(worker, lock);
        }
        if (stopping_)
            return false;
        std::size_t text = 0;
        for (const PrefetchedItem& item : items) text += item.message.size();
        slot.queued_items += items.size();
        slot.queued_text += text;
        slot.batches.push_back(Batch{worker, std::move(items), text});
    }
    items.clear();
    ready_.notify_all();
    return true;
}

void FilePrefetcher::free_spent(unsigned worker, std::unique_lock<std::mutex>& lock) {
    std::vector<Batch> doomed;
    doomed.swap(spent_[worker]);
    lock.unlock();
    doomed.clear();
    lock.lock();
}

bool FilePrefetcher::next(PrefetchedItem& out) {
    while (true) {
        if (batch_pos_ < batch_.items.size()) {
            // Moved, not copied: reference counts are not atomic, so a value parsed on a
            // worker belongs to this thread from here on (and is freed here).
            PrefetchedItem& item = batch_.items[batch_pos_++];
            out.kind = item.kind;
            out.value = std::move(item.value);
            out.was_record = item.was_record;
            out.line = item.line;
            out.number = item.number;
            out.position_known = item.position_known;
            if (item.kind != PrefetchedItem::Kind::Value)
                out.message = item.message;
            return true;
        }
        std::unique_lock<std::mutex> lock(mutex_);
        if (!batch_.items.empty())
            spent_[batch_.worker].push_back(std::move(batch_));
        batch_ = Batch{};
        batch_pos_ = 0;
        if (consumed_ >= jobs_.size())
            return false;
        Slot& slot = slots_[consumed_];
        ready_.wait(lock, [&] { return !slot.batches.empty() || slot.finished; });
        if (!slot.batches.empty()) {
            batch_ = std::move(slot.batches.front());
            slot.batches.pop_front();
            slot.queued_items -= batch_.items.size();
            slot.queued_text -= batch_.text;
            current_path_ = jobs_[consumed_].path;
        } else {
            bytes_done_ += slot.bytes;
            ++consumed_;
        }
        lock.unlock();
        room_.notify_all();
    }
}

}  // namespace ctq
