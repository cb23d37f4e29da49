#pragma once
// Effective sample size as ArviZ 0.x (arviz/stats/diagnostics.py) and Stan
// (stan/analyze/mcmc/ess.hpp) compute it: Geyer's (1992) initial monotone sequence estimator
// over chains (Vehtari et al. 2021, sec. 3.2, eqs. 10-13), and the variants built on it:
// ESS of the mean on split chains, bulk ESS on rank-normalized split chains (sec. 4.2) and
// tail ESS from the 5% and 95% quantile indicators (sec. 4.3).
//
// Every function returns nan when a value is not finite or the chains are shorter than
// kMinDraws, where ArviZ returns nan too (ArviZ accepts inf; Kiln does not rank it).

#include <cstdint>
#include <vector>

#include "core/diagnostics/chains.h"

namespace kiln::diagnostics {

// ESS of the chains as given, neither split nor ranked (ArviZ's _ess, Stan's ess()): the total
// draws over the integrated autocorrelation time, at most N log10(N); N for values that are
// all equal (within 1e-15). Needs at least 2 draws per chain.
double ess(const Chains& x);

// ESS of the mean: of the split chains (ArviZ method "mean"; the ESS behind mcse_mean).
double ess_mean(const Chains& x);

// Bulk ESS: of the rank-normalized split chains (ArviZ method "bulk"), that is
// ess(split_normal_scores(x, ...).view()).
double ess_bulk(const Chains& x);

// ESS of the `prob` quantile: of the split indicator x <= q, with q the quantile of all draws.
double ess_quantile(const Chains& x, double prob);
// The same with the quantile already known.
double ess_below(const Chains& x, double q);

// Tail ESS: the smaller of the ESS of the `prob` and `1 - prob` quantiles (5% and 95%).
double ess_tail(const Chains& x, double prob = 0.05);
// The same with all of x's draws already sorted ascending.
double ess_tail(const Chains& x, const std::vector<double>& sorted, double prob = 0.05);

} // namespace kiln::diagnostics
