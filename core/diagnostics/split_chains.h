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

// Where draw t of chain c goes in the split layout of `chains` chains of `draws` draws
// (row * half + column), or -1 for the middle draw of an odd-length chain.
int64_t split_position(int64_t c, int64_t t, int64_t chains, int64_t draws);

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

// The positions 0..n-1 of `values` in ascending order of value (ties in any order). Values must
// not be nan.
std::vector<int64_t> ascending_order(const double* values, int64_t n);

// The ascending order of the split layout, taken from `order`, the ascending order of x's
// draws (flat indices c * draws + t), without sorting again.
std::vector<int64_t> split_order(const std::vector<int64_t>& order, int64_t chains, int64_t draws);

} // namespace kiln::diagnostics
