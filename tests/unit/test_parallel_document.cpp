// Unit tests for one document read in pieces on threads (parallel_document.hpp): with works,
// each piece's records reach its work in order, the works come back in the document's order,
// and a piece that does not join up (damage, a work that gives up) sends the caller back to
// one reading. Also the reader's look past a text (JsonReader::more_text).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ctq/error.hpp"
#include "ctq/input/file_pieces.hpp"
#include "ctq/input/gzip_source.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/input/parallel_document.hpp"
#include "temp_file.hpp"

using namespace ctq;
using ctq::test::TempFile;

namespace {

// A work that keeps each record's "n", and gives up at the record whose "n" is `refuse`.
class Numbers : public PieceWork {
public:
    explicit Numbers(double refuse) : refuse_(refuse) {}
    bool take(const Value& record) override {
        const double n = record.as_object().find("n")->as_number();
        numbers.push_back(n);
        return n != refuse_;
    }
    std::vector<double> numbers;

private:
    double refuse_;
};

std::string records_document(int count, int damaged_at = -1) {
    std::string text = "{\"Records\":[";
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            text += ",\n";
        text += "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(40, 'x') + "\"}";
        if (i == damaged_at)
            text += "]";
    }
    return text + "]}\n";
}

// The numbers the works took, in order, then the caller's: the last piece read behind
// kRecordsOpening, as the input stream reads it. Empty when the pieces did not join up.
std::vector<double> read_in_pieces(const std::string& path, double refuse = -1) {
    std::optional<PiecePlan> plan = plan_pieces(path, 1024);
    REQUIRE(plan);
    REQUIRE(plan->starts.size() > 3);
    ParallelDocument document(path, *plan, 2, nullptr, nullptr,
                              [refuse] { return std::make_unique<Numbers>(refuse); });
    std::FILE* file = std::fopen(path.c_str(), "rb");
    REQUIRE(file);
    std::fseek(file, static_cast<long>(document.last_start()), SEEK_SET);
    PrefixedSource source(std::string(kRecordsOpening), std::make_unique<StreamSource>(file));
    JsonReader reader(source);
    reader.set_stream_records(true);
    std::vector<double> last;
    Value value;
    try {
        while (reader.next(value) && reader.last_was_record())
            last.push_back(value.as_object().find("n")->as_number());
    } catch (const JsonParseError&) {
    }
    std::optional<ParallelDocument::JoinedWork> joined = document.join_work();
    std::fclose(file);
    if (!joined)
        return {};
    std::vector<double> all;
    for (const auto& work : joined->works) {
        const auto& numbers = static_cast<Numbers&>(*work).numbers;
        all.insert(all.end(), numbers.begin(), numbers.end());
    }
    CHECK(joined->origin.values_before == all.size());
    all.insert(all.end(), last.begin(), last.end());
    return all;
}

}  // namespace

TEST_CASE("the works of a document's pieces take its records in order", "[pieces]") {
    const TempFile file(records_document(400));
    const std::vector<double> numbers = read_in_pieces(file.path);
    REQUIRE(numbers.size() == 400);
    for (std::size_t i = 0; i < numbers.size(); ++i) CHECK(numbers[i] == static_cast<double>(i));
}

TEST_CASE("pieces do not join up after damage or a work that gives up", "[pieces]") {
    CHECK(read_in_pieces(TempFile(records_document(400, 20)).path).empty());
    CHECK(read_in_pieces(TempFile(records_document(400)).path, 30).empty());
}

TEST_CASE("the reader looks past a text without moving", "[reader]") {
    StringSource source("{\"a\":1}\n\n  [2]  \n \t\n");
    JsonReader reader(source);
    Value value;
    REQUIRE(reader.next(value));
    const std::size_t line = reader.line();
    CHECK(reader.more_text());
    CHECK(reader.line() == line);
    REQUIRE(reader.next(value));
    CHECK(value.is_array());
    CHECK_FALSE(reader.more_text());
    CHECK_FALSE(reader.next(value));
    CHECK_FALSE(reader.more_text());
}
