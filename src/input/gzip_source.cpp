// gzip decompression for input files and stdin, with zlib's inflate.
#include "ctq/input/gzip_source.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace ctq {

std::size_t PrefixedSource::read(char* buffer, std::size_t size) {
    if (pos_ < prefix_.size()) {
        std::size_t n = std::min(size, prefix_.size() - pos_);
        std::memcpy(buffer, prefix_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    return rest_->read(buffer, size);
}

struct GzipSource::Impl {
    std::unique_ptr<ByteSource> input;
    z_stream zs{};
    std::vector<unsigned char> in = std::vector<unsigned char>(256 * 1024);
    std::uint64_t consumed = 0;  // compressed bytes handed to zlib and used by it
    bool input_eof = false;
    bool member_done = false;  // between members (or at the end)
    bool finished = false;
    std::unique_ptr<GzipError> pending;  // found after some output: raised on the next read

    // Makes sure zlib has input; false when the compressed source is exhausted.
    bool fill() {
        if (zs.avail_in > 0)
            return true;
        if (input_eof)
            return false;
        std::size_t n = input->read(reinterpret_cast<char*>(in.data()), in.size());
        if (n == 0) {
            input_eof = true;
            return false;
        }
        zs.next_in = in.data();
        zs.avail_in = static_cast<uInt>(n);
        return true;
    }
};

GzipSource::GzipSource(std::unique_ptr<ByteSource> compressed) : impl_(std::make_unique<Impl>()) {
    impl_->input = std::move(compressed);
    // 15 + 32: the largest window, and let zlib detect a gzip or zlib header itself.
    if (inflateInit2(&impl_->zs, 15 + 32) != Z_OK)
        throw GzipError("gzip: cannot initialise zlib", 0);
}

GzipSource::~GzipSource() {
    inflateEnd(&impl_->zs);
}

std::size_t GzipSource::read(char* buffer, std::size_t size) {
    Impl& s = *impl_;
    if (s.finished || size == 0)
        return 0;
    s.zs.next_out = reinterpret_cast<unsigned char*>(buffer);
    s.zs.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    try {
        while (s.zs.avail_out > 0) {
            if (s.member_done) {
                // Another member may follow (gzip's multi-member format, as from `cat a.gz b.gz`).
                if (!s.fill()) {
                    s.finished = true;
                    break;
                }
                inflateReset(&s.zs);
                s.member_done = false;
            }
            if (!s.fill()) {
                throw GzipError(fmt::format("gzip: unexpected end of compressed data "
                                            "(truncated file?) at compressed byte {}",
                                            s.consumed),
                                s.consumed);
            }
            uInt before = s.zs.avail_in;
            int rc = inflate(&s.zs, Z_NO_FLUSH);
            s.consumed += before - s.zs.avail_in;
            if (rc == Z_STREAM_END) {
                s.member_done = true;
            } else if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR) {
                const char* why = s.zs.msg ? s.zs.msg : "invalid compressed data";
                throw GzipError(
                    fmt::format("gzip: corrupt data ({}) at compressed byte {}", why, s.consumed),
                    s.consumed);
            }
            // Return what we have rather than block on more input of a pipe.
            std::size_t produced = size - s.zs.avail_out;
            if (produced > 0 && s.zs.avail_in == 0)
                break;
        }
    } catch (const GzipError& error) {
        // Hand out the bytes decoded before the damage first, so their records still count.
        if (size - s.zs.avail_out == 0)
            throw;
        s.pending = std::make_unique<GzipError>(error);
    }
    return size - s.zs.avail_out;
}

std::unique_ptr<ByteSource> open_maybe_gzip(std::unique_ptr<ByteSource> raw, bool* is_gzip) {
    char head[2];
    std::size_t got = 0;
    while (got < 2) {
        std::size_t n = raw->read(head + got, 2 - got);
        if (n == 0)
            break;
        got += n;
    }
    bool gz = got == 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
              static_cast<unsigned char>(head[1]) == 0x8b;
    if (is_gzip)
        *is_gzip = gz;
    auto source = std::make_unique<PrefixedSource>(std::string(head, got), std::move(raw));
    if (!gz)
        return source;
    return std::make_unique<GzipSource>(std::move(source));
}

}  // namespace ctq
