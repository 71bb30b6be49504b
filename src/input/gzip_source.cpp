// gzip decompression for input files and stdin, with ISA-L's inflate.
#include "ctq/input/gzip_source.hpp"

#include <fmt/format.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

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

// ISA-L's inflate, not zlib's: it decodes the same gzip about four times faster (0.22 s of
// CPU against 0.94 s for a 256 MB CloudTrail file), and an S3 tree is all gzip.
struct GzipSource::Impl {
    std::unique_ptr<ByteSource> input;
    inflate_state state{};
    std::vector<unsigned char> in = std::vector<unsigned char>(256 * 1024);
    std::uint64_t handed = 0;  // compressed bytes handed to the inflater so far
    bool input_eof = false;
    bool member_done = false;  // between members (or at the end)
    bool finished = false;
    std::unique_ptr<GzipError> pending;  // found after some output: raised on the next read

    // Compressed bytes the inflater has used.
    std::uint64_t consumed() const { return handed - state.avail_in; }

    // Reads a member's header, then readies the inflater for its data: it verifies the CRC
    // and length trailer itself. The header is read here because ISA-L 2.30 rejects a sound
    // header CRC (FHCRC), which zlib and gzip accept.
    void start_member() {
        read_header();
        isal_inflate_reset(&state);
        state.crc_flag = ISAL_GZIP_NO_HDR_VER;
    }

    GzipError truncated() const {
        return GzipError(fmt::format("gzip: unexpected end of compressed data (truncated "
                                     "file?) at compressed byte {}",
                                     consumed()),
                         consumed());
    }
    GzipError corrupt(const char* why) const {
        return GzipError(
            fmt::format("gzip: corrupt data ({}) at compressed byte {}", why, consumed()),
            consumed());
    }

private:
    std::uint8_t header_byte() {
        if (!fill())
            throw truncated();
        --state.avail_in;
        return *state.next_in++;
    }

    // RFC 1952's member header: magic, method, flags, time, extra flags, OS, then the
    // optional extra field, name, comment and header CRC.
    void read_header() {
        std::string header;
        auto take = [&] {
            const std::uint8_t byte = header_byte();
            header.push_back(static_cast<char>(byte));
            return byte;
        };
        for (int i = 0; i < 10; ++i) take();
        const auto* fixed = reinterpret_cast<const std::uint8_t*>(header.data());
        if (fixed[0] != 0x1f || fixed[1] != 0x8b)
            throw corrupt("incorrect header check");
        if (fixed[2] != 8)
            throw corrupt("unknown compression method");
        const std::uint8_t flags = fixed[3];
        if (flags & 0xe0)
            throw corrupt("unknown header flags set");
        if (flags & 4) {  // FEXTRA
            const unsigned low = take();
            const unsigned length = low | (unsigned{take()} << 8);
            for (unsigned i = 0; i < length; ++i) take();
        }
        if (flags & 8)  // FNAME
            while (take() != 0) {
            }
        if (flags & 16)  // FCOMMENT
            while (take() != 0) {
            }
        if (flags & 2) {  // FHCRC: the low half of the CRC-32 of the header before it
            const unsigned want =
                crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(header.data()),
                                header.size()) &
                0xffffu;
            const unsigned low = header_byte();
            const unsigned got = low | (unsigned{header_byte()} << 8);
            if (got != want)
                throw corrupt("header crc mismatch");
        }
    }

public:
    // Makes sure the inflater has input; false when the compressed source is exhausted.
    bool fill() {
        if (state.avail_in > 0)
            return true;
        if (input_eof)
            return false;
        std::size_t n = input->read(reinterpret_cast<char*>(in.data()), in.size());
        if (n == 0) {
            input_eof = true;
            return false;
        }
        handed += n;
        state.next_in = in.data();
        state.avail_in = static_cast<std::uint32_t>(n);
        return true;
    }
};

namespace {

// What went wrong, in zlib's words where it has them.
const char* inflate_problem(int rc) {
    switch (rc) {
        case ISAL_INVALID_BLOCK: return "invalid block type";
        case ISAL_INVALID_SYMBOL: return "invalid code";
        case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
        case ISAL_INVALID_WRAPPER: return "incorrect header check";
        case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
        case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
        case ISAL_NEED_DICT: return "need dictionary";
        default: return "invalid compressed data";
    }
}

}  // namespace

GzipSource::GzipSource(std::unique_ptr<ByteSource> compressed) : impl_(std::make_unique<Impl>()) {
    impl_->input = std::move(compressed);
    isal_inflate_init(&impl_->state);
    impl_->member_done = true;  // the first member's header is read by the first read()
}

GzipSource::~GzipSource() = default;

std::size_t GzipSource::read(char* buffer, std::size_t size) {
    Impl& s = *impl_;
    if (s.pending) {
        const GzipError error = *s.pending;
        s.pending.reset();
        s.finished = true;
        throw error;
    }
    if (s.finished || size == 0)
        return 0;
    s.state.next_out = reinterpret_cast<std::uint8_t*>(buffer);
    s.state.avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(size, 1u << 30));
    try {
        while (s.state.avail_out > 0) {
            if (s.member_done) {
                // Another member may follow (gzip's multi-member format, as from `cat a.gz b.gz`).
                if (!s.fill()) {
                    s.finished = true;
                    break;
                }
                s.start_member();
                s.member_done = false;
            }
            if (!s.fill())
                throw s.truncated();
            const std::uint32_t out_before = s.state.avail_out;
            const std::uint32_t in_before = s.state.avail_in;
            const int rc = isal_inflate(&s.state);
            if (rc != ISAL_DECOMP_OK)
                throw s.corrupt(inflate_problem(rc));
            if (s.state.block_state == ISAL_BLOCK_FINISH) {
                s.member_done = true;
            } else if (s.state.avail_in == in_before && s.state.avail_out == out_before &&
                       s.state.avail_in > 0) {
                // No progress with input to spare: the inflater holds bytes it cannot use.
                throw s.corrupt("invalid compressed data");
            }
            // Return what we have rather than block on more input of a pipe.
            const std::size_t produced = size - s.state.avail_out;
            if (produced > 0 && s.state.avail_in == 0)
                break;
        }
    } catch (const GzipError& error) {
        // Hand out the bytes decoded before the damage first, so their records still count.
        if (size - s.state.avail_out == 0) {
            s.finished = true;
            throw;
        }
        s.pending = std::make_unique<GzipError>(error);
    }
    return size - s.state.avail_out;
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
