#pragma once
// Counts of the NUTS/HMC transitions that warn of a biased sample: divergences (the energy error
// of a trajectory exceeded the threshold, so the sampler could not follow the posterior's
// geometry there) and tree-depth saturation (the trajectory hit the maximum depth before
// turning, a sign of a step size too small for the posterior's scale, and of lost efficiency).
// Stan's diagnose counts the same: treedepth__ >= max_depth and divergent__ == 1.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::diagnostics {

// Per chain, and their sum.
struct ChainCounts {
  std::vector<int64_t> per_chain;
  int64_t total() const;
};

// Draws flagged as divergent in a [chains, draws] tensor of flags (bool, or numbers where
// nonzero means divergent).
ChainCounts count_divergences(const at::Tensor& diverging);

// Draws whose tree depth reached `max_tree_depth`, from a [chains, draws] tensor of depths.
ChainCounts count_max_tree_depth(const at::Tensor& tree_depth, int64_t max_tree_depth);

} // namespace kiln::diagnostics
