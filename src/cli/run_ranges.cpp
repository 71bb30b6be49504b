// --ranges and --range: one big file cut into pieces that other machines read apart (ctq-dask),
// each piece's output the bytes a reading of the whole file gives there (see piece_ranges.hpp).
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "ctq/error.hpp"
#include "ctq/output/json_writer.hpp"
#include "run.hpp"

namespace ctq::cli {

namespace {

bool is_name_char(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// `input` or `inputs` as a word (not input_filename): a piece would hand it the piece's
// values, not the file's.
bool reads_inputs(std::string_view text) {
    for (std::size_t at = text.find("input"); at != std::string_view::npos;
         at = text.find("input", at + 1)) {
        std::size_t end = at + 5;
        if (end < text.size() && text[end] == 's')
            ++end;
        if ((at == 0 || !is_name_char(text[at - 1])) &&
            (end == text.size() || !is_name_char(text[end])))
            return true;
    }
    return false;
}

std::uint64_t file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

}  // namespace

std::optional<std::string> Run::why_not_in_ranges(const Program& program,
                                                  Streaming streaming) const {
    const bool records = options_.records || streaming == Streaming::Records;
    // A document run whole, or gathered record by record, is a value of its own: NDJSON cuts
    // between them, and a {"Records":[…]} file is listed whole.
    if (!records && streaming != Streaming::Off && streaming != Streaming::Collected)
        return "the filter must run value by value or record by record (--records, or "
               ".Records[] | ...), not on whole documents";
    if (reads_inputs(program.source().text))
        return "the filter reads inputs itself (input, inputs)";
    return std::nullopt;
}

int Run::print_ranges(const Program& program, const InputStream::Options& input_options,
                      Streaming streaming) {
    if (const auto why = why_not_in_ranges(program, streaming)) {
        fmt::print(stderr, "ctq: error: --ranges: {}\n", *why);
        return static_cast<int>(ExitCode::Usage);
    }
    const bool records = options_.records || streaming == Streaming::Records;
    int status = 0;
    for (const FilePrefetcher::Job& job : InputStream::list_files(options_.files, input_options)) {
        if (!job.listing_error.empty()) {
            report(fmt::format("ctq: error: {}\n", job.listing_error));
            status = std::max(status, static_cast<int>(ExitCode::Usage));
            continue;
        }
        std::string head = "{\"file\":";
        write_json_string(head, job.path, false);
        std::optional<PiecePlan> plan = plan_pieces(job.path, options_.ranges_bytes);
        if (!plan || (plan->in_records && !records)) {
            // gzip, small, or cut where this filter cannot start: read whole, without --range.
            std::string line = head + "}\n";
            printer_.write_text(line);
            continue;
        }
        const RangeProof proof = prove_ranges(job.path, *plan, input_options);
        for (const PieceRange& range : proof.ranges) {
            std::string line = head + ",\"range\":";
            write_json_string(line, format_piece_range(range), false);
            line += "}\n";
            printer_.write_text(line);
        }
        if (!proof.error.empty()) {
            report(fmt::format("ctq: error {}\n", proof.error));
            status = std::max(
                status, static_cast<int>(proof.damaged ? ExitCode::Runtime : ExitCode::Usage));
        }
    }
    printer_.flush();
    if (printer_.broken_pipe())
        return 128 + SIGPIPE;
    if (printer_.write_failed()) {
        std::fputs("ctq: error: writing output failed\n", stderr);
        return static_cast<int>(ExitCode::Usage);
    }
    return status;
}

int Run::start_range(const Program& program, Streaming streaming,
                     InputStream::Options& input_options) {
    const std::optional<PieceRange> range = parse_piece_range(options_.range);
    const std::string& path = options_.files.front();
    auto refuse = [](const std::string& why) {
        fmt::print(stderr, "ctq: error: --range: {}\n", why);
        return static_cast<int>(ExitCode::Usage);
    };
    if (!range)
        return refuse(fmt::format(
            "not a piece as --ranges prints it (START-END,line=L,column=C,index=N): \"{}\"",
            options_.range));
    if (const auto why = why_not_in_ranges(program, streaming))
        return refuse(*why);
    if (range->in_records && !options_.records && streaming != Streaming::Records)
        return refuse(
            "the piece holds records of a \"Records\" array: give --records or "
            "filter .Records[] | ...");
    const std::uint64_t size = file_size(path);
    if (range->end > size)
        return refuse(fmt::format("{} ends at {}, past the end of {} ({} bytes)", options_.range,
                                  range->end, path, size));
    range_ = *range;
    range_piece_ = piece_of_range(*range, range_stops_);
    if (range->end == size)
        range_stops_.clear();
    range_piece_.may_stop = [this] { return deferred_error_.empty(); };
    input_options.piece = &range_piece_;
    input_options.threads = 1;
    return 0;
}

// Where the reading ended: at the range's end when a value starts there and nothing before it
// made the reading go on (a record's error ends its whole document), else at the end of the
// file, so the pieces after this one give nothing.
bool Run::write_range_report(const InputStream& inputs) {
    if (options_.range_report.empty())
        return true;
    const std::string& path = options_.files.front();
    const std::uint64_t ended_at = inputs.stopped_at() ? range_.end : file_size(path);
    std::string text = "{\"file\":";
    write_json_string(text, path, false);
    text += ",\"range\":";
    write_json_string(text, format_piece_range(range_), false);
    text += fmt::format(",\"ended_at\":{}}}\n", ended_at);
    std::FILE* file = std::fopen(options_.range_report.c_str(), "w");
    bool written = file && std::fputs(text.c_str(), file) >= 0;
    if (file && std::fclose(file) != 0)
        written = false;
    if (!written)
        fmt::print(stderr, "ctq: error: could not write --range-report {}: {}\n",
                   options_.range_report, std::strerror(errno));
    return written;
}

}  // namespace ctq::cli
