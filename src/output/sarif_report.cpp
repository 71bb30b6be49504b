// SARIF 2.1.0 for code-scanning views: built as a Value, serialised by the JSON writer.
#include <cctype>

#include "ctq/input/json_reader.hpp"
#include "ctq/output/json_writer.hpp"
#include "ctq/output/report.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

namespace {

Value text_of(const std::string& text) {
    Object o;
    o.set("text", Value::string(text));
    return Value::object(std::move(o));
}

// A file path as a relative URI reference: anything but unreserved characters and '/' is
// percent-encoded.
std::string path_uri(const std::string& path) {
    std::string uri;
    for (char ch : path) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            uri += ch;
        } else {
            constexpr const char* hex = "0123456789ABCDEF";
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri;
}

Value rule(const ReportCase& c) {
    Object r;
    r.set("id", Value::string(c.name));
    r.set("shortDescription", text_of(c.description.empty() ? c.name : c.description));
    if (!c.source.empty())
        r.set("fullDescription", text_of(c.description + " (" + c.source + ")"));
    Object properties;
    properties.set("source", Value::string(c.source));
    r.set("properties", Value::object(std::move(properties)));
    return Value::object(std::move(r));
}

Value result(const ReportCase& c, std::size_t rule_index, const ReportEvent& e) {
    Object r;
    r.set("ruleId", Value::string(c.name));
    r.set("ruleIndex", Value::number(static_cast<double>(rule_index)));
    r.set("level", Value::string("error"));
    Value event = parse_json(e.json);
    const Value reason = event.is_object() ? event.field("reason") : Value::null();
    r.set("message",
          text_of(reason.is_string() ? std::string(reason.as_string()) : c.name + ": " + e.json));
    if (e.file != "<stdin>") {
        Object artifact;
        artifact.set("uri", Value::string(path_uri(e.file)));
        Object physical;
        physical.set("artifactLocation", Value::object(std::move(artifact)));
        Object location;
        location.set("physicalLocation", Value::object(std::move(physical)));
        r.set("locations", Value::array({Value::object(std::move(location))}));
    }
    Object properties;
    properties.set("file", Value::string(e.file));
    properties.set("record", Value::number(static_cast<double>(e.index)));
    properties.set("event", std::move(event));
    r.set("properties", Value::object(std::move(properties)));
    return Value::object(std::move(r));
}

}  // namespace

std::string sarif_report(const Report& report) {
    Array rules;
    Array results;
    for (std::size_t i = 0; i < report.cases.size(); ++i) {
        const ReportCase& c = report.cases[i];
        rules.push_back(rule(c));
        if (!c.passed)
            for (const ReportEvent& e : c.events) results.push_back(result(c, i, e));
    }
    Object driver;
    driver.set("name", Value::string("ctq"));
    driver.set("version", Value::string(report.tool_version));
    driver.set("rules", Value::array(std::move(rules)));
    Object tool;
    tool.set("driver", Value::object(std::move(driver)));
    Object run;
    run.set("tool", Value::object(std::move(tool)));
    run.set("results", Value::array(std::move(results)));
    Object sarif;
    sarif.set("$schema", Value::string("https://json.schemastore.org/sarif-2.1.0.json"));
    sarif.set("version", Value::string("2.1.0"));
    sarif.set("runs", Value::array({Value::object(std::move(run))}));
    return to_json(Value::object(std::move(sarif))) + "\n";
}

}  // namespace ctq
