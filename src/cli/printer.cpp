// Buffered printing of results to standard output.
#include "printer.hpp"

#include <cerrno>
#include <cstdio>

namespace ctq::cli {

namespace {
constexpr std::size_t kFlushThreshold = 1u << 16;
}

void Printer::print(const Value& value) {
    if (options_.seq)
        buffer_ += '\x1e';
    if (options_.raw && value.is_string()) {
        buffer_ += value.as_string();
    } else {
        write_json(buffer_, value, options_.writer, [this] { flush(); });
    }
    buffer_ += options_.separator;
    flush_if_full();
}

void Printer::open_document(const Object& head) {
    if (!document_)
        document_.emplace(options_.writer);
    if (options_.seq)
        buffer_ += '\x1e';
    document_->open(buffer_, head);
}

void Printer::resume_document(const Object& head) {
    if (!document_)
        document_.emplace(options_.writer);
    document_->resume(head);
}

void Printer::print_record(const Value& record) {
    document_->record(buffer_, record);
    flush_if_full();
}

void Printer::print_record_text(std::string_view text) {
    document_->record_text(buffer_, text);
    flush_if_full();
}

void Printer::close_document(const Value& rest) {
    document_->close(buffer_, rest);
    buffer_ += options_.separator;
    flush_if_full();
}

void Printer::flush_if_full() {
    if (buffer_.size() >= kFlushThreshold)
        flush();
}

void Printer::write_text(std::string_view text) {
    buffer_ += text;
    flush_if_full();
}

void Printer::flush() {
    if (buffer_.empty() || holding_)
        return;
    if (options_.sink) {
        options_.sink(buffer_);
        buffer_.clear();
        return;
    }
    if (!failed_ && std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) {
        failed_ = true;
        broken_pipe_ = errno == EPIPE;
    }
    buffer_.clear();
    if (!failed_ && std::fflush(stdout) != 0) {
        failed_ = true;
        broken_pipe_ = errno == EPIPE;
    }
}

}  // namespace ctq::cli
