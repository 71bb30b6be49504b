// The explorer's line editor: UTF-8 moves, words, kill and yank, undo; and its history file.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "ctq/explore/history.hpp"
#include "ctq/explore/line_editor.hpp"

using ctq::explore::History;
using ctq::explore::LineEditor;

TEST_CASE("typing inserts at the cursor", "[line_editor]") {
    LineEditor e;
    e.insert(".Records");
    e.home();
    e.insert("[");
    e.end();
    e.insert("]");
    CHECK(e.text() == "[.Records]");
    CHECK(e.cursor() == e.text().size());
}

TEST_CASE("pasted newlines and tabs become spaces", "[line_editor]") {
    LineEditor e;
    e.insert(".a |\n\t.b");
    CHECK(e.text() == ".a |  .b");
}

TEST_CASE("moves and deletes step over whole UTF-8 characters", "[line_editor]") {
    LineEditor e("\"説明書\"");
    REQUIRE(e.cursor() == e.text().size());
    e.left();  // over the closing quote
    e.left();  // over 書 (3 bytes)
    CHECK(e.cursor() == 1 + 3 + 3);
    CHECK(e.backspace());  // 明
    CHECK(e.text() == "\"説書\"");
    e.home();
    e.right();
    CHECK(e.delete_forward());  // 説
    CHECK(e.text() == "\"書\"");
    CHECK(ctq::explore::columns_of("説明") == 4);
}

TEST_CASE("word moves follow jq identifiers", "[line_editor]") {
    LineEditor e(".Records[] | .userIdentity.arn");
    e.word_left();
    CHECK(e.text().substr(e.cursor()) == "arn");
    e.word_left();
    CHECK(e.text().substr(e.cursor()) == "userIdentity.arn");
    e.word_right();
    CHECK(e.text().substr(e.cursor()) == ".arn");
    e.home();
    CHECK_FALSE(e.word_left());
}

TEST_CASE("kill and yank", "[line_editor]") {
    LineEditor e(".Records[] | .eventName");
    e.kill_word_before();
    CHECK(e.text() == ".Records[] | .");
    e.yank();
    CHECK(e.text() == ".Records[] | .eventName");
    e.home();
    e.word_right();  // after Records
    CHECK(e.kill_to_end());
    CHECK(e.text() == ".Records");
    e.end();
    e.yank();
    CHECK(e.text() == ".Records[] | .eventName");
    CHECK(e.kill_to_start());
    CHECK(e.text().empty());
    CHECK_FALSE(e.backspace());
}

TEST_CASE("undo goes back one change at a time", "[line_editor]") {
    LineEditor e;
    e.insert(".a");
    e.insert(".b");
    e.backspace();
    CHECK(e.text() == ".a.");
    CHECK(e.undo());
    CHECK(e.text() == ".a.b");
    CHECK(e.undo());
    CHECK(e.text() == ".a");
    CHECK(e.undo());
    CHECK(e.text().empty());
    CHECK_FALSE(e.undo());
}

TEST_CASE("replace_before_cursor puts a completion in", "[line_editor]") {
    LineEditor e(".Records[0].userI");
    e.replace_before_cursor(12, "userIdentity");
    CHECK(e.text() == ".Records[0].userIdentity");
    CHECK(e.cursor() == e.text().size());
}

namespace {

std::string temp_dir() {
    char name[] = "/tmp/ctq-history-test-XXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    return name;
}

}  // namespace

TEST_CASE("history is kept as JSON lines and survives a restart", "[history]") {
    const std::string dir = temp_dir();
    const std::string path = dir + "/state/ctq/history";
    {
        History h(path);
        CHECK(h.entries().empty());
        CHECK_FALSE(h.add(".Records[] | .eventName"));
        CHECK_FALSE(h.add("select(.a == \"x\\ny\")"));
        CHECK_FALSE(h.add(".Records[] | .eventName"));  // moves to the newest
    }
    History again(path);
    REQUIRE(again.entries().size() == 2);
    CHECK(again.entries()[0] == "select(.a == \"x\\ny\")");
    CHECK(again.entries()[1] == ".Records[] | .eventName");
    CHECK(again.search_back("eventName", 2) == std::optional<std::size_t>(1));
    CHECK(again.search_back("select", 2) == std::optional<std::size_t>(0));
    CHECK(again.search_back("eventName", 1) == std::nullopt);
    std::remove(path.c_str());
}

TEST_CASE("the history path follows XDG_STATE_HOME", "[history]") {
    const char* saved = std::getenv("XDG_STATE_HOME");
    const std::string keep = saved ? saved : "";
    setenv("XDG_STATE_HOME", "/somewhere/state", 1);
    CHECK(ctq::explore::default_history_path() == "/somewhere/state/ctq/history");
    setenv("XDG_STATE_HOME", "relative/is/ignored", 1);
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/')
        CHECK(ctq::explore::default_history_path() ==
              std::string(home) + "/.local/state/ctq/history");
    if (saved)
        setenv("XDG_STATE_HOME", keep.c_str(), 1);
    else
        unsetenv("XDG_STATE_HOME");
}
