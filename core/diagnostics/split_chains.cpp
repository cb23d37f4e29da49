#include "core/diagnostics/split_chains.h"

namespace kiln::diagnostics {

SplitChains split_chains(const Chains& x) {
  return split_chains(x, [](double v) { return v; });
}

std::vector<int64_t> kept_by_split(const std::vector<int64_t>& order, const Chains& x) {
  const int64_t draws = x.draws();
  if (draws % 2 == 0)
    return order;
  std::vector<int64_t> kept;
  kept.reserve(order.size() - x.chains());
  for (int64_t flat : order)
    if (flat % draws != draws / 2)
      kept.push_back(flat);
  return kept;
}

} // namespace kiln::diagnostics
