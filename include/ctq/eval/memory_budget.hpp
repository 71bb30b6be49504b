// A ceiling on the memory ctq may hold, so a filter that builds without end (`[combinations]`
// of a huge product, `reduce` growing an object) ends in a clear error, not the kernel's
// out-of-memory killer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace ctq::memory {

/// The ceiling when none is set: three quarters of the machine's memory, or of the cgroup's
/// limit when that is lower (containers, systemd units). 0 when neither can be read.
std::size_t default_limit();

/// Sets the process-wide ceiling in bytes; 0 turns the check off.
void set_limit(std::size_t bytes);
std::size_t limit();

/// Throws JqError ("Out of memory: ...") when the process's resident memory, plus `extra`
/// bytes it is about to allocate, is over the ceiling. It reads /proc, a few microseconds:
/// call it where values grow by large steps or every few thousand elements, never per element.
void check(std::size_t extra = 0);

/// check(extra) only for allocations large enough to matter (a megabyte and up), so the
/// arithmetic operators can call it on every result.
inline void check_large(std::size_t extra) {
    if (extra >= (std::size_t{1} << 20))
        check(extra);
}

/// Counts growth steps and checks every `every`th one: the cheap way to call check() from a
/// loop that adds one element at a time.
class Checkpoint {
public:
    explicit Checkpoint(std::size_t every = 4096) : every_(every), left_(every) {}
    void step() {
        if (--left_ == 0) {
            left_ = every_;
            check();
        }
    }

private:
    std::size_t every_;
    std::size_t left_;
};

/// Reads "512M", "2G", "1.5G", "1048576" (bytes) or "0"/"none" (no ceiling); nullopt when
/// the text is not a size.
std::optional<std::size_t> parse_size(const std::string& text);

/// "1.5 GB", "300 MB": a size for messages.
std::string describe_size(std::size_t bytes);

}  // namespace ctq::memory
