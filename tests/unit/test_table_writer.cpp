// Tests for --table: alignment, headers, wide characters, missing cells, streaming, truncation.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ctq/input/json_reader.hpp"
#include "ctq/output/table_writer.hpp"
#include "support.hpp"

namespace {

std::string table(const std::vector<std::string>& rows, ctq::TableOptions options = {}) {
    std::ostringstream out;
    ctq::TableWriter writer(out, options);
    for (const auto& row : rows) writer.add(ctq::parse_json(row));
    writer.finish();
    return out.str();
}

}  // namespace

TEST_CASE("table: the walkthrough header idiom", "[table]") {
    const std::string trail = R"({"Records":[
        {"eventTime":"2024-11-28T15:22:12Z","eventName":"ListObjects","sourceIPAddress":"AWS Internal"},
        {"eventTime":"2024-11-28T15:22:39Z","eventName":"PutObject"},
        {"eventTime":"2024-11-28T15:23:03Z","eventName":"GetBucketPolicy"}]})";
    auto rows = ctq::test::run(
        R"(["Event_Time","Event_Name","Source_IP"], (.Records[] | [.eventTime, .eventName, .sourceIPAddress]))",
        trail);
    CHECK(table(rows) ==
          "Event_Time            Event_Name       Source_IP\n"
          "2024-11-28T15:22:12Z  ListObjects      AWS Internal\n"
          "2024-11-28T15:22:39Z  PutObject\n"
          "2024-11-28T15:23:03Z  GetBucketPolicy\n");
}

TEST_CASE("table: cell kinds", "[table]") {
    CHECK(table({R"(["s", 1.5, null, true, [1,"a"], {"k":2}, 100000000000000000000])"}) ==
          "s  1.5    true  [1,\"a\"]  {\"k\":2}  100000000000000000000\n");
    CHECK(table({R"(["tab\there", "line\nbreak"])"}) == "tab\\there  line\\nbreak\n");
}

TEST_CASE("table: missing cells leave blanks, never trailing spaces", "[table]") {
    CHECK(table({"[1, 2, 3]", "[10]", "[null, 20]", "[]"}) ==
          "1   2   3\n"
          "10\n"
          "    20\n"
          "\n");
}

TEST_CASE("table: object rows take their keys as the header", "[table]") {
    CHECK(table({R"({"user":"glitch","event":"PutObject"})",
                 R"({"event":"ListBuckets","ip":"10.0.0.1"})",
                 R"({"ip":"53.94.201.69","user":"mcskidy"})"}) ==
          "user     event        ip\n"
          "glitch   PutObject\n"
          "         ListBuckets  10.0.0.1\n"
          "mcskidy               53.94.201.69\n");
}

TEST_CASE("table: scalars are one-cell rows", "[table]") {
    CHECK(table({R"("a b")", "42", "null", R"(["x", "y"])"}) == "a b\n42\n\nx    y\n");
    CHECK(table({R"(["only", "header"])"}) == "only  header\n");
    CHECK(table({}).empty());
}

TEST_CASE("table: wide and combining characters", "[table]") {
    CHECK(ctq::display_width("abc") == 3);
    CHECK(ctq::display_width("日本") == 4);
    CHECK(ctq::display_width("ＡＢ") == 4);
    CHECK(ctq::display_width("e\xCC\x81") == 1);  // e + COMBINING ACUTE ACCENT
    CHECK(ctq::display_width("\xFF") == 1);
    CHECK(
        table({R"(["name", "n"])", R"(["日本語", 1])", R"(["e\u0301te", 2])", R"(["plain", 3])"}) ==
        "name    n\n"
        "日本語  1\n"
        "e\xCC\x81te     2\n"
        "plain   3\n");
}

TEST_CASE("table: overlong cells are cut with an ellipsis", "[table]") {
    ctq::TableOptions options;
    options.max_cell_width = 6;
    CHECK(table({R"(["Event_Name", "ip"])", R"(["GetBucketPolicy", "10.0.0.1"])",
                 R"(["日本語です", "x"])"},
                options) ==
          "Event…  ip\n"
          "GetBu…  10.0.…\n"
          "日本…   x\n");
}

TEST_CASE("table: batches stream after the first N rows; a wider cell reprints the header",
          "[table]") {
    ctq::TableOptions options;
    options.batch_rows = 2;
    std::ostringstream out;
    ctq::TableWriter writer(out, options);
    writer.add(ctq::parse_json(R"(["a", "b"])"));
    writer.add(ctq::parse_json(R"(["x", 1])"));
    CHECK(out.str().empty());
    writer.add(ctq::parse_json(R"(["yy", 2])"));
    CHECK(out.str() == "a   b\nx   1\nyy  2\n");
    writer.add(ctq::parse_json(R"(["longer", 3])"));
    writer.add(ctq::parse_json(R"(["z", 4])"));
    // A wider cell in the last column moves nothing: no new header.
    writer.add(ctq::parse_json(R"(["w", 5000])"));
    writer.finish();
    CHECK(out.str() ==
          "a   b\nx   1\nyy  2\n"
          "a       b\nlonger  3\nz       4\nw       5000\n");
}

TEST_CASE("table: late object keys get a column, within the first batch", "[table]") {
    CHECK(table({R"({"a":1,"b":"x"})", R"({"a":2})", R"({"c":"late","a":3})",
                 R"({"b":"y","a":4})"}) ==
          "a  b  c\n"
          "1  x\n"
          "2\n"
          "3     late\n"
          "4  y\n");
}

TEST_CASE("table: late object keys after the first batch reprint the header", "[table]") {
    ctq::TableOptions options;
    options.batch_rows = 2;
    CHECK(table({R"({"eventName":"GetObject","user":"mcskidy"})",
                 R"({"eventName":"PutObject","user":"glitch"})",
                 R"({"eventName":"ListObjects","user":"glitch"})",
                 R"({"user":"glitch","eventName":"CreateUser","errorCode":"AccessDenied"})",
                 R"({"eventName":"GetObject","user":"mcskidy"})"},
                options) ==
          "eventName  user\n"
          "GetObject  mcskidy\n"
          "PutObject  glitch\n"
          // ListObjects is wider than the first batch's eventName column.
          "eventName    user\n"
          "ListObjects  glitch\n"
          // errorCode comes last, after the keys seen before it.
          "eventName    user     errorCode\n"
          "CreateUser   glitch   AccessDenied\n"
          "GetObject    mcskidy\n");
}

TEST_CASE("table: rows that fit never repeat the header", "[table]") {
    ctq::TableOptions options;
    options.batch_rows = 1;
    CHECK(table({R"({"k":"long value","v":1})", R"({"k":"short","v":2})", R"({"v":3})"}, options) ==
          "k           v\n"
          "long value  1\n"
          "short       2\n"
          "            3\n");
}
