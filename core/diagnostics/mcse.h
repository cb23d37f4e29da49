#pragma once
// Monte Carlo standard errors as ArviZ 0.x defines them (diagnostics._mcse_mean, _mcse_sd and
// the summary's _multichain_statistics): of the mean, sd / sqrt(ESS of the mean); of the sd,
// the delta method on the variance, sqrt(Var[(x - mean)^2] / ESS / (4 E[(x - mean)^2])), with
// the ESS of the mean of (x - mean)^2. Nan where ess() is nan (ArviZ's rules).

#include "core/diagnostics/chains.h"

namespace kiln::diagnostics {

double mcse_mean(const Chains& x);
double mcse_sd(const Chains& x);

} // namespace kiln::diagnostics
