#pragma once
// R-hat as ArviZ 0.x and Stan compute it. The classic potential scale reduction (Gelman and
// Rubin 1992; Vehtari et al. 2021 eqs. 3-4) compares between- and within-chain variance; the
// rank-normalized split R-hat (Vehtari et al. 2021, sec. 4.3) applies it to the ranks of the
// split chains (bulk) and to the ranks of their distances from the median (folded, which sees
// chains that differ in scale), and reports the larger. Above 1.01 the chains disagree.

#include "core/diagnostics/chains.h"

namespace kiln::diagnostics {

// sqrt(((n - 1)/n W + B/n) / W) of the chains as given (ArviZ's _rhat, Stan's rhat()).
double rhat_basic(const Chains& x);

// Rank-normalized split R-hat: max(bulk, folded); nan for fewer than 2 chains or kMinDraws
// draws, or values that are not finite.
double rhat(const Chains& x);

// The larger of rhat_basic of the rank-normalized split chains and of the folded ones
// (split_normal_scores and split_folded_normal_scores); nan if either is. az.rhat folds at the
// median of the split draws, az.summary at the median of all draws: they differ only for
// chains of odd length.
double rank_normalized_rhat(const Chains& bulk_scores, const Chains& folded_scores);

} // namespace kiln::diagnostics
