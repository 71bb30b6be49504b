// Reports for CI systems (--report junit=FILE, sarif=FILE): what was asserted, and what broke it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ctq {

/// One output or finding, with where its input came from.
struct ReportEvent {
    std::string file;         // input_filename, or "<stdin>"
    std::uint64_t index = 0;  // the record's number within its file, from 0
    std::string json;         // the output or finding, compact JSON
};

/// One assertion: the main filter's --expect, or one hunt's.
struct ReportCase {
    std::string name;         // "expect none" or the hunt's name
    std::string description;  // what it looks for
    std::string source;       // Sigma rule ids / CIS controls, for hunts
    std::string expectation;  // as given to --expect
    std::uint64_t count = 0;
    bool passed = true;
    std::vector<ReportEvent> events;  // those kept: every finding of a hunt
};

struct Report {
    std::string tool_version;  // "ctq-0.1.0"
    std::vector<ReportCase> cases;
};

/// JUnit XML: one <testsuite>, one <testcase> per case, a <failure> carrying the events.
std::string junit_report(const Report& report);

/// SARIF 2.1.0: one rule per case, one result per event of a failed case.
std::string sarif_report(const Report& report);

/// Writes `text` to a temporary file beside `path`, then renames it over `path`: a reader never
/// sees a partial report. Throws std::runtime_error with a message naming `path`.
void write_report_file(const std::string& path, const std::string& text);

}  // namespace ctq
