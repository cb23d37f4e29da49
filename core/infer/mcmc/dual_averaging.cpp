#include "core/infer/mcmc/dual_averaging.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace kiln::infer::mcmc {

DualAveraging::DualAveraging(double target, DualAveragingConfig config)
    : target_(target), config_(config) {
  if (!(target > 0.0 && target < 1.0))
    throw DomainError("DualAveraging: the target acceptance is " + std::to_string(target) +
                      ", but must lie in (0, 1)");
  if (!(config.gamma > 0.0) || !(config.t0 >= 0.0) || !(config.kappa > 0.0))
    throw DomainError("DualAveraging: gamma and kappa must be positive and t0 non-negative");
}

void DualAveraging::restart(double mu) {
  mu_ = mu;
  count_ = 0.0;
  error_average_ = 0.0;
  log_step_average_ = 0.0;
}

double DualAveraging::update(double accept_stat) {
  // A nan statistic (a trajectory that failed at once) counts as no acceptance at all.
  const double a = std::isnan(accept_stat) ? 0.0 : std::min(accept_stat, 1.0);
  count_ += 1.0;
  const double eta = 1.0 / (count_ + config_.t0);
  error_average_ = (1.0 - eta) * error_average_ + eta * (target_ - a);
  const double log_step = mu_ - error_average_ * std::sqrt(count_) / config_.gamma;
  const double weight = std::pow(count_, -config_.kappa);
  log_step_average_ = (1.0 - weight) * log_step_average_ + weight * log_step;
  return std::exp(log_step);
}

double DualAveraging::averaged_step_size() const {
  return std::exp(log_step_average_);
}

} // namespace kiln::infer::mcmc
