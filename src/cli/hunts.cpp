// --hunt with several detections: choosing them, the one-pass filter, and their tallies.
#include "hunts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ctq/error.hpp"
#include "ctq/output/json_writer.hpp"
#include "options.hpp"

namespace ctq::cli {

namespace {

std::vector<std::string> split_names(const std::string& spec) {
    std::vector<std::string> names;
    std::size_t at = 0;
    while (at <= spec.size()) {
        std::size_t comma = spec.find(',', at);
        if (comma == std::string::npos)
            comma = spec.size();
        names.push_back(spec.substr(at, comma - at));
        at = comma + 1;
    }
    return names;
}

// Every event once, with its file and its number in that file. The state starts at record -1
// so that the first event, even from stdin (file null), starts a new file at 0.
constexpr const char* located_events = R"(def _located:
  foreach (inputs | input_filename as $f | records | {file: $f, event: .}) as $e
    ({file: null, record: -1};
     if .record >= 0 and .file == $e.file then .record += 1 else {file: $e.file, record: 0} end;
     {file, record, event: $e.event});
)";

std::string call(const HuntInfo& hunt, const std::string& ip) {
    std::string text = "hunt_" + hunt.name;
    if (hunt.needs_ip)  // a JSON string is a jq string literal
        text += "(" + to_json(Value::string(ip)) + ")";
    return text;
}

}  // namespace

std::vector<HuntInfo> select_hunts(const std::string& spec) {
    const std::vector<std::string> names = split_names(spec);
    const bool all = std::find(names.begin(), names.end(), "all") != names.end();
    for (const std::string& name : names) {
        const auto& known = builtin_hunts();
        if (name != "all" && std::none_of(known.begin(), known.end(),
                                          [&](const HuntInfo& h) { return h.name == name; }))
            throw UsageError(fmt::format("no hunt named {} (see --list-hunts)", name));
    }
    std::vector<HuntInfo> chosen;
    for (const HuntInfo& hunt : builtin_hunts()) {
        const bool named = std::find(names.begin(), names.end(), hunt.name) != names.end();
        if (named || (all && !hunt.needs_ip))
            chosen.push_back(hunt);
    }
    return chosen;
}

std::string hunts_filter(const std::vector<HuntInfo>& hunts, const std::string& ip) {
    std::vector<std::string> each;   // hunts of one event at a time
    std::vector<std::string> whole;  // [all] hunts, over the array of every event
    for (const HuntInfo& hunt : hunts) {
        const std::string name = to_json(Value::string(hunt.name));
        if (hunt.needs_all) {
            // Such a finding names its first event by time and principal: find it again.
            whole.push_back(
                fmt::format("($all | map(.event) | {} | . as $f | {{hunt: {}, finding: $f}} + "
                            "(first($all[] | select(.event.eventTime == $f.eventTime and "
                            "(.event | principal) == $f.principal) | {{file, record}}) "
                            "// {{file: null, record: null}}))",
                            call(hunt, ip), name));
        } else {
            each.push_back(
                fmt::format("({} | {{hunt: {}, file: $at.file, record: $at.record, finding: .}})",
                            call(hunt, ip), name));
        }
    }
    std::string per_event = "empty";
    if (!each.empty()) {
        per_event = ". as $at | .event | (";
        for (std::size_t i = 0; i < each.size(); ++i) per_event += (i ? ", " : "") + each[i];
        per_event += ")";
    }
    std::string text = std::string("include \"cloudtrail\";\n") + located_events;
    if (whole.empty())
        return text + "_located | " + per_event;
    text += "[_located] as $all | ($all[] | " + per_event + ")";
    for (const std::string& w : whole) text += ", " + w;
    return text;
}

HuntResults::HuntResults(const std::vector<HuntInfo>& hunts) {
    for (const HuntInfo& hunt : hunts) tallies_.push_back({hunt, 0, {}});
}

Value HuntResults::add(const Value& output) {
    const std::string name(output.field("hunt").as_string());
    const Value finding = output.field("finding");
    for (HuntTally& tally : tallies_) {
        if (tally.hunt.name != name)
            continue;
        ++tally.count;
        {
            const Value file = output.field("file");
            const Value record = output.field("record");
            tally.findings.push_back(
                {file.is_string() ? std::string(file.as_string()) : "<stdin>",
                 record.is_number() ? static_cast<std::uint64_t>(record.as_number()) : 0,
                 to_json(finding)});
        }
    }
    if (tallies_.size() == 1)
        return finding;
    Object shown;
    shown.set("hunt", Value::string(name));
    if (finding.is_object())
        for (const auto& [key, value] : finding.as_object()) shown.set(key, value);
    return Value::object(std::move(shown));
}

std::string HuntResults::failure_lines(const Expectation& expectation) const {
    std::string lines;
    for (const HuntTally& tally : tallies_) {
        if (expectation.holds(tally.count))
            continue;
        lines += fmt::format("ctq: hunt {}: ", tally.hunt.name);
        // failure_line's "ctq: " prefix is already said once.
        lines +=
            failure_line(expectation, tally.count,
                         {tally.findings.begin(),
                          tally.findings.begin() + std::min<std::size_t>(1, tally.findings.size())})
                .substr(5);
    }
    return lines;
}

}  // namespace ctq::cli
