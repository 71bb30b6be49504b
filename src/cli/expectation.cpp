// --expect: parsing the bound, testing a count against it, and saying what was found.
#include "expectation.hpp"

#include <fmt/format.h>

#include <cctype>

namespace ctq::cli {

namespace {

std::optional<std::uint64_t> parse_count(const std::string& digits) {
    if (digits.empty() || digits.size() > 18)
        return std::nullopt;
    std::uint64_t n = 0;
    for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

}  // namespace

bool Expectation::holds(std::uint64_t count) const {
    switch (kind) {
        case Kind::Exactly: return count == bound;
        case Kind::Fewer: return count < bound;
        case Kind::More: return count > bound;
    }
    return false;
}

std::optional<Expectation> parse_expectation(const std::string& text) {
    Expectation e;
    e.text = text;
    if (text == "none")
        return e;
    if (text == "some") {
        e.kind = Expectation::Kind::More;
        return e;
    }
    std::string digits = text;
    if (!text.empty() && (text[0] == '<' || text[0] == '>')) {
        e.kind = text[0] == '<' ? Expectation::Kind::Fewer : Expectation::Kind::More;
        digits = text.substr(1);
    }
    const auto n = parse_count(digits);
    if (!n)
        return std::nullopt;
    e.bound = *n;
    return e;
}

std::string failure_line(const Expectation& expectation, std::uint64_t count,
                         const std::vector<Offender>& offenders) {
    std::string line =
        fmt::format("ctq: expectation failed: --expect {}, got {}", expectation.text, count);
    const char* separator = ": ";
    for (const Offender& o : offenders) {
        line += fmt::format("{}{}#{} {}", separator, o.file, o.index, o.json);
        separator = "; ";
    }
    if (count > offenders.size() && !offenders.empty())
        line += "; ...";
    return line + "\n";
}

}  // namespace ctq::cli
