#pragma once
// E-BFMI, the energy Bayesian fraction of missing information (Betancourt 2016, "Diagnosing
// Suboptimal Cotangent Disintegrations in Hamiltonian Monte Carlo", eq. 7), per chain as ArviZ's
// bfmi computes it: mean((E_t - E_{t-1})^2) / var(E) with var's ddof = 1. Independent energies
// give about 2; below 0.3 the momentum resampling explores the energy levels poorly.

#include <vector>

#include <ATen/core/Tensor.h>

#include "core/diagnostics/chains.h"

namespace kiln::diagnostics {

// Below this E-BFMI a chain's energy exploration is poor (Stan's and ArviZ's advice).
constexpr double kLowBfmi = 0.3;

// One value per chain of the sampler's energy draws; nan for a chain of fewer than 2 draws or
// with a value that is not finite.
std::vector<double> e_bfmi(const Chains& energy);

} // namespace kiln::diagnostics
