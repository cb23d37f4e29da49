#pragma once
// "Did you mean 'sigma'?": the closest known name to a misspelt one.

#include <string>
#include <vector>

namespace kiln::lang {

// The candidate within a small edit distance of `name` (scaled to its length), or "".
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

} // namespace kiln::lang
