#include "core/infer/mcmc/warmup_adapter.h"

#include <cmath>

namespace kiln::infer::mcmc {

WarmupAdapter::WarmupAdapter(const KernelConfig& config, int64_t dim, int64_t num_warmup)
    : adapt_step_size_(config.adapt_step_size), adapt_mass_matrix_(config.adapt_mass_matrix),
      num_warmup_(num_warmup),
      windows_(config.adapt_mass_matrix && dim > 0 ? adaptation_windows(num_warmup, config.windows)
                                                   : std::vector<AdaptationWindow>{}),
      dual_averaging_(config.target_accept, config.dual_averaging),
      estimator_(dim, config.dense_mass) {}

void WarmupAdapter::restart_step_size(double step_size) {
  dual_averaging_.restart(std::log(10.0 * step_size));
}

WarmupAdapter::Update WarmupAdapter::learn(int64_t iteration, const double* position,
                                           double accept_stat, double step_size) {
  Update update;
  update.step_size = step_size;
  if (iteration >= num_warmup_)
    return update;
  if (adapt_step_size_)
    update.step_size = dual_averaging_.update(accept_stat);
  if (window_ < windows_.size() && iteration >= windows_[window_].begin) {
    estimator_.add(position);
    if (iteration == windows_[window_].end) {
      update.window_closed = true;
      update.inverse_mass_matrix = estimator_.regularized();
      estimator_.restart();
      ++window_;
    }
  }
  if (iteration == num_warmup_ - 1 && adapt_step_size_)
    update.step_size = dual_averaging_.averaged_step_size();
  return update;
}

} // namespace kiln::infer::mcmc
