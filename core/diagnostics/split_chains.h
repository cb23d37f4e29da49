#pragma once
// Split chains (Vehtari et al. 2021, sec. 4.1): each chain's first and second halves become two
// chains, so a trend within a chain shows up as a difference between chains. As ArviZ's
// _split_chains lays them out: the first halves of all chains, then the second halves; a chain
// of odd length loses its middle draw.

#include <cstdint>
#include <vector>

#include "core/diagnostics/chains.h"

namespace kiln::diagnostics {

struct SplitChains {
  std::vector<double> values; // (2 * chains) rows of `draws` values
  int64_t chains = 0;
  int64_t draws = 0;
  Chains view() const { return Chains(values.data(), chains, draws); }
};

// The split chains of f(x) for each draw x (f(x) = x by default).
template <class F> SplitChains split_chains(const Chains& x, F f) {
  SplitChains s;
  const int64_t half = x.draws() / 2;
  s.chains = 2 * x.chains();
  s.draws = half;
  s.values.resize(s.chains * half);
  const int64_t second = x.draws() - half; // where the second half starts
  for (int64_t c = 0; c < x.chains(); ++c) {
    const double* in = x.chain(c);
    double* first_out = s.values.data() + c * half;
    double* second_out = s.values.data() + (x.chains() + c) * half;
    for (int64_t t = 0; t < half; ++t) {
      first_out[t] = f(in[t]);
      second_out[t] = f(in[second + t]);
    }
  }
  return s;
}
SplitChains split_chains(const Chains& x);

// The draws the split chains keep (all but the middle draw of an odd-length chain), as flat
// indices c * draws + t in ascending order of value, taken from `order`, the ascending order of
// all of x's draws.
std::vector<int64_t> kept_by_split(const std::vector<int64_t>& order, const Chains& x);

} // namespace kiln::diagnostics
