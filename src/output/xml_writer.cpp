// XmlWriter: every byte of a name's value or text goes through xml_escape.
#include "ctq/output/xml_writer.hpp"

namespace ctq {

namespace {

constexpr const char* replacement = "\xEF\xBF\xBD";

// The length of the valid UTF-8 sequence at text[i], or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > text.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
    // Overlong forms, surrogates, and U+FFFE/U+FFFF, which XML does not allow.
    if (n == 3 && c == 0xE0 && byte(i + 1) < 0xA0)
        return 0;
    if (n == 3 && c == 0xED && byte(i + 1) >= 0xA0)
        return 0;
    if (n == 3 && c == 0xEF && byte(i + 1) == 0xBF && byte(i + 2) >= 0xBE)
        return 0;
    if (n == 4 && ((c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) >= 0x90)))
        return 0;
    return n;
}

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_length(text, i);
            if (n == 0) {
                out += replacement;
                ++i;
            } else {
                out.append(text.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\t': out += "&#9;"; break;
            case '\n': out += "&#10;"; break;
            case '\r': out += "&#13;"; break;
            default:
                if (c < 0x20 || c == 0x7F)
                    out += replacement;
                else
                    out += static_cast<char>(c);
        }
        ++i;
    }
    return out;
}

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") {}

void XmlWriter::close_start_tag() {
    if (in_start_tag_)
        out_ += '>';
    in_start_tag_ = false;
}

void XmlWriter::start(std::string_view name,
                      const std::vector<std::pair<std::string_view, std::string>>& attributes) {
    close_start_tag();
    out_ += '<';
    out_ += name;
    for (const auto& [key, value] : attributes) {
        out_ += ' ';
        out_ += key;
        out_ += "=\"";
        out_ += xml_escape(value);
        out_ += '"';
    }
    in_start_tag_ = true;
    open_.emplace_back(name);
}

void XmlWriter::text(std::string_view text) {
    close_start_tag();
    out_ += xml_escape(text);
}

void XmlWriter::end() {
    if (open_.empty())
        return;
    if (in_start_tag_) {
        out_ += "/>";
        in_start_tag_ = false;
    } else {
        out_ += "</" + open_.back() + ">";
    }
    open_.pop_back();
    if (open_.size() <= 1)
        out_ += '\n';
}

std::string XmlWriter::finish() {
    while (!open_.empty()) end();
    return std::move(out_);
}

}  // namespace ctq
