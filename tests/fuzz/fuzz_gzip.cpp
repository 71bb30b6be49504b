// Fuzz target: arbitrary bytes as a possibly gzipped input file (seeds are small .gz files).
// Whatever decompresses must read as the same JSON as the decompressed bytes read directly.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ctq/input/gzip_source.hpp"
#include "ctq/input/json_reader.hpp"
#include "fuzz_support.hpp"
#include "json_reading.hpp"

namespace {

using ctq::fuzz::read_all;
using ctq::fuzz::require_same;

// The plain bytes behind `bytes`, as far as they decompress; false if the gzip data is bad.
bool decompress(std::string_view bytes, std::string& plain) {
    auto source = ctq::open_maybe_gzip(std::make_unique<ctq::StringSource>(bytes));
    char buffer[4096];
    try {
        while (const std::size_t n = source->read(buffer, sizeof buffer)) plain.append(buffer, n);
    } catch (const ctq::GzipError&) {
        return false;
    }
    return true;
}

void check_gzip(std::string_view bytes) {
    std::string plain;
    const bool intact = decompress(bytes, plain);
    for (const bool stream_records : {false, true}) {
        auto source = ctq::open_maybe_gzip(std::make_unique<ctq::StringSource>(bytes));
        const ctq::fuzz::Reading through_gzip = read_all(*source, stream_records);
        if (!intact)
            continue;  // the reader saw a GzipError somewhere; nothing to compare with
        ctq::StringSource direct(plain);
        require_same(read_all(direct, stream_records), through_gzip, "gzip against plain bytes");
    }
}

}  // namespace

CTQ_FUZZ_TARGET(check_gzip)
