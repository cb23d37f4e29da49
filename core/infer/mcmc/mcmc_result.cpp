#include "core/infer/mcmc/mcmc_result.h"

#include <algorithm>

#include <ATen/ATen.h>

namespace kiln::infer::mcmc {

int64_t ChainResult::num_divergences() const {
  return std::count_if(stats.begin(), stats.end(),
                       [](const SamplerStats& s) { return s.diverging; });
}

int64_t MCMCResult::num_divergences() const {
  int64_t n = 0;
  for (const ChainResult& c : chains)
    n += c.num_divergences();
  return n;
}

poutine::ValueMap MCMCResult::get_samples(bool group_by_chain) const {
  poutine::ValueMap out;
  if (chains.empty())
    return out;
  int64_t shortest = chains.front().num_draws();
  for (const ChainResult& c : chains)
    shortest = std::min(shortest, c.num_draws());
  for (const auto& [name, first] : chains.front().samples) {
    std::vector<at::Tensor> parts;
    for (const ChainResult& c : chains) {
      const at::Tensor& draws = c.samples.at(name);
      parts.push_back(group_by_chain ? draws.narrow(0, 0, shortest) : draws);
    }
    out.emplace(name, group_by_chain ? at::stack(parts) : at::cat(parts));
  }
  return out;
}

} // namespace kiln::infer::mcmc
