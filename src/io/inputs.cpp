// Reading the input files one after another as a single stream of values.
#include "ctq/inputs.hpp"

#include <cerrno>
#include <cstring>

#include "ctq/error.hpp"

namespace ctq {

InputStream::InputStream(std::vector<std::string> files, Options options,
                         OpenErrorHandler on_open_error)
    : files_(std::move(files)), options_(options), on_open_error_(std::move(on_open_error)) {
    if (files_.empty()) files_.push_back("-");
}

InputStream::~InputStream() { close_current(); }

void InputStream::close_current() {
    reader_.reset();
    source_.reset();
    if (file_ && owns_file_) std::fclose(file_);
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
            file_ = std::fopen(name.c_str(), "rb");
            owns_file_ = true;
            if (!file_) {
                if (on_open_error_) {
                    on_open_error_("Could not open " + name + ": " + std::strerror(errno));
                }
                continue;
            }
        }
        current_ = name;
        raw_line_ = 0;
        source_ = std::make_unique<StreamSource>(file_);
        if (!options_.raw) reader_ = std::make_unique<JsonReader>(*source_);
        return true;
    }
    return false;
}

std::optional<Value> InputStream::next() {
    while (true) {
        if (!source_ && !open_next()) return std::nullopt;
        if (options_.raw) {
            std::string line;
            int c = 0;
            bool any = false;
            while ((c = std::fgetc(file_)) != EOF) {
                any = true;
                if (c == '\n') break;
                line += static_cast<char>(c);
            }
            if (any) {
                ++raw_line_;
                return Value::string(std::move(line));
            }
            close_current();
            continue;
        }
        Value value;
        try {
            if (reader_->next(value)) return value;
        } catch (const JsonParseError& error) {
            throw InputError(current_name(), error.what());
        }
        close_current();
    }
}

std::string InputStream::read_all_text() {
    std::string text;
    while (source_ || open_next()) {
        char buffer[65536];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, file_)) > 0) text.append(buffer, n);
        close_current();
    }
    return text;
}

Value InputStream::current_filename() const {
    if (current_.empty() || current_ == "-") return Value::null();
    return Value::string(current_);
}

std::string InputStream::current_name() const {
    return current_.empty() || current_ == "-" ? "<stdin>" : current_;
}

std::size_t InputStream::current_line() const {
    if (reader_) return reader_->line();
    return raw_line_;
}

}  // namespace ctq
