// One big file read as several pieces at once: where to cut it, and how a piece is read.
//
// A cut must fall where a value starts: a record of the top-level "Records" array, or a
// top-level text (NDJSON). Finding such places for certain takes a reading of everything
// before them, so the cuts are guesses from a look at the bytes around each one, and each is
// proven by the reading of the piece before it: that reading stops only when it arrives at a
// value that starts exactly at the next cut (see JsonReader::set_stops). A guess that does
// not hold costs the work of its piece, never a wrong result: the piece before it reads on.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctq {

/// Where the cuts of a file are guessed to be.
struct PiecePlan {
    bool in_records = false;            // the cuts are records of a top-level "Records" array
    std::vector<std::uint64_t> starts;  // starts[0] is 0; the others are the guesses
};

/// Guesses cuts about `piece_size` bytes apart in the regular, uncompressed file at `path`,
/// when it is at least twice that size and starts like `{"Records":[` or a text of NDJSON;
/// nullopt otherwise (one piece, read as usual).
std::optional<PiecePlan> plan_pieces(const std::string& path, std::uint64_t piece_size);

/// Where a piece starts, as a reading from the start of the file would have it there.
struct PieceOrigin {
    std::size_t line = 1;           // the line
    std::uint64_t line_start = 0;   // the offset where that line starts
    std::size_t values_before = 0;  // values (records) before it, for their numbers
};

/// One piece to read: from `start`, stopping at the first of `stops` that a value starts at.
struct FilePiece {
    std::uint64_t start = 0;
    bool in_records = false;
    const std::vector<std::uint64_t>* stops = nullptr;  // must outlive the reading
    std::size_t first_stop = 0;                         // the earlier ones are not stops
    std::function<bool()> may_stop;                     // null: always
    PieceOrigin origin;                                 // exact, or a stand-in (see run_workers)
};

/// The text a piece that starts inside the "Records" array is read behind, so that the
/// reader sees its records where they are in the whole document.
inline constexpr std::string_view kRecordsOpening = "{\"Records\":[";

}  // namespace ctq
