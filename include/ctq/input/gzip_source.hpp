// Byte sources that undo gzip compression on the fly, and sniffing for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "ctq/input/json_reader.hpp"

namespace ctq {

/// Damaged or truncated gzip data; `offset` is the compressed byte where it was noticed.
class GzipError : public std::runtime_error {
public:
    GzipError(const std::string& message, std::uint64_t offset)
        : std::runtime_error(message), offset_(offset) {}
    std::uint64_t offset() const { return offset_; }

private:
    std::uint64_t offset_;
};

/// Replays some already-read bytes, then continues with the rest of another source
/// (sniffing must not lose bytes of a pipe, which cannot seek back).
class PrefixedSource : public ByteSource {
public:
    PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
        : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::string prefix_;
    std::size_t pos_ = 0;
    std::unique_ptr<ByteSource> rest_;
};

/// Decompresses a gzip stream, including several concatenated members.
class GzipSource : public ByteSource {
public:
    explicit GzipSource(std::unique_ptr<ByteSource> compressed);
    ~GzipSource() override;
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;
    std::size_t read(char* buffer, std::size_t size) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Wraps `raw` in a GzipSource when its first bytes are the gzip magic 1f 8b;
/// otherwise returns a source giving exactly the bytes of `raw`.
std::unique_ptr<ByteSource> open_maybe_gzip(std::unique_ptr<ByteSource> raw,
                                            bool* is_gzip = nullptr);

}  // namespace ctq
