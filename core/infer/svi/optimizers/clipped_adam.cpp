#include "core/infer/svi/optimizers/clipped_adam.h"

#include <cmath>

#include <ATen/ATen.h>

namespace kiln::infer::svi {

ClippedAdam::ClippedAdam(ClippedAdamOptions o) : TorchOptimizer(o.lr), options_(o) {
  check_hyperparameter(o.beta1 >= 0 && o.beta1 < 1, "ClippedAdam", "beta1", o.beta1, "in [0, 1)");
  check_hyperparameter(o.beta2 >= 0 && o.beta2 < 1, "ClippedAdam", "beta2", o.beta2, "in [0, 1)");
  check_hyperparameter(o.eps >= 0, "ClippedAdam", "eps", o.eps, "nonnegative");
  check_hyperparameter(o.weight_decay >= 0, "ClippedAdam", "weight_decay", o.weight_decay,
                       "nonnegative");
  check_hyperparameter(o.clip_norm > 0, "ClippedAdam", "clip_norm", o.clip_norm, "positive");
  check_hyperparameter(o.lrd > 0 && std::isfinite(o.lrd), "ClippedAdam", "lrd", o.lrd, "positive");
}

double ClippedAdam::lr_at(int64_t steps) const {
  return TorchOptimizer::lr_at(steps) * std::pow(options_.lrd, static_cast<double>(steps + 1));
}

void ClippedAdam::update(at::Tensor& param, const at::Tensor& grad_in, double lr, State& state) {
  const ClippedAdamOptions& o = options_;
  if (state.buffers.empty())
    state.buffers = {at::zeros_like(param), at::zeros_like(param)};
  at::Tensor& exp_avg = state.buffers[0];
  at::Tensor& exp_avg_sq = state.buffers[1];
  at::Tensor grad = grad_in.clamp(-o.clip_norm, o.clip_norm);
  if (o.weight_decay != 0)
    grad = grad + o.weight_decay * param;
  exp_avg.mul_(o.beta1).add_(grad, 1 - o.beta1);
  exp_avg_sq.mul_(o.beta2).addcmul_(grad, grad, 1 - o.beta2);
  at::Tensor denom = exp_avg_sq.sqrt() + o.eps;
  const auto t = static_cast<double>(state.step);
  const double step_size = lr * std::sqrt(1 - std::pow(o.beta2, t)) / (1 - std::pow(o.beta1, t));
  param.addcdiv_(exp_avg, denom, -step_size);
}

} // namespace kiln::infer::svi
