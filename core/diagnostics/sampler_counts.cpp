#include "core/diagnostics/sampler_counts.h"

#include <numeric>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/shape.h"

namespace kiln::diagnostics {

namespace {

ChainCounts count_per_chain(const at::Tensor& hits) {
  const at::Tensor counts = hits.sum(1, /*keepdim=*/false, at::kLong).contiguous();
  const int64_t* c = counts.data_ptr<int64_t>();
  return {std::vector<int64_t>(c, c + counts.numel())};
}

void check_chains_shape(const at::Tensor& t, const char* who) {
  if (!t.defined() || t.dim() != 2)
    throw ShapeError(std::string(who) + ": expected a (chains, draws) tensor, got " +
                     (t.defined() ? format_shape(t.sizes().vec()) : std::string("none")));
}

} // namespace

int64_t ChainCounts::total() const {
  return std::accumulate(per_chain.begin(), per_chain.end(), int64_t{0});
}

ChainCounts count_divergences(const at::Tensor& diverging) {
  check_chains_shape(diverging, "count_divergences");
  return count_per_chain(diverging.to(at::kCPU) != 0);
}

ChainCounts count_max_tree_depth(const at::Tensor& tree_depth, int64_t max_tree_depth) {
  check_chains_shape(tree_depth, "count_max_tree_depth");
  return count_per_chain(tree_depth.to(at::kCPU) >= max_tree_depth);
}

} // namespace kiln::diagnostics
