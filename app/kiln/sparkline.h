#pragma once
// A series as one line of block characters (▁▂▃▄▅▆▇█), for an ELBO curve in a terminal.

#include <string>
#include <vector>

namespace kiln::cli {

// At most `width` characters: longer series are averaged in equal buckets. Non-finite values
// are left out; an empty string when nothing finite is left.
std::string sparkline(const std::vector<double>& values, size_t width = 60);

} // namespace kiln::cli
