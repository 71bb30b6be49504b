// Unit tests for gzip input: sniffing, multi-member files, damage reported with an offset.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "ctq/input/gzip_source.hpp"
#include "ctq/input/json_reader.hpp"

namespace {

// gzip-compresses `text` as one member, with zlib (windowBits 16 + 15 writes a gzip header).
std::string gzip(const std::string& text) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, text.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// Reads everything from `source`, in small pieces to exercise the buffering.
std::string drain(ctq::ByteSource& source, std::size_t piece = 7) {
    std::string out;
    std::string buffer(piece, '\0');
    while (std::size_t n = source.read(buffer.data(), buffer.size())) out.append(buffer, 0, n);
    return out;
}

std::unique_ptr<ctq::ByteSource> sniffed(const std::string& bytes, bool* is_gzip = nullptr) {
    // The source must outlive the test's reads: keep the bytes in a static-lifetime holder.
    static std::vector<std::unique_ptr<std::string>> keep;
    keep.push_back(std::make_unique<std::string>(bytes));
    return ctq::open_maybe_gzip(std::make_unique<ctq::StringSource>(*keep.back()), is_gzip);
}

}  // namespace

TEST_CASE("plain bytes pass through sniffing unchanged", "[gzip]") {
    bool gz = true;
    auto source = sniffed("{\"a\":1}\n", &gz);
    CHECK_FALSE(gz);
    CHECK(drain(*source) == "{\"a\":1}\n");
    CHECK(drain(*sniffed("")) == "");
    CHECK(drain(*sniffed("1")) == "1");
    CHECK(drain(*sniffed("\x1f")) == "\x1f");
}

TEST_CASE("gzip input is decompressed, also in several members", "[gzip]") {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
    bool gz = false;
    auto source = sniffed(gzip(text), &gz);
    CHECK(gz);
    CHECK(drain(*source, 4096) == text);
    CHECK(drain(*sniffed(gzip("1 ") + gzip("2 ") + gzip("3"))) == "1 2 3");
}

TEST_CASE("the JSON reader reads values out of a gzip stream", "[gzip]") {
    auto source = sniffed(gzip("{\"Records\":[1,2]} 3"));
    ctq::JsonReader reader(*source);
    ctq::Value v;
    REQUIRE(reader.next(v));
    REQUIRE(reader.next(v));
    CHECK_FALSE(reader.next(v));
}

TEST_CASE("truncated gzip is an error with the compressed offset", "[gzip]") {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += std::to_string(i * 7919 % 10007) + "\n";
    std::string z = gzip(text);
    auto source = sniffed(z.substr(0, z.size() - 10));
    try {
        drain(*source);
        FAIL("no error");
    } catch (const ctq::GzipError& error) {
        CHECK(std::string(error.what()).find("unexpected end") != std::string::npos);
        CHECK(error.offset() == z.size() - 10);
    }
}

TEST_CASE("corrupt gzip: data before the damage comes out first, then the error", "[gzip]") {
    std::string bad = gzip("2 ");
    bad[10] = '\xff';  // first deflate block header: block type 3 does not exist
    auto source = sniffed(gzip("1 ") + bad);
    char buffer[64];
    std::size_t n = source->read(buffer, sizeof buffer);
    CHECK(std::string(buffer, n) == "1 ");
    CHECK_THROWS_AS(source->read(buffer, sizeof buffer), ctq::GzipError);
}

TEST_CASE("gzip headers with every optional field, and their CRC checked", "[gzip]") {
    // gzip() writes a bare 10-byte header; rebuild it with FEXTRA, FNAME, FCOMMENT and FHCRC.
    const std::string plain = gzip("{\"a\":1}\n");
    std::string header = plain.substr(0, 10);
    header[3] = static_cast<char>(4 | 8 | 16 | 2);
    header += std::string("\x03\x00xyz", 5) + std::string("name.json\0", 10) +
              std::string("a comment\0", 10);
    const uLong crc =
        crc32(0, reinterpret_cast<const Bytef*>(header.data()), static_cast<uInt>(header.size()));
    const std::string body = plain.substr(10);
    std::string sound = header;
    sound += static_cast<char>(crc & 0xff);
    sound += static_cast<char>((crc >> 8) & 0xff);
    sound += body;
    CHECK(drain(*sniffed(sound)) == "{\"a\":1}\n");
    CHECK(drain(*sniffed(sound + sound), 3) == "{\"a\":1}\n{\"a\":1}\n");

    std::string wrong = sound;
    wrong[header.size()] = static_cast<char>(wrong[header.size()] ^ 1);
    auto source = sniffed(wrong);
    char buffer[64];
    CHECK_THROWS_WITH(source->read(buffer, sizeof buffer), Catch::Contains("header crc mismatch"));
}

TEST_CASE("gzip: an unknown method, reserved flags and a bad trailer are damage", "[gzip]") {
    const std::string sound = gzip("{\"a\":1}\n");
    char buffer[64];
    std::string method = sound;
    method[2] = 7;
    CHECK_THROWS_WITH(sniffed(method)->read(buffer, sizeof buffer),
                      Catch::Contains("unknown compression method"));
    std::string flags = sound;
    flags[3] = static_cast<char>(0x20);
    CHECK_THROWS_WITH(sniffed(flags)->read(buffer, sizeof buffer),
                      Catch::Contains("unknown header flags set"));
    std::string trailer = sound;
    trailer[trailer.size() - 6] = static_cast<char>(trailer[trailer.size() - 6] ^ 1);  // CRC
    CHECK_THROWS_WITH(drain(*sniffed(trailer)), Catch::Contains("corrupt data"));
}
