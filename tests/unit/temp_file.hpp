// A file with given contents for the unit tests, removed when the test ends.
#pragma once

#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

namespace ctq::test {

struct TempFile {
    std::string path;
    /// `text` as the file's bytes, or gzipped into it.
    explicit TempFile(const std::string& text, bool gzipped = false) {
        // In the temp directory: a test killed midway must not litter the working tree.
        std::string name = (std::filesystem::temp_directory_path() / "ctq-test-XXXXXX").string();
        const int fd = mkstemp(name.data());
        REQUIRE(fd >= 0);
        close(fd);
        path = name;
        if (gzipped) {
            gzFile gz = gzopen(path.c_str(), "wb");
            gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
            gzclose(gz);
        } else {
            std::FILE* f = std::fopen(path.c_str(), "wb");
            std::fwrite(text.data(), 1, text.size(), f);
            std::fclose(f);
        }
    }
    ~TempFile() { std::remove(path.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

}  // namespace ctq::test
