// Unit tests for object keys: interning, sharing text with string values, thread safety.
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../../src/input/shared_strings.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/value/value.hpp"

using ctq::Key;
using ctq::Object;
using ctq::SharedStrings;
using ctq::Value;

TEST_CASE("interned keys are one per text; own keys compare by text", "[keys]") {
    const Key a = Key::interned("eventSource");
    const Key b = Key::interned(std::string("event") + "Source");
    CHECK(a.is_interned());
    CHECK(a.data() == b.data());
    const Key own(std::string("eventSource"));  // text, not a literal: a key of its own
    CHECK_FALSE(own.is_interned());
    CHECK(own == a);
    CHECK(a == own);
    CHECK(a == "eventSource");
    CHECK("eventSource" == a);
    CHECK(a != Key::interned("eventName"));
    CHECK(a != std::string("eventName"));
    CHECK(Key::existing("eventSource").is_interned());
    CHECK_FALSE(Key::existing("a key nobody interned").is_interned());
    CHECK(Key::interned("b") < Key("c"));
    CHECK(Key("a literal key").is_interned());  // keys written in the code allocate nothing
}

TEST_CASE("keys past 64 bytes and the empty key", "[keys]") {
    const std::string long_text(65, 'k');
    CHECK_FALSE(Key::interned(long_text).is_interned());
    CHECK(Key::interned(long_text) == long_text);
    CHECK(Key::interned("").is_interned());
    CHECK(Key("").empty());
    Key moved("moved away");
    const Key taken = std::move(moved);
    CHECK(taken == "moved away");
    moved = Key("assigned again");  // a moved-from key can be assigned to
    CHECK(moved == "assigned again");
}

TEST_CASE("keys and string values share their text", "[keys]") {
    const Value s = Value::string("requestParameters");
    const Key k = Key::of(s);
    CHECK(k.str().data() == s.as_string().data());
    const Value back = k.value();
    CHECK(back.payload_id() == s.payload_id());
    Object o;
    o.set(k, Value::number(1));
    o.set(Key::interned("requestParameters"), Value::number(2));
    CHECK(o.size() == 1);
    CHECK(o.find("requestParameters")->as_number() == 2);
    CHECK(Key::interned("awsRegion").value().as_string() == "awsRegion");
}

TEST_CASE("a reader interns a key the second time it sees it", "[keys]") {
    SharedStrings strings;
    const std::string text = "aReaderKeyNoOtherTestUses";
    CHECK_FALSE(strings.key(text, 0).is_interned());
    CHECK(strings.key(text, 0).is_interned());
    CHECK(strings.key(text, 0).is_interned());
    // Another key at the same place, and the same key at another place, are still found right.
    const std::string other = "anotherKeyNoOtherTestUses";
    strings.key(other, 0);
    CHECK(strings.key(other, 0) == other);
    CHECK(strings.key(other, 0).is_interned());
    CHECK(strings.key(text, 0) == text);
    CHECK(strings.key(text, 7) == text);
    CHECK(strings.key(text, 7).data() == strings.key(text, 0).data());
}

TEST_CASE("threads interning the same keys get the same ones", "[keys]") {
    constexpr int kThreads = 4;
    constexpr int kKeys = 500;
    std::vector<std::vector<const char*>> seen(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t, &seen] {
            for (int i = 0; i < kKeys; ++i) {
                const Key k = Key::interned("threaded-" + std::to_string(i));
                seen[t].push_back(k.data());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 1; t < kThreads; ++t) CHECK(seen[t] == seen[0]);
}

TEST_CASE("objects read from JSON share the keys they repeat", "[keys]") {
    ctq::StringSource text(
        R"([{"keyOfReadRecords":1},{"keyOfReadRecords":2},{"keyOfReadRecords":3}])");
    ctq::JsonReader reader(text);
    Value doc;
    REQUIRE(reader.next(doc));
    const auto& records = doc.as_array();
    const Key& second = records[1].as_object().entry(0).first;
    const Key& third = records[2].as_object().entry(0).first;
    CHECK(second.is_interned());
    CHECK(second.data() == third.data());
    CHECK(records[2].field("keyOfReadRecords").as_number() == 3);
}
