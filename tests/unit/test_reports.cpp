// Unit tests for the CI reports: XML escaping, and the SARIF value read back as JSON.
#include <catch2/catch.hpp>
#include <string>

#include "ctq/input/json_reader.hpp"
#include "ctq/output/report.hpp"
#include "ctq/output/xml_writer.hpp"

using ctq::xml_escape;

TEST_CASE("xml: escaping text and attributes", "[report]") {
    CHECK(xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
    CHECK(xml_escape("tab\tnl\n") == "tab&#9;nl&#10;");
    CHECK(xml_escape("]]>") == "]]&gt;");
    CHECK(xml_escape(std::string("\x01", 1)) == "\xEF\xBF\xBD");
    CHECK(xml_escape("\xC3\xA9\xF0\x9F\x98\x80") == "\xC3\xA9\xF0\x9F\x98\x80");  // é, emoji kept
    CHECK(xml_escape("\xC3") == "\xEF\xBF\xBD");                                  // cut short
    CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(xml_escape("\xEF\xBF\xBE") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE
}

TEST_CASE("xml: elements close, empty ones in short form", "[report]") {
    ctq::XmlWriter xml;
    xml.start("a", {{"k", "v<"}});
    xml.start("b");
    xml.end();
    xml.start("c");
    xml.text("x&y");
    CHECK(
        xml.finish() ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a k=\"v&lt;\"><b/>\n<c>x&amp;y</c>\n</a>\n");
}

TEST_CASE("reports: a failed case carries its events", "[report]") {
    ctq::Report report;
    report.tool_version = "ctq-test";
    report.cases.push_back({"root_usage",
                            "Any call by root",
                            "Sigma x",
                            "none",
                            1,
                            false,
                            {{"a b.json", 4, R"({"reason":"root \"used\""})"}}});
    report.cases.push_back({"quiet", "", "", "none", 0, true, {}});
    const std::string junit = ctq::junit_report(report);
    CHECK(junit.find("tests=\"2\" failures=\"1\"") != std::string::npos);
    CHECK(junit.find("a b.json#4 {&quot;reason&quot;:&quot;root \\&quot;used\\&quot;&quot;}") !=
          std::string::npos);
    const ctq::Value sarif = ctq::parse_json(ctq::sarif_report(report));
    const ctq::Value run = sarif.field("runs").at(0);
    CHECK(run.field("tool").field("driver").field("rules").as_array().size() == 2);
    const ctq::Value result = run.field("results").at(0);
    CHECK(result.field("message").field("text").as_string() == "root \"used\"");
    CHECK(result.field("locations")
              .at(0)
              .field("physicalLocation")
              .field("artifactLocation")
              .field("uri")
              .as_string() == "a%20b.json");
    CHECK(result.field("properties").field("record").as_number() == 4);
    CHECK(run.field("results").as_array().size() == 1);
}
