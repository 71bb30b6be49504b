// A file's pieces as text, for running them apart: `ctq --ranges SIZE` prints where a file
// can be cut, each cut proven by a reading of the file, and `ctq --range SPEC` reads one
// piece, so that other machines (ctq-dask) can share one big file.
//
// A spec is `START-END` for the piece that starts the file, and
// `START-END,line=L,column=C,index=N` for the others: the line and column where START is,
// and the values (records) before it, so that messages and record numbers come out as a
// reading of the whole file gives them. `,records` ends the spec when the cuts are records
// of a top-level "Records" array rather than texts of NDJSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctq/input/file_pieces.hpp"
#include "ctq/input/inputs.hpp"

namespace ctq {

/// One piece of a file: its bytes [start, end) and where it starts as the whole file has it.
struct PieceRange {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    bool in_records = false;
    std::size_t line = 1;
    std::uint64_t column = 0;  // bytes from the start of `line` to `start`
    std::size_t index = 0;     // values (records) before `start`

    bool operator==(const PieceRange& other) const;
};

std::string format_piece_range(const PieceRange& range);
/// nullopt when `spec` is not what format_piece_range writes.
std::optional<PieceRange> parse_piece_range(std::string_view spec);

/// The piece of `range` to hand to an InputStream: it stops at `range.end` when a value
/// starts there, `stops` holding that one offset (it must outlive the reading).
FilePiece piece_of_range(const PieceRange& range, std::vector<std::uint64_t>& stops);

/// The cuts that held, and how the reading for the proof went wrong, if it did.
struct RangeProof {
    std::vector<PieceRange> ranges;  // in order, covering the whole file
    // A file that cannot be read (": message") or damage ("(at FILE:LINE): message"; the
    // damaged range is the last); what follows "ctq: error" in ctq's report.
    std::string error;
    bool damaged = false;
};

/// Reads the file at `path` with `options` (their demand is replaced: nothing is built),
/// stopping at each cut of `plan` that a value starts at; the ranges between the cuts that
/// held, with their exact origins. The piece with damage in it runs to the end of the file.
RangeProof prove_ranges(const std::string& path, const PiecePlan& plan,
                        InputStream::Options options);

}  // namespace ctq
