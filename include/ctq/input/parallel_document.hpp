// One big {"Records":[…]} document read on several threads, for filters that take it whole
// (`.Records | sort_by(.eventTime)`, `.Records | length`), or that gather what each record
// gives (`[.Records[].eventName] | group_by(.)`): then each worker hands its piece's records
// to a PieceWork of the caller's making instead of keeping them.
//
// The Records array is cut at guessed record boundaries (file_pieces.hpp). Worker threads read
// the pieces before the last, each into its list of records, while the caller's own reader
// reads the last piece as a document of its own. Each worker must hand out nothing but records
// and stop exactly where the next piece starts; then the earlier records go in front of the
// last piece's, and the caller's reader learns the line it really started on. When anything
// else happens, an error included, the caller reads the file again from its start as usual,
// so values, messages and positions are always those of one reading.
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctq/input/file_pieces.hpp"
#include "ctq/lang/demand.hpp"
#include "ctq/value/value.hpp"

namespace ctq {

/// What a worker does with the records of one piece, in their order, on its thread. The
/// input stream hands the pieces' works back to the caller, in order, once they all joined up.
class PieceWork {
public:
    virtual ~PieceWork() = default;
    /// One record. False: the piece cannot stand for its share of the document (the caller
    /// then reads the file again from its start, so that one reading tells what happened).
    virtual bool take(const Value& record) = 0;
    /// Whether the reader must keep every key of the objects it builds (see
    /// JsonReader::set_demand); null: only what the demand asks.
    virtual const std::atomic<bool>* keep_all_keys() const { return nullptr; }
};
/// Makes the work of one piece; called on the worker's thread, so it must be safe to call
/// from several at once.
using PieceWorkFactory = std::function<std::unique_ptr<PieceWork>()>;

class ParallelDocument {
public:
    /// Starts up to `threads` threads on the pieces of `plan` before the last (the plan must
    /// cut inside "Records"); each reads with `demand` (null: everything). With `work`, each
    /// piece's records go to a work made for it instead of being kept, on threads with
    /// `stack_size` bytes of stack (0: the system's default; works that evaluate filters need
    /// the evaluation thread's deep stack, which the recursion guard assumes).
    ParallelDocument(std::string path, PiecePlan plan, unsigned threads, const Demand* demand,
                     const std::atomic<bool>* keep_all_keys, PieceWorkFactory work = {},
                     std::size_t stack_size = 0);
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

    /// With works: waits for the threads; when every piece read nothing but records up to
    /// the next one's start, the works in piece order, with where the last piece starts and
    /// how many records came before it; nullopt otherwise.
    struct JoinedWork {
        std::vector<std::unique_ptr<PieceWork>> works;
        PieceOrigin origin;  // values_before: the records of all the works
    };
    std::optional<JoinedWork> join_work();

    /// Whether the document on the stream may be read this way: its "Records" elements are
    /// needed (a filter that needs nothing of them would have each worker read on to the end).
    static bool wants_records(const Demand* demand);

private:
    struct Piece {
        Array records;                    // without works
        std::unique_ptr<PieceWork> work;  // with them
        std::size_t count = 0;            // records read
        PieceOrigin end;  // where it stopped, counted from line 1 at its start (piece 0: exact)
        bool ok = false;
    };
    // Where the last piece starts, once every piece joined up; nullopt if one did not.
    std::optional<PieceOrigin> last_origin() const;
    void read_pieces();
    void read_piece(std::size_t k);
    void wait();

    std::string path_;
    PiecePlan plan_;
    const Demand* demand_;
    const std::atomic<bool>* keep_all_keys_;
    PieceWorkFactory work_;
    std::vector<Piece> pieces_;  // all but the last
    std::atomic<std::size_t> next_piece_{0};
    std::vector<pthread_t> threads_;
};

}  // namespace ctq
