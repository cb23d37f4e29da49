#include "core/diagnostics/split_chains.h"

#include <algorithm>
#include <utility>

namespace kiln::diagnostics {

int64_t split_position(int64_t c, int64_t t, int64_t chains, int64_t draws) {
  const int64_t half = draws / 2;
  if (t < half)
    return c * half + t;
  const int64_t second = draws - half;
  if (t >= second)
    return (chains + c) * half + (t - second);
  return -1;
}

SplitChains split_chains(const Chains& x) {
  return split_chains(x, [](double v) { return v; });
}

std::vector<int64_t> ascending_order(const double* values, int64_t n) {
  // Sorting (value, position) pairs keeps the comparisons in cache, unlike an indirect sort.
  std::vector<std::pair<double, int64_t>> pairs(n);
  for (int64_t i = 0; i < n; ++i)
    pairs[i] = {values[i], i};
  std::sort(pairs.begin(), pairs.end());
  std::vector<int64_t> order(n);
  for (int64_t i = 0; i < n; ++i)
    order[i] = pairs[i].second;
  return order;
}

std::vector<int64_t> split_order(const std::vector<int64_t>& order, int64_t chains, int64_t draws) {
  std::vector<int64_t> out;
  out.reserve(2 * chains * (draws / 2));
  for (int64_t flat : order) {
    const int64_t pos = split_position(flat / draws, flat % draws, chains, draws);
    if (pos >= 0)
      out.push_back(pos);
  }
  return out;
}

} // namespace kiln::diagnostics
