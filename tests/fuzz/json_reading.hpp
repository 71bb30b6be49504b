// Reading every JSON text out of a byte source, as a comparable record, for the reader targets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/input/gzip_source.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"

namespace ctq::fuzz {

/// Hands out its bytes a few at a time (1, 2, ... 7, then 1 again), so that values, strings,
/// escapes, UTF-8 sequences and the "Records" key straddle the reader's refills. A StringSource
/// gives a small input in one piece, and the refill paths would never run.
class TrickleSource : public ByteSource {
public:
    explicit TrickleSource(std::string_view text) : text_(text) {}
    std::size_t read(char* buffer, std::size_t size) override {
        step_ = step_ % 7 + 1;
        const std::size_t n = std::min({size, step_, text_.size() - pos_});
        std::memcpy(buffer, text_.data() + pos_, n);
        pos_ += n;
        return n;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t step_ = 0;
};

/// What a reader made of its input: the compact text of each whole document, and the error
/// that ended it ("" if none). With record streaming, each document is put back together from
/// its streamed records, so a streamed read must equal a plain one.
struct Reading {
    std::vector<std::string> documents;
    std::string error;

    bool operator==(const Reading& other) const {
        return documents == other.documents && error == other.error;
    }
};

inline Reading read_all(ByteSource& source, bool stream_records) {
    Reading reading;
    JsonReader reader(source);
    reader.set_stream_records(stream_records);
    Array records;
    Value value;
    try {
        while (reader.next(value)) {
            if (reader.last_was_record()) {
                records.push_back(value);
                continue;
            }
            if (reader.last_document_streamed()) {
                Object whole = value.as_object();
                whole.set("Records", Value::array(std::move(records)));
                records.clear();
                value = Value::object(std::move(whole));
            }
            reading.documents.push_back(to_json(value));
        }
    } catch (const JsonParseError& error) {
        reading.error = std::string("json: ") + error.what();
    } catch (const GzipError& error) {
        reading.error = std::string("gzip: ") + error.what();
    }
    return reading;
}

/// Stops the process with both readings on stderr, so libFuzzer records the input.
inline void require_same(const Reading& expected, const Reading& actual, const char* what) {
    if (expected == actual)
        return;
    auto dump = [](const char* name, const Reading& r) {
        std::fprintf(stderr, "%s: %zu documents, error \"%s\"\n", name, r.documents.size(),
                     r.error.c_str());
        for (const std::string& text : r.documents)
            std::fprintf(stderr, "  %.200s\n", text.c_str());
    };
    std::fprintf(stderr, "reader mismatch: %s\n", what);
    dump("expected", expected);
    dump("actual", actual);
    std::abort();
}

}  // namespace ctq::fuzz
