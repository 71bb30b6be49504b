// --records: the CloudTrail events inside the shapes that carry them (S3, lookup-events, ...).
#pragma once

#include <vector>

#include "ctq/value/value.hpp"

namespace ctq {

/// Appends to `out` the CloudTrail events that `doc` carries:
///   {"Records":[e...]}                       S3 delivery
///   {"Events":[{"CloudTrailEvent":"<json>"}]} aws cloudtrail lookup-events (or one such item)
///   {"events":[{"message":"<json>"}]}         aws logs filter-log-events
///   {"logEvents":[{"message":"<json>"}]}      CloudWatch Logs subscription payload
///   {"detail-type":..., "detail":e}           EventBridge
///   [e...]                                    an array of any of these
///   e                                         anything else is itself an event (NDJSON)
/// Throws JsonParseError when an embedded JSON string does not parse.
void unwrap_records(const Value& doc, std::vector<Value>& out);

}  // namespace ctq
