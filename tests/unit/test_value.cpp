// Unit tests for Value and Object: sharing, insertion order, hashing, in-place updates.
#include <catch2/catch.hpp>

#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"
#include "ctq/eval/paths.hpp"
#include "ctq/value/value.hpp"

using ctq::Array;
using ctq::Object;
using ctq::Value;

TEST_CASE("copies share the payload", "[value]") {
    const Value doc = Value::array({Value::number(1), Value::string("x")});
    const Value copy = doc;
    CHECK(copy.payload_id() == doc.payload_id());
    const Value element = doc.as_array()[1];
    CHECK(element.payload_id() == doc.as_array()[1].payload_id());
}

TEST_CASE("objects keep insertion order, replace in place", "[value]") {
    Object o;
    o.set("b", Value::number(1));
    o.set("a", Value::number(2));
    o.set("b", Value::number(3));
    REQUIRE(o.size() == 2);
    CHECK(o.entry(0).first == "b");
    CHECK(o.entry(0).second.as_number() == 3);
    CHECK(o.erase("b"));
    CHECK_FALSE(o.contains("b"));
    CHECK(o.entry(0).first == "a");
}

TEST_CASE("large objects stay correct past the hash-index threshold", "[value]") {
    Object o;
    for (int i = 0; i < 5000; ++i) o.set("k" + std::to_string(i), Value::number(i));
    CHECK(o.size() == 5000);
    CHECK(o.find("k4321")->as_number() == 4321);
    CHECK(o.find("missing") == nullptr);
    o.erase("k10");
    CHECK(o.find("k11")->as_number() == 11);
    CHECK(o.entry(10).first == "k11");
    Object copy = o;
    CHECK(copy.find("k4999")->as_number() == 4999);
}

TEST_CASE("unique payloads can be updated in place, shared ones cannot", "[value]") {
    Value v = Value::array({Value::number(1)});
    CHECK(v.unique_array() != nullptr);
    const Value other = v;
    CHECK(v.unique_array() == nullptr);
}

TEST_CASE("setpath copies only along the path", "[value]") {
    const Value doc = Value::object([] {
        Object o;
        o.set("keep", Value::array({Value::number(1)}));
        o.set("change", Value::number(1));
        return o;
    }());
    const Value updated =
        ctq::set_path(doc, Value::array({Value::string("change")}), Value::number(2));
    CHECK(doc.field("change").as_number() == 1);
    CHECK(updated.field("change").as_number() == 2);
    CHECK(updated.field("keep").payload_id() == doc.field("keep").payload_id());
}

TEST_CASE("jq's total order", "[ops]") {
    CHECK(ctq::compare(Value::null(), Value::boolean(false)) < 0);
    CHECK(ctq::compare(Value::boolean(true), Value::number(-1)) < 0);
    CHECK(ctq::compare(Value::number(1e300), Value::string("")) < 0);
    CHECK(ctq::compare(Value::string("z"), Value::array({})) < 0);
    CHECK(ctq::compare(Value::array({}), Value::object({})) < 0);
    CHECK(ctq::compare(Value::string("a"), Value::string("ab")) < 0);
    CHECK(ctq::compare(Value::number(std::nan("")), Value::number(-1e300)) < 0);
}

namespace {
Value nested(int depth) {
    Value v = Value::number(1);
    for (int i = 0; i < depth; ++i) v = Value::array({v});
    return v;
}
}  // namespace

TEST_CASE("comparing deep values does not recurse natively; past 10,000 levels it is refused",
          "[ops]") {
    CHECK(ctq::compare(nested(9000), nested(9000)) == 0);
    CHECK_THROWS_WITH(ctq::compare(nested(200000), nested(200000)), "Comparison too deep");
}

TEST_CASE("add_into appends in place only to a payload it owns alone", "[value]") {
    Value owned = Value::array({Value::number(1)});
    const void* before = owned.payload_id();
    const Value sum = ctq::add_into(std::move(owned), Value::array({Value::number(2)}));
    CHECK(sum.payload_id() == before);
    CHECK(sum.as_array().size() == 2);
    CHECK(owned.is_null());  // a moved-from Value is null, not an array without a payload

    // Strings past Value::kMaxInline, so that they have payloads to share or not.
    const Value shared = Value::string("a string with a payload");
    const Value longer = ctq::add_into(shared, Value::string("!"));
    CHECK(longer.as_string() == "a string with a payload!");
    CHECK(shared.as_string() == "a string with a payload");
    CHECK(longer.payload_id() != shared.payload_id());
    // The first append moves the text into a buffer of its own; later ones grow that.
    Value alone = ctq::add_into(Value::string("a string held once"), Value::string("!"));
    const void* held = alone.payload_id();
    const Value grown = ctq::add_into(std::move(alone), Value::string("?"));
    CHECK(grown.payload_id() == held);
    CHECK(grown.as_string() == "a string held once!?");
    CHECK(grown.as_string().data()[grown.as_string().size()] == '\0');
    // A short string has no payload to grow in place: it becomes a longer one.
    const Value from_short = ctq::add_into(Value::string("short"), Value::string(" and longer"));
    CHECK(from_short.as_string() == "short and longer");

    Object fields;
    fields.set("a", Value::number(1));
    Value object = Value::object(std::move(fields));
    Object more;
    more.set("b", Value::number(2));
    object = ctq::add_into(std::move(object), Value::object(std::move(more)));
    CHECK(object.as_object().size() == 2);
    CHECK_THROWS_AS(ctq::add_into(Value::number(1), Value::string("x")), ctq::JqError);
}

TEST_CASE("a long built string is handed over, a shorter one copied into its payload", "[value]") {
    std::string big(5000, 'x');
    const char* built = big.data();
    const Value handed = Value::string(std::move(big));
    CHECK(handed.as_string().data() == built);  // no copy of a long text
    CHECK(handed.as_string().size() == 5000);
    std::string small(100, 'y');
    const Value copied = Value::string(std::move(small));
    CHECK(copied.as_string() == std::string(100, 'y'));
    CHECK(copied.as_string().data()[100] == '\0');
    // Either kind of payload serves as a key and as a value again.
    const ctq::Key key = ctq::Key::of(handed);
    CHECK(key.size() == 5000);
    CHECK(key.data() == built);
    CHECK(key.value().payload_id() == handed.payload_id());
    const Value from_view = Value::string(std::string_view("a view of a longer text"));
    CHECK(from_view.as_string() == "a view of a longer text");
}

TEST_CASE("short strings live inside the Value, longer ones in a payload", "[value]") {
    const std::string thirteen(Value::kMaxInline, 'x');
    const Value inline_text = Value::string(thirteen);
    const Value payload_text = Value::string(thirteen + "y");
    CHECK(inline_text.payload_id() == nullptr);
    CHECK(payload_text.payload_id() != nullptr);
    CHECK(inline_text.as_string() == thirteen);
    CHECK(payload_text.as_string() == thirteen + "y");
    // Both forms end in a NUL, for the C calls that read data().
    CHECK(inline_text.as_string().data()[Value::kMaxInline] == '\0');
    CHECK(Value::string("").as_string().data()[0] == '\0');

    // Any byte may be in a string, NUL included.
    const std::string with_nul("a\0b", 3);
    CHECK(Value::string(with_nul).as_string() == with_nul);
    CHECK(Value::string(with_nul).as_string().size() == 3);

    // Copies and moves carry the bytes; the moved-from Value is null.
    Value original = Value::string("us-east-1");
    const Value copy = original;
    Value moved = std::move(original);
    CHECK(copy.as_string() == "us-east-1");
    CHECK(moved.as_string() == "us-east-1");
    CHECK(original.is_null());
    moved = Value::string("eu-west-2");
    CHECK(moved.as_string() == "eu-west-2");
    CHECK(copy.as_string() == "us-east-1");
    Value a = Value::string("left");
    Value b = Value::string("a right side with a payload");
    a.swap(b);
    CHECK(a.as_string() == "a right side with a payload");
    CHECK(b.as_string() == "left");
}

TEST_CASE("an inline string and a payload string with the same text are the same value",
          "[value]") {
    // A key's value shares the key's payload, however short; a parsed string is inline.
    const Value from_key = ctq::Key::interned("awsRegion").value();
    const Value parsed = Value::string(std::string("awsRegion"));
    CHECK(from_key.payload_id() != nullptr);
    CHECK(parsed.payload_id() == nullptr);
    CHECK(ctq::compare(from_key, parsed) == 0);
    CHECK(ctq::compare(Value::string("awsRegio"), from_key) < 0);
    // And an inline string names the interned key, not a copy of its own.
    const ctq::Key key = ctq::Key::of(parsed);
    CHECK(key.is_interned());
    CHECK(key == "awsRegion");
    CHECK(ctq::Key::of(Value::string("not interned")) == "not interned");
}
