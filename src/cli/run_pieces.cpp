// Big files cut into pieces for the workers (see file_pieces.hpp): where the cuts go, how a
// piece is read, and how one is read again when its messages must name exact positions.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include "run.hpp"

namespace ctq::cli {

std::uint64_t byte_setting(const char* name, std::uint64_t fallback) {
    const char* setting = std::getenv(name);
    return setting ? std::strtoull(setting, nullptr, 10) : fallback;
}

namespace {

constexpr std::uint64_t kMinPiece = 4u << 20;

// CTQ_PIECE_SIZE=BYTES cuts smaller files too, for the tests; otherwise each worker gets
// several pieces, so one slow piece does not hold the others up, and none is tiny. A `.`
// printed from pieces has the smallest: a worker's text waits until the pieces before it are
// printed, and only so much may wait (file_prefetcher.hpp).
std::uint64_t piece_size_for(const std::string& path, unsigned threads, Streaming streaming) {
    if (const std::uint64_t setting = piece_size_setting())
        return setting;
    if (streaming == Streaming::Documents)
        return kMinPiece;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return 0;
    constexpr std::uint64_t kMin = kMinPiece, kMax = 64u << 20;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    return std::clamp<std::uint64_t>(size / (4 * std::uint64_t{threads}), kMin, kMax);
}

}  // namespace

std::vector<PieceJob> Run::cut_into_pieces(std::vector<FilePrefetcher::Job>& jobs, unsigned threads,
                                           Streaming streaming) {
    // Values run one by one, or records: a piece holds whole ones of either. A document run
    // whole or gathered cannot be cut inside "Records" here (see parallel_document.hpp), nor
    // one stopped early.
    const bool records = options_.records || streaming == Streaming::Records;
    std::vector<FilePrefetcher::Job> cut;
    std::vector<PieceJob> pieces;
    const bool whole = streaming == Streaming::Off || streaming == Streaming::Collected;
    // `.` prints each piece's records after the piece before's (see WorkerOutputs).
    const bool document = streaming == Streaming::Documents;
    if (threads < 2 || !(records || whole || document))
        return std::vector<PieceJob>(jobs.size());
    for (FilePrefetcher::Job& job : jobs) {
        std::optional<PiecePlan> plan;
        if (job.listing_error.empty())
            plan = plan_pieces(job.path, piece_size_for(job.path, threads, streaming));
        if (!plan || (plan->in_records && !records && !document)) {
            cut.push_back(std::move(job));
            pieces.emplace_back();
            continue;
        }
        const std::size_t first_job = cut.size();
        const std::uint64_t size = [&] {
            struct stat st {};
            return ::stat(job.path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
        }();
        for (std::size_t i = 0; i < plan->starts.size(); ++i) {
            const std::uint64_t end = i + 1 < plan->starts.size() ? plan->starts[i + 1] : size;
            cut.push_back({job.path, "", std::max<std::uint64_t>(1, end - plan->starts[i])});
            pieces.push_back({piece_plans_.size(), i, first_job});
        }
        piece_plans_.push_back(std::move(*plan));
    }
    jobs = std::move(cut);
    return pieces;
}

// The stops are the starts of the later pieces; the origin is exact for the first piece, and
// a stand-in for the others on the workers.
FilePiece Run::piece_of(const PieceJob& job, const PieceOrigin& origin) const {
    const PiecePlan& plan = piece_plans_[job.plan];
    FilePiece piece;
    piece.start = plan.starts[job.piece];
    piece.in_records = plan.in_records;
    piece.stops = &plan.starts;
    piece.first_stop = job.piece + 1;
    piece.origin = origin;
    return piece;
}

FileOutcome Run::rerun_piece(const Program& program, const std::vector<Value>& globals,
                             const std::string& path, InputStream::Options input_options,
                             Streaming streaming, const FilePiece& piece, std::size_t printed,
                             const HintCollector& expected_hints) {
    std::size_t to_skip = printed;
    Run piece_run(
        options_,
        [&](std::string& text) {
            const std::size_t skip = std::min(to_skip, text.size());
            to_skip -= skip;
            if (skip < text.size())
                printer_.write_text(text.substr(skip));
        },
        [&](const std::string& text) { report(text); });
    piece_run.hints_ = expected_hints;
    piece_run.piece_plans_ = piece_plans_;
    input_options.threads = 1;
    return piece_run.run_file(program, globals, path, input_options, streaming, &piece);
}

}  // namespace ctq::cli
