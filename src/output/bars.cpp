// Unicode block bars (bars.hpp).
#include "ctq/output/bars.hpp"

#include <algorithm>

namespace ctq {

std::uint64_t bar_eighths(std::uint64_t count, std::uint64_t max, std::size_t cells) {
    if (count == 0 || max == 0)
        return 0;
    const std::uint64_t full = static_cast<std::uint64_t>(cells) * 8;
    // Rounded to the nearest eighth in integers: no floating point to disagree with a test.
    const std::uint64_t eighths = (count * full * 2 + max) / (max * 2);
    return std::max<std::uint64_t>(1, eighths);
}

std::string horizontal_bar(std::uint64_t eighths) {
    static const char* const partial[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    std::string bar;
    for (std::uint64_t i = 0; i < eighths / 8; ++i) bar += "█";
    return bar + partial[eighths % 8];
}

std::string vertical_block(std::uint64_t eighths) {
    static const char* const blocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    return blocks[std::min<std::uint64_t>(eighths, 8)];
}

}  // namespace ctq
