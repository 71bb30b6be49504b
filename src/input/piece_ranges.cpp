// Pieces of a file as text, and the reading that proves where they can be cut.
#include "ctq/input/piece_ranges.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <charconv>

#include "ctq/lang/demand.hpp"

namespace ctq {

bool PieceRange::operator==(const PieceRange& other) const {
    return start == other.start && end == other.end && in_records == other.in_records &&
           line == other.line && column == other.column && index == other.index;
}

std::string format_piece_range(const PieceRange& range) {
    std::string spec = fmt::format("{}-{}", range.start, range.end);
    if (range.start > 0)
        spec += fmt::format(",line={},column={},index={}", range.line, range.column, range.index);
    if (range.in_records)
        spec += ",records";
    return spec;
}

namespace {

template <typename Number>
bool read_number(std::string_view text, Number& number) {
    const char* end = text.data() + text.size();
    const auto [at, error] = std::from_chars(text.data(), end, number);
    return !text.empty() && error == std::errc() && at == end;
}

}  // namespace

std::optional<PieceRange> parse_piece_range(std::string_view spec) {
    PieceRange range;
    const std::size_t comma = spec.find(',');
    const std::string_view span = spec.substr(0, comma);
    const std::size_t dash = span.find('-');
    if (dash == std::string_view::npos || !read_number(span.substr(0, dash), range.start) ||
        !read_number(span.substr(dash + 1), range.end) || range.end <= range.start)
        return std::nullopt;
    bool line = false, column = false, index = false;
    std::string_view rest = comma == std::string_view::npos ? "" : spec.substr(comma + 1);
    while (!rest.empty()) {
        const std::size_t next = rest.find(',');
        const std::string_view item = rest.substr(0, next);
        rest = next == std::string_view::npos ? "" : rest.substr(next + 1);
        if (item == "records") {
            range.in_records = true;
            continue;
        }
        const std::size_t eq = item.find('=');
        const std::string_view key = item.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? "" : item.substr(eq + 1);
        bool ok = false;
        if (key == "line")
            ok = read_number(value, range.line) && range.line > 0 && !line && (line = true);
        else if (key == "column")
            ok = read_number(value, range.column) && !column && (column = true);
        else if (key == "index")
            ok = read_number(value, range.index) && !index && (index = true);
        if (!ok)
            return std::nullopt;
    }
    // A piece after the first needs its whole origin; the first has none to give.
    const bool origin = line && column && index;
    if (range.start == 0 ? (line || column || index) : !origin)
        return std::nullopt;
    if (range.column > range.start)
        return std::nullopt;
    return range;
}

FilePiece piece_of_range(const PieceRange& range, std::vector<std::uint64_t>& stops) {
    stops.assign(1, range.end);
    FilePiece piece;
    piece.start = range.start;
    piece.in_records = range.in_records;
    piece.stops = &stops;
    piece.first_stop = 0;
    piece.origin.line = range.line;
    piece.origin.line_start = range.start - range.column;
    piece.origin.values_before = range.index;
    return piece;
}

RangeProof prove_ranges(const std::string& path, const PiecePlan& plan,
                        InputStream::Options options) {
    RangeProof proof;
    struct stat st {};
    const std::uint64_t size =
        ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    // Only where values start matters: each is validated, and built no further than an empty
    // container. The "Records" array itself must be kept for its records to be seen as such.
    const Demand shell =
        plan.in_records ? Demand::field("Records", Demand::every(Demand::kind())) : Demand::kind();
    options.demand = &shell;
    options.keep_all_keys = nullptr;
    options.threads = 1;
    options.window = TimeWindow{};
    PieceRange range;
    range.in_records = plan.in_records;
    FilePiece piece;
    piece.stops = &plan.starts;
    piece.first_stop = 1;
    piece.in_records = plan.in_records;
    for (;;) {
        piece.start = range.start;
        piece.origin = {range.line, range.start - range.column, range.index};
        options.piece = &piece;
        InputStream inputs({path}, options,
                           [&](const std::string& message) { proof.error = ": " + message; });
        try {
            while (inputs.next()) {
            }
        } catch (const InputError& error) {
            proof.damaged = true;
            proof.error = fmt::format("(at {}:{}): {}", inputs.current_name(),
                                      inputs.current_line(), error.what());
        }
        if (!proof.error.empty() || !inputs.stopped_at()) {
            range.end = size;
            if (range.end > range.start || proof.ranges.empty())
                proof.ranges.push_back(range);
            return proof;
        }
        const std::size_t stop = *inputs.stopped_at();
        const PieceOrigin next = inputs.end_position();
        range.end = plan.starts[stop];
        proof.ranges.push_back(range);
        range = PieceRange{};
        range.start = plan.starts[stop];
        range.in_records = plan.in_records;
        range.line = next.line;
        range.column = range.start - next.line_start;
        range.index = next.values_before;
        piece.first_stop = stop + 1;
    }
}

}  // namespace ctq
