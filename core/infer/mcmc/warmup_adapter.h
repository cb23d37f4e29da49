#pragma once
// Warmup as Stan runs it (adapt_diag_e_nuts / adapt_dense_e_nuts): after every warmup
// iteration, dual averaging moves the step size toward the target acceptance; inside each slow
// window the draws feed a Welford estimate, and when a window closes its regularized
// (co)variance becomes the inverse mass matrix, a new step size is searched for, and dual
// averaging restarts from mu = log(10 eps). The last warmup iteration fixes the step size at
// the dual-averaged one.

#include <cstdint>
#include <vector>

#include "core/infer/mcmc/adaptation_schedule.h"
#include "core/infer/mcmc/dual_averaging.h"
#include "core/infer/mcmc/kernel_config.h"
#include "core/infer/mcmc/welford.h"

namespace kiln::infer::mcmc {

class WarmupAdapter {
public:
  WarmupAdapter(const KernelConfig& config, int64_t dim, int64_t num_warmup);

  int64_t num_warmup() const { return num_warmup_; }
  const std::vector<AdaptationWindow>& windows() const { return windows_; }

  // (Re)starts step size adaptation from a step size just searched for.
  void restart_step_size(double step_size);

  // What one warmup iteration changed.
  struct Update {
    double step_size = 0.0;                  // the step size for the next iteration
    bool window_closed = false;              // a slow window closed: a new metric below,
    std::vector<double> inverse_mass_matrix; // after which the caller searches a new step size
                                             // and calls restart_step_size
  };

  // After warmup iteration `iteration` (0-based, called in order), which ended at `position`
  // with `accept_stat`, starting from `step_size`.
  Update learn(int64_t iteration, const double* position, double accept_stat, double step_size);

private:
  bool adapt_step_size_;
  bool adapt_mass_matrix_;
  int64_t num_warmup_;
  std::vector<AdaptationWindow> windows_;
  size_t window_ = 0; // the current or next slow window
  DualAveraging dual_averaging_;
  WelfordEstimator estimator_;
};

} // namespace kiln::infer::mcmc
