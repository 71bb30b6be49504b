// Finding the CloudTrail events inside each input shape, for --records.
#include "ctq/input/records.hpp"

#include "ctq/input/json_reader.hpp"

namespace ctq {

namespace {

// Events embedded as JSON text (lookup-events, CloudWatch Logs) are parsed, then unwrapped
// again in case the text is itself a wrapper.
void unwrap_text(const Value& text, std::vector<Value>& out) {
    if (text.is_string()) {
        unwrap_records(parse_json(text.as_string()), out);
    } else if (!text.is_null()) {
        unwrap_records(text, out);
    }
}

void unwrap_each_field(const Value& array, const char* key, std::vector<Value>& out) {
    for (const Value& item : array.as_array()) {
        if (item.is_object())
            unwrap_text(item.field(key), out);
    }
}

}  // namespace

void unwrap_records(const Value& doc, std::vector<Value>& out) {
    if (doc.is_array()) {
        for (const Value& item : doc.as_array()) unwrap_records(item, out);
        return;
    }
    if (!doc.is_object()) {
        out.push_back(doc);
        return;
    }
    const Object& object = doc.as_object();
    if (const Value* records = object.find("Records"); records && records->is_array()) {
        for (const Value& record : records->as_array()) out.push_back(record);
    } else if (const Value* events = object.find("Events"); events && events->is_array()) {
        unwrap_each_field(*events, "CloudTrailEvent", out);
    } else if (const Value* event = object.find("CloudTrailEvent"); event && event->is_string()) {
        unwrap_text(*event, out);
    } else if (const Value* log = object.find("logEvents"); log && log->is_array()) {
        unwrap_each_field(*log, "message", out);
    } else if (const Value* cw = object.find("events"); cw && cw->is_array()) {
        unwrap_each_field(*cw, "message", out);
    } else if (const Value* detail = object.find("detail");
               detail && detail->is_object() && object.contains("detail-type")) {
        out.push_back(*detail);
    } else {
        out.push_back(doc);
    }
}

}  // namespace ctq
