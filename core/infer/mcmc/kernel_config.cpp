#include "core/infer/mcmc/kernel_config.h"

#include <string>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::infer::mcmc {

namespace {

void require(bool ok, const char* name, double value, const char* requirement) {
  if (!ok)
    throw DomainError(std::string("MCMC kernel: ") + name + " is " + format_number(value) +
                      ", but must be " + requirement);
}

} // namespace

void check_kernel_config(const KernelConfig& c) {
  require(c.step_size > 0.0 && std::isfinite(c.step_size), "step_size", c.step_size,
          "positive and finite");
  require(c.target_accept > 0.0 && c.target_accept < 1.0, "target_accept", c.target_accept,
          "in (0, 1)");
  require(c.step_size_jitter >= 0.0 && c.step_size_jitter <= 1.0, "step_size_jitter",
          c.step_size_jitter, "in [0, 1]");
  require(c.max_tree_depth >= 1 && c.max_tree_depth <= 30, "max_tree_depth",
          static_cast<double>(c.max_tree_depth), "between 1 and 30");
  require(c.num_steps >= 0, "num_steps", static_cast<double>(c.num_steps), "non-negative");
  require(c.trajectory_length > 0.0 && std::isfinite(c.trajectory_length), "trajectory_length",
          c.trajectory_length, "positive and finite");
  require(c.max_energy_error > 0.0, "max_energy_error", c.max_energy_error, "positive");
  require(c.dual_averaging.gamma > 0.0, "dual_averaging.gamma", c.dual_averaging.gamma, "positive");
  require(c.dual_averaging.t0 >= 0.0, "dual_averaging.t0", c.dual_averaging.t0, "non-negative");
  require(c.dual_averaging.kappa > 0.0, "dual_averaging.kappa", c.dual_averaging.kappa, "positive");
  require(c.windows.init_buffer >= 0, "windows.init_buffer",
          static_cast<double>(c.windows.init_buffer), "non-negative");
  require(c.windows.base_window >= 1, "windows.base_window",
          static_cast<double>(c.windows.base_window), "positive");
  require(c.windows.term_buffer >= 0, "windows.term_buffer",
          static_cast<double>(c.windows.term_buffer), "non-negative");
}

} // namespace kiln::infer::mcmc
