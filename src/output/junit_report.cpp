// JUnit XML for CI systems: one test case per assertion, failures carrying what broke them.
#include <fmt/format.h>

#include "ctq/output/report.hpp"
#include "ctq/output/xml_writer.hpp"

namespace ctq {

std::string junit_report(const Report& report) {
    std::size_t failed = 0;
    for (const ReportCase& c : report.cases) failed += c.passed ? 0 : 1;
    const std::string tests = std::to_string(report.cases.size());
    XmlWriter xml;
    xml.start("testsuites",
              {{"name", "ctq"}, {"tests", tests}, {"failures", std::to_string(failed)}});
    xml.start("testsuite", {{"name", "ctq"},
                            {"tests", tests},
                            {"failures", std::to_string(failed)},
                            {"errors", "0"},
                            {"skipped", "0"}});
    for (const ReportCase& c : report.cases) {
        const bool hunt = !c.source.empty();
        xml.start("testcase", {{"classname", hunt ? "ctq.hunt" : "ctq.expect"}, {"name", c.name}});
        if (!c.passed) {
            xml.start("failure",
                      {{"type", "expectation"},
                       {"message", fmt::format("--expect {}, got {}", c.expectation, c.count)}});
            std::string body;
            for (const ReportEvent& e : c.events)
                body += fmt::format("{}#{} {}\n", e.file, e.index, e.json);
            xml.text(body);
            xml.end();
        }
        if (!c.description.empty()) {
            xml.start("system-out");
            xml.text(hunt ? fmt::format("{} ({})", c.description, c.source) : c.description);
            xml.end();
        }
        xml.end();
    }
    return xml.finish();
}

}  // namespace ctq
