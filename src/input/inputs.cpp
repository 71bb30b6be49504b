// Reading the input files one after another as a single stream of values.
#include "ctq/input/inputs.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ctq/error.hpp"
#include "ctq/input/document_check.hpp"
#include "ctq/input/gzip_source.hpp"
#include "ctq/input/records.hpp"

namespace ctq {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool has_input_extension(const std::string& name) {
    for (const char* ext : {".json", ".json.gz", ".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz"})
        if (ends_with(name, ext))
            return true;
    return false;
}

// Other files in a directory count when they start like JSON or like gzip; files that
// cannot be read are kept so that opening them reports the problem.
bool sniffs_as_input(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return true;
    int c = 0;
    while ((c = std::fgetc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t') {
    }
    int d = c == 0x1f ? std::fgetc(f) : 0;
    std::fclose(f);
    return c == '{' || c == '[' || (c == 0x1f && d == 0x8b);
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// What listing a directory skipped, so that a directory that gives nothing can say why.
struct Skipped {
    std::size_t not_json = 0;  // neither a JSON extension nor JSON- or gzip-looking bytes
    std::size_t digests = 0;   // files under CloudTrail-Digest/ (without --include-digests)
    bool by_window = false;    // a dated folder or file outside --since/--until
};

// "No JSON files under DIR", with what was skipped: a mistyped path or an empty download
// must not pass as a run that found nothing.
std::string nothing_found_message(const std::string& dir, const Skipped& skipped) {
    std::vector<std::string> parts;
    if (skipped.not_json > 0)
        parts.push_back(fmt::format("{} not JSON", skipped.not_json));
    if (skipped.digests > 0)
        parts.push_back(fmt::format("{} CloudTrail digest{}", skipped.digests,
                                    skipped.digests == 1 ? "" : "s"));
    if (parts.empty())
        return fmt::format("No JSON files under {}", dir);
    const std::size_t total = skipped.not_json + skipped.digests;
    return fmt::format("No JSON files under {} ({} {} skipped: {})", dir, total,
                       total == 1 ? "file" : "files", fmt::join(parts, ", "));
}

// jq stops at the first invalid input; damaged compression is invalid input too.
InputError damaged_compression(const std::string& file, const GzipError& error) {
    return InputError(file, fmt::format("{} of {}", error.what(), file));
}

// The input files under `dir`, in sorted path order, pruned by the time window. A directory
// with no input files in it is reported through `on_error`, unless the window pruned some.
std::vector<std::string> list_directory(const std::string& dir, const InputStream::Options& options,
                                        const std::function<void(const std::string&)>& on_error) {
    namespace fs = std::filesystem;
    std::vector<std::string> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
    if (ec) {
        if (on_error)
            on_error(fmt::format("Could not open {}: {}", dir, ec.message()));
        return found;
    }
    Skipped skipped;
    int digest_depth = -1;  // depth of the CloudTrail-Digest folder being walked, if any
    for (; it != end; it.increment(ec)) {
        if (ec) {
            if (on_error)
                on_error(fmt::format("Could not read {}: {}", dir, ec.message()));
            return found;
        }
        if (digest_depth >= 0 && it.depth() <= digest_depth)
            digest_depth = -1;
        const fs::path& path = it->path();
        std::error_code type_ec;
        if (it->is_directory(type_ec)) {
            // A dated folder outside the window is skipped without being listed.
            if (!options.window.keeps_path(path.string(), true)) {
                skipped.by_window = true;
                it.disable_recursion_pending();
                continue;
            }
            // Digest files are signatures over the log files, not events; they are walked
            // only to be counted.
            if (!options.include_digests && path.filename() == "CloudTrail-Digest" &&
                digest_depth < 0) {
                digest_depth = it.depth();
            }
            continue;
        }
        if (digest_depth >= 0) {
            ++skipped.digests;
            continue;
        }
        std::string name = path.string();
        if (!options.window.keeps_path(name, false)) {
            skipped.by_window = true;
            continue;  // before sniffing: a pruned file is never opened
        }
        if (has_input_extension(name) || sniffs_as_input(name))
            found.push_back(std::move(name));
        else
            ++skipped.not_json;
    }
    if (found.empty() && !skipped.by_window && on_error)
        on_error(nothing_found_message(dir, skipped));
    // Sorted full paths: the output order does not depend on the file system.
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

InputStream::InputStream(std::vector<std::string> files, Options options,
                         OpenErrorHandler on_open_error)
    : files_(std::move(files)), options_(options), on_open_error_(std::move(on_open_error)) {
    if (files_.empty())
        files_.push_back("-");
    if (options_.threads > 1 && !options_.raw &&
        (files_.size() > 1 || is_directory(files_.front()))) {
        start_prefetch();
    }
}

InputStream::~InputStream() {
    close_current();
}

void InputStream::close_current() {
    document_.reset();
    gathering_ = false;
    gathered_.clear();
    if (check_.valid())
        check_.wait();
    if (source_) {
        ++files_done_;
        struct stat st {};
        if (file_ && owns_file_ && ::fstat(fileno(file_), &st) == 0)
            bytes_done_ += static_cast<std::uint64_t>(st.st_size);
    }
    // After the last input, errors still name the last file's last line, as in jq, but only if
    // the file ended with a newline (see position_known()).
    if (reader_) {
        raw_line_ = reader_->line();
        ended_unterminated_ = !reader_->ends_with_newline();
    } else if (source_) {
        ended_unterminated_ = !raw_ends_with_newline_;
    }
    reader_.reset();
    source_.reset();
    if (file_ && owns_file_)
        std::fclose(file_);
    file_ = nullptr;
    owns_file_ = false;
}

bool InputStream::open_next() {
    close_current();
    while (next_file_ < files_.size()) {
        const std::string& name = files_[next_file_++];
        if (name == "-") {
            file_ = stdin;
            owns_file_ = false;
        } else {
            if (is_directory(name)) {
                expand_directory(name);
                continue;
            }
            file_ = std::fopen(name.c_str(), "rb");
            owns_file_ = true;
            if (!file_) {
                if (on_open_error_) {
                    on_open_error_(
                        fmt::format("Could not open {}: {}", name, std::strerror(errno)));
                }
                continue;
            }
        }
        current_ = name;
        number_in_file_ = 0;
        raw_line_ = 0;
        raw_ends_with_newline_ = true;
        ended_unterminated_ = false;
        raw_buffer_.clear();
        raw_pos_ = 0;
        raw_eof_ = false;
        try {
            source_ = options_.piece ? open_piece(*options_.piece)
                                     : open_maybe_gzip(std::make_unique<StreamSource>(file_));
        } catch (const std::runtime_error& error) {
            if (on_open_error_)
                on_open_error_(fmt::format("Could not read {}: {}", name, error.what()));
            close_current();
            continue;
        }
        if (!options_.raw) {
            bool stream = options_.records || options_.stream_records;
            std::optional<PiecePlan> gather_plan;
            if (options_.stream_checked_records && owns_file_) {
                if (options_.gather_pieces && options_.threads > 1 && !options_.piece)
                    gather_plan = document_plan(name);
                if (gather_plan || (options_.piece && options_.checked_by_caller)) {
                    stream = true;  // every byte is read by some piece: no first reading
                } else if (options_.check_alongside && options_.threads > 1) {
                    check_ = std::async(std::launch::async, documents_print_in_pieces, name);
                    stream = true;
                } else {
                    stream = documents_print_in_pieces(name);
                }
            }
            reader_ = make_reader(stream);
            if (gather_plan) {
                read_in_pieces(name, std::move(*gather_plan), options_.gather_pieces);
            } else if (!stream && !options_.piece && options_.document_pieces && owns_file_ &&
                       options_.threads > 1 && ParallelDocument::wants_records(options_.demand)) {
                if (std::optional<PiecePlan> plan = document_plan(name))
                    read_in_pieces(name, std::move(*plan), {});
            }
            if (const FilePiece* piece = options_.piece) {
                const std::size_t opening =
                    piece->start > 0 && piece->in_records ? kRecordsOpening.size() : 0;
                reader_->start_at(piece->start - opening, piece->origin.line,
                                  piece->origin.line_start);
                reader_->set_stops(piece->stops, piece->first_stop, piece->in_records,
                                   piece->may_stop);
                number_in_file_ = piece->origin.values_before;
            }
        }
        return true;
    }
    return false;
}

bool InputStream::streamed_soundly() {
    if (gathering_)
        return join_gathered();
    if (!check_.valid() || check_.get())
        return true;
    read_again();
    return false;
}

// The caller's reader has read the last piece's records and the document's end: the works of
// the pieces before go in front of them if every piece joined up, and the document held
// "Records" once.
bool InputStream::join_gathered() {
    std::optional<ParallelDocument::JoinedWork> joined;
    // Texts after the document would be read unchecked: then the pieces' work is not used,
    // and the file is streamed again, checked, as without pieces (a rare shape of file).
    if (!reader_->last_repeated_a_key() && !reader_->more_text())
        joined = document_->join_work();
    if (!joined) {
        read_again();
        return false;
    }
    gathering_ = false;
    document_.reset();
    reader_->move_origin(joined->origin.line, joined->origin.line_start);
    number_in_file_ += joined->origin.values_before;
    gathered_ = std::move(joined->works);
    return true;
}

std::unique_ptr<JsonReader> InputStream::make_reader(bool stream) const {
    auto reader = std::make_unique<JsonReader>(*source_);
    reader->set_stream_records(stream);
    reader->set_demand(options_.demand, options_.keep_all_keys);
    reader->set_echo(options_.echo_records);
    return reader;
}

std::optional<PiecePlan> InputStream::document_plan(const std::string& name) const {
    struct stat st {};
    if (::fstat(fileno(file_), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    constexpr std::uint64_t kMinPiece = 4u << 20;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const std::uint64_t piece_size = options_.document_piece_size
                                         ? options_.document_piece_size
                                         : std::max(kMinPiece, size / options_.threads);
    std::optional<PiecePlan> plan = plan_pieces(name, piece_size);
    if (!plan || !plan->in_records)
        return std::nullopt;
    return plan;
}

void InputStream::read_in_pieces(const std::string& name, PiecePlan plan, PieceWorkFactory work) {
    const bool gathering = static_cast<bool>(work);
    // The caller's thread reads the last piece: one fewer worker.
    auto document = std::make_unique<ParallelDocument>(name, std::move(plan), options_.threads - 1,
                                                       options_.demand, options_.keep_all_keys,
                                                       std::move(work), options_.gather_stack_size);
    const std::uint64_t start = document->last_start();
    reader_.reset();
    gathering_ = gathering;
    if (::fseeko(file_, static_cast<off_t>(start), SEEK_SET) != 0) {
        read_again();
        return;
    }
    source_ = std::make_unique<PrefixedSource>(std::string(kRecordsOpening),
                                               std::make_unique<StreamSource>(file_));
    reader_ = make_reader(gathering);
    reader_->start_at(start - kRecordsOpening.size(), 1, 0);
    document_ = std::move(document);
}

bool InputStream::join_document(Value& value) {
    const std::unique_ptr<ParallelDocument> document = std::move(document_);
    if (reader_->last_repeated_a_key())
        return false;  // perhaps "Records" twice: only one reading knows which one is kept
    std::optional<ParallelDocument::Joined> joined = document->join(value);
    if (!joined)
        return false;
    reader_->move_origin(joined->origin.line, joined->origin.line_start);
    value = std::move(joined->document);
    return true;
}

void InputStream::read_again() {
    document_.reset();
    ++readings_;
    number_in_file_ = 0;
    reader_.reset();
    source_.reset();
    std::rewind(file_);
    source_ = open_maybe_gzip(std::make_unique<StreamSource>(file_));
    // Gathering streams again, as it would have without pieces (messages name the record
    // an error came from); the file's first reading then tells whether that may go on.
    const bool stream = std::exchange(gathering_, false);
    if (stream)
        check_ = std::async(std::launch::async, documents_print_in_pieces, current_);
    reader_ = make_reader(stream);
}

// A piece after the first starts at its offset; one inside the "Records" array is read
// behind the array's opening, so the reader sees its records as records.
std::unique_ptr<ByteSource> InputStream::open_piece(const FilePiece& piece) {
    auto rest = std::make_unique<StreamSource>(file_);
    if (piece.start == 0)
        return rest;
    if (::lseek(fileno(file_), static_cast<off_t>(piece.start), SEEK_SET) < 0)
        throw std::runtime_error(std::strerror(errno));
    return std::make_unique<PrefixedSource>(
        std::string(piece.in_records ? kRecordsOpening : std::string_view()), std::move(rest));
}

void InputStream::expand_directory(const std::string& dir) {
    std::vector<std::string> found = list_directory(dir, options_, on_open_error_);
    files_.insert(files_.begin() + static_cast<std::ptrdiff_t>(next_file_), found.begin(),
                  found.end());
}

std::vector<FilePrefetcher::Job> InputStream::list_files(const std::vector<std::string>& files,
                                                         const Options& options) {
    std::vector<FilePrefetcher::Job> jobs;
    for (const std::string& name : files) {
        if (!is_directory(name)) {
            jobs.push_back({name, ""});
            continue;
        }
        // A listing error keeps its place in the order, before the files that were found.
        std::vector<FilePrefetcher::Job> errors;
        std::vector<std::string> found =
            list_directory(name, options, [&](const std::string& message) {
                errors.push_back({"", message});
            });
        jobs.insert(jobs.end(), errors.begin(), errors.end());
        for (std::string& path : found) jobs.push_back({std::move(path), ""});
    }
    return jobs;
}

void InputStream::start_prefetch() {
    std::vector<FilePrefetcher::Job> jobs = list_files(files_, options_);
    if (jobs.size() < 2)
        return;  // nothing to overlap; the sequential reader lists the directory again
    Options single = options_;
    single.threads = 1;
    // Each worker reads its file exactly as the sequential stream would, one file long.
    auto read_file = [single](const std::string& path, std::size_t,
                              const std::function<void(PrefetchedItem)>& emit) {
        InputStream stream({path}, single, [&](const std::string& message) {
            PrefetchedItem item;
            item.kind = PrefetchedItem::Kind::OpenError;
            item.message = message;
            emit(std::move(item));
        });
        try {
            while (std::optional<Value> value = stream.next()) {
                PrefetchedItem item;
                item.value = std::move(*value);
                item.was_record = stream.last_was_record();
                // The reader keeps the head's values too, until the document ends.
                item.head = stream.take_record_head();
                item.head.share();
                item.line = stream.current_line();
                item.number = stream.current_number();
                emit(std::move(item));
            }
            // What an error after the last input names, should this file be the last.
            PrefetchedItem end;
            end.kind = PrefetchedItem::Kind::EndOfFile;
            end.line = stream.current_line();
            end.number = stream.current_number();
            end.position_known = stream.position_known();
            emit(std::move(end));
        } catch (const InputError& error) {
            PrefetchedItem item;
            item.kind = PrefetchedItem::Kind::InputError;
            item.message = error.what();
            item.line = stream.current_line();
            emit(std::move(item));
        }
    };
    prefetch_ = std::make_unique<FilePrefetcher>(std::move(jobs), options_.threads, read_file);
}

std::optional<Value> InputStream::next_prefetched() {
    PrefetchedItem item;
    while (prefetch_->next(item)) {
        // Per value, so only when the file changes: a path is longer than a short string.
        if (current_ != prefetch_->current_path())
            current_ = prefetch_->current_path();
        prefetched_line_ = item.line;
        switch (item.kind) {
            case PrefetchedItem::Kind::OpenError:
                if (on_open_error_)
                    on_open_error_(item.message);
                continue;
            case PrefetchedItem::Kind::InputError: throw InputError(current_name(), item.message);
            case PrefetchedItem::Kind::Value:
                prefetched_record_ = item.was_record;
                prefetched_head_ = std::move(item.head);
                number_in_file_ = item.number;
                ended_unterminated_ = false;
                return std::move(item.value);
            case PrefetchedItem::Kind::EndOfFile:
                ended_unterminated_ = !item.position_known;
                continue;
            default: continue;  // only files evaluated on the workers have the other kinds
        }
    }
    return std::nullopt;
}

std::optional<Value> InputStream::next() {
    if (prefetch_)
        return next_prefetched();
    while (true) {
        if (!source_ && !open_next())
            return std::nullopt;
        if (options_.raw) {
            std::string line;
            bool any = false;
            while (true) {
                if (raw_pos_ == raw_buffer_.size() && !read_raw_chunk())
                    break;
                any = true;
                std::size_t nl = raw_buffer_.find('\n', raw_pos_);
                if (nl == std::string::npos) {
                    line.append(raw_buffer_, raw_pos_, std::string::npos);
                    raw_pos_ = raw_buffer_.size();
                    continue;
                }
                line.append(raw_buffer_, raw_pos_, nl - raw_pos_);
                raw_pos_ = nl + 1;
                break;
            }
            if (any) {
                ++raw_line_;
                ++number_in_file_;
                return Value::string(std::move(line));
            }
            close_current();
            continue;
        }
        if (pending_pos_ < pending_.size()) {
            Value record = std::move(pending_[pending_pos_++]);
            if (pending_pos_ == pending_.size()) {
                pending_.clear();
                pending_pos_ = 0;
            }
            // Numbered by position in the file, whether the window keeps them or not.
            ++number_in_file_;
            if (!options_.window.keeps_record(record))
                continue;
            return record;
        }
        Value value;
        try {
            if (reader_->next(value)) {
                if (document_ && !gathering_ && !join_document(value)) {
                    read_again();
                    continue;
                }
                // Records streamed one at a time are events already; the document that
                // follows them has an emptied "Records" and yields nothing more.
                if (reader_->last_was_record()) {
                    ++number_in_file_;
                    if (!options_.window.keeps_record(value))
                        continue;
                    return value;
                }
                if (!options_.records) {
                    ++number_in_file_;
                    return value;
                }
                unwrap_records(value, pending_);
                continue;
            }
        } catch (const JsonParseError& error) {
            if (document_) {
                read_again();  // its message is told by the usual reading
                continue;
            }
            throw InputError(current_name(), error.what());
        } catch (const GzipError& error) {
            throw damaged_compression(current_name(), error);
        }
        if (document_) {
            read_again();
            continue;
        }
        if (options_.piece) {
            stopped_at_ = reader_->stopped_at();
            end_position_ = {reader_->current_line(), reader_->current_line_start(),
                             number_in_file_};
        }
        close_current();
    }
}

std::string InputStream::read_all_text() {
    std::string text;
    while (source_ || open_next()) {
        const std::size_t file_start = text.size();
        text.append(raw_buffer_, raw_pos_, std::string::npos);
        raw_buffer_.clear();
        raw_pos_ = 0;
        try {
            while (read_raw_chunk()) {
                text += raw_buffer_;
                raw_buffer_.clear();
            }
        } catch (const GzipError& error) {
            throw damaged_compression(current_name(), error);
        }
        // jq reads the whole text in one go and keeps naming the last file and its line count.
        raw_line_ = static_cast<std::size_t>(
            std::count(text.begin() + static_cast<std::ptrdiff_t>(file_start), text.end(), '\n'));
        number_in_file_ = 1;
        close_current();
        ended_unterminated_ = false;
    }
    return text;
}

bool InputStream::read_raw_chunk() {
    if (raw_eof_)
        return false;
    raw_buffer_.resize(65536);
    std::size_t n = 0;
    try {
        n = source_->read(raw_buffer_.data(), raw_buffer_.size());
    } catch (const GzipError& error) {
        raw_buffer_.clear();
        raw_pos_ = 0;
        throw damaged_compression(current_name(), error);
    }
    raw_buffer_.resize(n);
    raw_pos_ = 0;
    if (n > 0)
        raw_ends_with_newline_ = raw_buffer_.back() == '\n';
    if (n == 0)
        raw_eof_ = true;
    return n > 0;
}

Value InputStream::current_filename() const {
    if (current_.empty() || current_ == "-")
        return Value::null();
    return Value::string(current_);
}

std::string InputStream::current_name() const {
    return current_.empty() || current_ == "-" ? "<stdin>" : current_;
}

InputStream::Progress InputStream::progress() const {
    if (prefetch_)
        return {prefetch_->files_done(), prefetch_->files_total(), prefetch_->bytes_done()};
    // The open file counts with what has been read of it, so one big file shows movement.
    std::uint64_t current = 0;
    if (file_ && owns_file_) {
        const off_t position = ::ftello(file_);
        current = position > 0 ? static_cast<std::uint64_t>(position) : 0;
    }
    return {files_done_, files_.size(), bytes_done_ + current};
}

std::size_t InputStream::current_line() const {
    if (prefetch_)
        return prefetched_line_;
    if (reader_)
        return reader_->line();
    return raw_line_;
}

}  // namespace ctq
