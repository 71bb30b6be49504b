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

    const Value shared = Value::string("ab");
    const Value longer = ctq::add_into(shared, Value::string("c"));
    CHECK(longer.as_string() == "abc");
    CHECK(shared.as_string() == "ab");
    CHECK(longer.payload_id() != shared.payload_id());

    Object fields;
    fields.set("a", Value::number(1));
    Value object = Value::object(std::move(fields));
    Object more;
    more.set("b", Value::number(2));
    object = ctq::add_into(std::move(object), Value::object(std::move(more)));
    CHECK(object.as_object().size() == 2);
    CHECK_THROWS_AS(ctq::add_into(Value::number(1), Value::string("x")), ctq::JqError);
}
