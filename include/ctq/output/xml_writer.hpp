// A small XML writer: elements, attributes and text, each escaped once, here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctq {

class XmlWriter {
public:
    XmlWriter();

    /// <name a="v" ...> ; the element stays open until end().
    void start(std::string_view name,
               const std::vector<std::pair<std::string_view, std::string>>& attributes = {});
    void text(std::string_view text);
    void end();

    /// The document, every element closed.
    std::string finish();

private:
    std::string out_;
    std::vector<std::string> open_;
    bool in_start_tag_ = false;  // a start tag not yet closed by '>'
    void close_start_tag();
};

/// Text as XML character data or an attribute value: & < > " ' escaped; characters XML 1.0
/// cannot hold (controls other than tab, newline and return; invalid UTF-8) become U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace ctq
