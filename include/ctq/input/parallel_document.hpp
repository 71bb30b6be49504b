// One big {"Records":[…]} document read on several threads, for filters that take it whole
// (`[.Records[].eventName] | group_by(.)`, `.Records | length`).
//
// The Records array is cut at guessed record boundaries (file_pieces.hpp). Worker threads read
// the pieces before the last, each into its list of records, while the caller's own reader
// reads the last piece as a document of its own. Each worker must hand out nothing but records
// and stop exactly where the next piece starts; then the earlier records go in front of the
// last piece's, and the caller's reader learns the line it really started on. When anything
// else happens, an error included, the caller reads the file again from its start as usual,
// so values, messages and positions are always those of one reading.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ctq/input/file_pieces.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

class ParallelDocument {
public:
    /// Starts up to `threads` threads on the pieces of `plan` before the last (the plan must
    /// cut inside "Records"); each reads with `demand` (null: everything).
    ParallelDocument(std::string path, PiecePlan plan, unsigned threads, const Demand* demand,
                     const std::atomic<bool>* keep_all_keys);
    ~ParallelDocument();  // waits for the threads
    ParallelDocument(const ParallelDocument&) = delete;
    ParallelDocument& operator=(const ParallelDocument&) = delete;

    /// Where the caller's reader starts, behind kRecordsOpening: the last piece.
    std::uint64_t last_start() const { return plan_.starts.back(); }

    struct Joined {
        Value document;      // the whole document
        PieceOrigin origin;  // where the last piece starts: its line and that line's start
    };
    /// Waits for the threads, and puts their records in front of those of `last`, what the
    /// caller's reader made of the last piece; nullopt when the pieces did not join up.
    std::optional<Joined> join(const Value& last);

    /// Whether the document on the stream may be read this way: its "Records" elements are
    /// needed (a filter that needs nothing of them would have each worker read on to the end).
    static bool wants_records(const Demand* demand);

private:
    struct Piece {
        Array records;
        PieceOrigin end;  // where it stopped, counted from line 1 at its start (piece 0: exact)
        bool ok = false;
    };
    void read_pieces();
    void read_piece(std::size_t k);
    void wait();

    std::string path_;
    PiecePlan plan_;
    const Demand* demand_;
    const std::atomic<bool>* keep_all_keys_;
    std::vector<Piece> pieces_;  // all but the last
    std::atomic<std::size_t> next_piece_{0};
    std::vector<std::thread> threads_;
};

}  // namespace ctq
