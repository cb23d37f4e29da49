#pragma once
// Distribution arguments written on the command line: `loc=0 scale=[1,2]` or
// `covariance_matrix=[[1,0.5],[0.5,1]]`, values in JSON.

#include <string>
#include <vector>

#include "core/dist/registry.h"

namespace kiln::cli {

// Parses `name=value` words into DistArgs; throws kiln::Error naming the bad word.
dist::DistArgs parse_dist_args(const std::vector<std::string>& words);

} // namespace kiln::cli
