// Filters whose input documents may be run record by record, as their "Records" are read:
// the shapes both the batch run (src/cli/run_streaming.cpp) and the explorer look for.
#pragma once

#include <string_view>

#include "ctq/lang/ast.hpp"
#include "ctq/lang/program.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// `.Records[]`, or `.Records[] | f`: what f sees are single records.
bool iterates_records(const Node& node);

/// The filter's text reads inputs, line numbers or modules, which would see the records
/// being streamed (`input`, `inputs`, `input_line_number`, `import`, `include`, `$__loc__`).
bool reads_beyond_records(std::string_view text);

/// The filter's text names what writes to stderr or stops the run on the way (`debug`,
/// `stderr`, `halt`), which would show before a document is known to be sound.
bool reports_on_the_way(std::string_view text);

/// {"Records":[record]}: run through `.Records[] | f`, it gives exactly the record's share of
/// what the whole document gives.
Value record_document(const Value& record);

/// The whole filter is `.Records[] | f`, and nothing in it would see the streaming.
bool streams_records(const Program& program);

}  // namespace ctq
