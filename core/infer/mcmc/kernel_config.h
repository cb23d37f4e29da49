#pragma once
// The settings of the HMC and NUTS kernels and of their warmup, with Stan's and Pyro's
// defaults.

#include <cmath>
#include <cstdint>

#include "core/infer/mcmc/adaptation_schedule.h"
#include "core/infer/mcmc/dual_averaging.h"

namespace kiln::infer::mcmc {

struct KernelConfig {
  // The first step size; when it is adapted, the search for a reasonable one starts here.
  double step_size = 1.0;
  bool adapt_step_size = true;
  // The acceptance statistic dual averaging aims at; higher gives smaller steps.
  double target_accept = 0.8;
  // Each iteration draws its step size uniformly from step_size * (1 +- jitter), as Stan's
  // stepsize_jitter; in [0, 1], 0 (off) by default.
  double step_size_jitter = 0.0;

  bool adapt_mass_matrix = true;
  // A dense mass matrix (the full covariance) instead of a diagonal one.
  bool dense_mass = false;

  // NUTS: the trajectory stops doubling at this depth, 2^depth - 1 leapfrog steps at most.
  int64_t max_tree_depth = 10;

  // HMC: a fixed number of leapfrog steps if positive; otherwise floor(trajectory_length /
  // step_size) steps (at least one), so the integration time stays fixed as the step adapts.
  int64_t num_steps = 0;
  double trajectory_length = 2.0 * M_PI;

  // A transition whose energy error exceeds this has diverged (Stan's and Pyro's 1000).
  double max_energy_error = 1000.0;

  WindowConfig windows;
  DualAveragingConfig dual_averaging;
};

// Throws DomainError naming the first setting out of its range.
void check_kernel_config(const KernelConfig& config);

} // namespace kiln::infer::mcmc
