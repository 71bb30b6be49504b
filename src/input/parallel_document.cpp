// The pieces of one big document, read on threads and joined (see parallel_document.hpp).
#include "ctq/input/parallel_document.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "ctq/input/gzip_source.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/value/value_chunks.hpp"

namespace ctq {

ParallelDocument::ParallelDocument(std::string path, PiecePlan plan, unsigned threads,
                                   const Demand* demand, const std::atomic<bool>* keep_all_keys,
                                   PieceWorkFactory work, std::size_t stack_size)
    : path_(std::move(path)),
      plan_(std::move(plan)),
      demand_(demand),
      keep_all_keys_(keep_all_keys),
      work_(std::move(work)),
      pieces_(plan_.starts.size() - 1) {
    const std::size_t count = std::min<std::size_t>(threads, pieces_.size());
    // std::thread cannot choose its stack size.
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (stack_size != 0)
        pthread_attr_setstacksize(&attr, stack_size);
    auto body = [](void* self) -> void* {
        static_cast<ParallelDocument*>(self)->read_pieces();
        return nullptr;
    };
    for (std::size_t i = 0; i < count; ++i) {
        pthread_t id;
        // A thread that does not start leaves its pieces to the others, or unread: then they
        // do not join up, and the caller reads the file as usual.
        if (pthread_create(&id, &attr, body, this) == 0)
            threads_.push_back(id);
    }
    pthread_attr_destroy(&attr);
}

ParallelDocument::~ParallelDocument() {
    wait();
}

void ParallelDocument::wait() {
    for (pthread_t thread : threads_) pthread_join(thread, nullptr);
    threads_.clear();
}

bool ParallelDocument::wants_records(const Demand* demand) {
    if (!demand || demand->is_whole())
        return true;
    const Demand* records = demand->of_key("Records");
    return records && !records->is_none() && records->level() != Demand::Level::Kind;
}

void ParallelDocument::read_pieces() {
    for (std::size_t k = next_piece_++; k < pieces_.size(); k = next_piece_++) read_piece(k);
}

void ParallelDocument::read_piece(std::size_t k) {
    std::FILE* file = std::fopen(path_.c_str(), "rb");
    if (!file)
        return;
    const std::uint64_t start = plan_.starts[k];
    try {
        if (start > 0 && ::lseek(fileno(file), static_cast<off_t>(start), SEEK_SET) < 0)
            throw std::runtime_error("seek");
        std::unique_ptr<ByteSource> source = std::make_unique<StreamSource>(file);
        if (start > 0)
            source =
                std::make_unique<PrefixedSource>(std::string(kRecordsOpening), std::move(source));
        Piece& piece = pieces_[k];
        if (work_)
            piece.work = work_();
        JsonReader reader(*source);
        reader.set_stream_records(true);
        const std::atomic<bool>* keep = piece.work ? piece.work->keep_all_keys() : keep_all_keys_;
        reader.set_demand(demand_, keep);
        // The first piece is where the file starts; the others count lines from 1.
        if (start > 0)
            reader.start_at(start - kRecordsOpening.size(), 1, 0);
        reader.set_stops(&plan_.starts, k + 1, true, nullptr);
        ValueChunks records;
        Value value;
        bool only_records = true;
        while (only_records && reader.next(value)) {
            only_records = reader.last_was_record() && (!piece.work || piece.work->take(value));
            ++piece.count;
            if (only_records && !piece.work)
                records.push_back(std::move(value));
        }
        if (only_records && reader.stopped_at() == k + 1) {
            piece.records = records.take_from(0);
            piece.end = {reader.current_line(), reader.current_line_start(), 0};
            piece.ok = true;
        }
    } catch (const std::exception&) {
        // Damage, or a cut that was no record's start: the caller reads the file as usual.
    }
    std::fclose(file);
}

std::optional<ParallelDocument::Joined> ParallelDocument::join(const Value& last) {
    wait();
    // The last piece was read behind `{"Records":[`: "Records" is its first member.
    if (!last.is_object() || last.as_object().empty() ||
        last.as_object().entry(0).first != "Records" ||
        !last.as_object().entry(0).second.is_array())
        return std::nullopt;
    const std::optional<PieceOrigin> origin = last_origin();
    if (!origin)
        return std::nullopt;
    std::size_t total = last.as_object().entry(0).second.as_array().size();
    for (const Piece& piece : pieces_) total += piece.records.size();
    Array records;
    records.reserve(total);
    for (Piece& piece : pieces_) {
        for (Value& record : piece.records) records.push_back(std::move(record));
        Array().swap(piece.records);
    }
    for (const Value& record : last.as_object().entry(0).second.as_array())
        records.push_back(record);
    Object document;
    document.reserve(last.as_object().size());
    document.set("Records", Value::array(std::move(records)));
    for (std::size_t i = 1; i < last.as_object().size(); ++i)
        document.set(last.as_object().entry(i).first, last.as_object().entry(i).second);
    return Joined{Value::object(std::move(document)), *origin};
}

std::optional<ParallelDocument::JoinedWork> ParallelDocument::join_work() {
    wait();
    const std::optional<PieceOrigin> origin = last_origin();
    if (!origin)
        return std::nullopt;
    JoinedWork joined;
    joined.origin = *origin;
    for (Piece& piece : pieces_) joined.works.push_back(std::move(piece.work));
    return joined;
}

std::optional<PieceOrigin> ParallelDocument::last_origin() const {
    PieceOrigin origin;
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
        const Piece& piece = pieces_[k];
        if (!piece.ok)
            return std::nullopt;
        if (k == 0) {
            origin = piece.end;
        } else if (piece.end.line > 1) {
            origin.line += piece.end.line - 1;
            origin.line_start = piece.end.line_start;
        }
        origin.values_before += piece.count;
    }
    return origin;
}

}  // namespace ctq
