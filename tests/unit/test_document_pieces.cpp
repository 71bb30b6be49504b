// Unit tests for printing `.` piece by piece: the reader's document heads and repeated keys,
// the first reading of a file (document_check), and the pieces of the DocumentWriter, which
// must join into exactly what write_json prints for the whole document.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ctq/input/document_check.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/output/document_writer.hpp"
#include "ctq/output/json_writer.hpp"
#include "temp_file.hpp"

using namespace ctq;
using ctq::test::TempFile;

namespace {

// What the reader hands out for `text` with record streaming: for each value, its JSON, and
// for a document's first record the head before it ("head:{...}").
std::vector<std::string> streamed(const std::string& text) {
    StringSource source(text);
    JsonReader reader(source);
    reader.set_stream_records(true);
    std::vector<std::string> out;
    Value value;
    while (reader.next(value)) {
        const Value head = reader.take_record_head();
        if (!head.is_null())
            out.push_back("head:" + to_json(head));
        out.push_back(to_json(value));
    }
    return out;
}

// The document printed in pieces, the way the CLI does: head, records, rest.
std::string in_pieces(const std::string& text, const WriterOptions& options) {
    StringSource source(text);
    JsonReader reader(source);
    reader.set_stream_records(true);
    DocumentWriter writer(options);
    std::string out;
    bool open = false;
    Value value;
    while (reader.next(value)) {
        if (reader.last_was_record()) {
            const Value head = reader.take_record_head();
            if (head.is_object()) {
                writer.open(out, head.as_object());
                open = true;
            }
            writer.record(out, value);
        } else if (open) {
            writer.close(out, value);
            open = false;
            out += '\n';
        } else {
            write_json(out, value, options);
            out += '\n';
        }
    }
    return out;
}

std::string whole(const std::string& text, const WriterOptions& options) {
    StringSource source(text);
    JsonReader reader(source);
    std::string out;
    Value value;
    while (reader.next(value)) {
        write_json(out, value, options);
        out += '\n';
    }
    return out;
}

}  // namespace

TEST_CASE("a streamed document's first record comes with the members before Records", "[pieces]") {
    CHECK(streamed(R"({"a":1,"b":[2],"Records":[{"x":1},{"y":2}],"c":3})") ==
          std::vector<std::string>{R"(head:{"a":1,"b":[2]})", R"({"x":1})", R"({"y":2})",
                                   R"({"a":1,"b":[2],"Records":[],"c":3})"});
    CHECK(streamed(R"({"Records":[1]}{"Records":[2,3]})") ==
          std::vector<std::string>{"head:{}", "1", R"({"Records":[]})", "head:{}", "2", "3",
                                   R"({"Records":[]})"});
    // Nothing to stream, no head.
    CHECK(streamed(R"({"Records":[]} [1])") ==
          std::vector<std::string>{R"({"Records":[]})", "[1]"});
}

TEST_CASE("the reader says when a top-level object repeated a key", "[pieces]") {
    const auto repeated = [](const std::string& text) {
        StringSource source(text);
        JsonReader reader(source);
        std::vector<bool> out;
        Value value;
        while (reader.next(value)) out.push_back(reader.last_repeated_a_key());
        return out;
    };
    CHECK(
        repeated(R"({"a":1,"a":2} {"a":1,"b":{"c":1,"c":2}} [1,1] {"Records":[],"Records":[]})") ==
        std::vector<bool>{true, false, false, true});
}

TEST_CASE("a file prints in pieces only when nothing in it can fail or repeat", "[pieces]") {
    CHECK(documents_print_in_pieces(TempFile(R"({"Records":[{"a":1}]} [1] "x")").path));
    CHECK(documents_print_in_pieces(TempFile(R"({"Records":[{"a":1,"a":2}]})").path));
    CHECK(documents_print_in_pieces(TempFile(R"({"Records":[1,2]})", true).path));
    CHECK_FALSE(documents_print_in_pieces(TempFile(R"({"Records":[1],"Records":[2]})").path));
    CHECK_FALSE(documents_print_in_pieces(TempFile(R"({"Records":[1]} {"x":1,"x":2})").path));
    CHECK_FALSE(documents_print_in_pieces(TempFile(R"({"Records":[1,2)").path));
    CHECK_FALSE(documents_print_in_pieces(TempFile(R"({"Records":[1]} {"Records":[2],})").path));
    CHECK_FALSE(documents_print_in_pieces(TempFile(R"({"Records":[1]})", true).path + ".none"));
    CHECK_FALSE(documents_print_in_pieces("/dev/stdin"));  // not a regular file
}

TEST_CASE("the pieces join into write_json's text in every style", "[pieces]") {
    const std::vector<std::string> documents = {
        R"({"Records":[{"a":1,"b":[true,null,{"c":"é"}]},[],{},"s",2.5,[[1]]]})",
        R"({"z":{"q":[1,2]},"k":"\u0001","Records":[{"x":1},{"y":{}}],"after":[3],"t":{}})",
        R"({"Records":[1]}{"Records":[]}{"h":1,"Records":[{"a":[]},{"b":2}]} [1] "x")",
    };
    std::vector<WriterOptions> styles(8);
    styles[1].indent = 0;
    styles[2].tab = true;
    styles[3].indent = 7;
    styles[4].color = true;
    styles[5].color = true;
    styles[5].indent = 0;
    styles[6].ascii = true;
    styles[7].color = true;
    REQUIRE(styles[7].palette.apply_jq_colors("4;31:0;32:0;33:0;34:1;35:1;36:1;37:4;32"));
    for (const std::string& text : documents) {
        for (std::size_t i = 0; i < styles.size(); ++i) {
            INFO("document " << text << ", style " << i);
            CHECK(in_pieces(text, styles[i]) == whole(text, styles[i]));
        }
    }
}

TEST_CASE("a record nested almost to the reader's depth limit prints the same", "[pieces]") {
    const std::string deep = std::string(9990, '[') + std::string(9990, ']');
    const std::string text = R"({"Records":[)" + deep + "]}";
    WriterOptions compact;
    compact.indent = 0;
    CHECK(in_pieces(text, compact) == whole(text, compact));
}

TEST_CASE("a document printed by two writers, the second resuming, joins up", "[pieces]") {
    // As `.` prints a big file cut inside "Records": the first piece opens the document, the
    // last one, read behind {"Records":[, resumes after the other's records and closes it.
    const std::string text = R"({"Records":[{"a":1},[2],"three",{"b":{"c":[]}}],"after":{"d":4}})";
    std::vector<WriterOptions> styles(4);
    styles[1].indent = 0;
    styles[2].tab = true;
    styles[3].color = true;
    for (std::size_t i = 0; i < styles.size(); ++i) {
        INFO("style " << i);
        StringSource source(text);
        JsonReader reader(source);
        reader.set_stream_records(true);
        std::vector<Value> records;
        Value value;
        while (reader.next(value) && reader.last_was_record()) records.push_back(value);
        const Value rest = value;  // {"Records":[],"after":...}
        for (std::size_t cut = 1; cut < records.size(); ++cut) {
            std::string out;
            DocumentWriter first(styles[i]);
            first.open(out, Object());
            for (std::size_t k = 0; k < cut; ++k) first.record(out, records[k]);
            DocumentWriter second(styles[i]);
            second.resume(Object());
            for (std::size_t k = cut; k < records.size(); ++k) second.record(out, records[k]);
            second.close(out, rest);
            out += '\n';
            CHECK(out == whole(text, styles[i]));
        }
    }
}
