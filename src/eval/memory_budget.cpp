// The memory ceiling: resident memory read from /proc, limits from sysconf and cgroups.
#include "ctq/eval/memory_budget.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "ctq/error.hpp"

namespace ctq::memory {

namespace {

std::atomic<std::size_t> g_limit{0};

// Resident bytes, from the second field of /proc/self/statm; 0 when it cannot be read.
std::size_t resident_bytes() {
    // One descriptor for the whole run: pread at offset 0 rereads the current figures.
    static const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buffer[128];
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    if (n <= 0)
        return 0;
    buffer[n] = '\0';
    unsigned long long size = 0;
    unsigned long long resident = 0;
    if (std::sscanf(buffer, "%llu %llu", &size, &resident) != 2)
        return 0;
    return static_cast<std::size_t>(resident) * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// The cgroup v2 (memory.max) or v1 (memory.limit_in_bytes) limit of this process; 0 if none.
std::size_t cgroup_limit() {
    for (const char* path :
         {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream file(path);
        std::string text;
        if (file >> text && !text.empty() && text != "max") {
            char* end = nullptr;
            const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
            // cgroup v1 reports "no limit" as a number near 2^63.
            if (*end == '\0' && value > 0 && value < (1ULL << 62))
                return static_cast<std::size_t>(value);
        }
    }
    return 0;
}

}  // namespace

std::size_t default_limit() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGESIZE);
    std::size_t total = pages > 0 && page_size > 0
                            ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_size)
                            : 0;
    const std::size_t group = cgroup_limit();
    if (group != 0 && (total == 0 || group < total))
        total = group;
    return total / 4 * 3;
}

void set_limit(std::size_t bytes) {
    g_limit.store(bytes, std::memory_order_relaxed);
}

std::size_t limit() {
    return g_limit.load(std::memory_order_relaxed);
}

void check(std::size_t extra) {
    const std::size_t ceiling = limit();
    if (ceiling == 0)
        return;
    if (resident_bytes() + extra > ceiling) {
        throw JqError(fmt::format(
            "Out of memory: the filter's values would pass ctq's limit of {} (see --memory-limit)",
            describe_size(ceiling)));
    }
}

std::optional<std::size_t> parse_size(const std::string& text) {
    if (text == "none")
        return 0;
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(number) || number < 0)
        return std::nullopt;
    const std::string unit(end);
    double scale = 1;
    if (unit == "K" || unit == "k" || unit == "KB" || unit == "KiB")
        scale = 1024.0;
    else if (unit == "M" || unit == "MB" || unit == "MiB")
        scale = 1024.0 * 1024;
    else if (unit == "G" || unit == "GB" || unit == "GiB")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "T" || unit == "TB" || unit == "TiB")
        scale = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty() && unit != "B")
        return std::nullopt;
    const double bytes = number * scale;
    if (bytes >= 1.8e19)
        return std::nullopt;
    return static_cast<std::size_t>(bytes);
}

std::string describe_size(std::size_t bytes) {
    const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
    if (mb >= 1024)
        return fmt::format("{:.1f} GB", mb / 1024);
    return fmt::format("{:.0f} MB", mb);
}

}  // namespace ctq::memory
