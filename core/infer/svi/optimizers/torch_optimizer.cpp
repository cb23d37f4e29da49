#include "core/infer/svi/optimizers/torch_optimizer.h"

#include <cmath>
#include <string>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::infer::svi {

void check_hyperparameter(bool ok, const char* who, const char* what, double x,
                          const char* requirement) {
  if (!ok || std::isnan(x))
    throw DomainError(std::string(who) + ": " + what + " is " + format_number(x) +
                      ", but must be " + requirement);
}

at::Tensor clip_gradient(const at::Tensor& grad, const GradClip& clip) {
  at::Tensor g = grad;
  if (clip.max_norm > 0) {
    const double norm = g.norm().item<double>();
    g = g * std::min(1.0, clip.max_norm / (norm + 1e-6));
  }
  if (clip.max_value > 0)
    g = g.clamp(-clip.max_value, clip.max_value);
  return g;
}

TorchOptimizer::TorchOptimizer(double lr) : base_lr_(lr) {
  check_hyperparameter(lr >= 0 && std::isfinite(lr), "optimizer", "lr", lr,
                       "finite and nonnegative");
}

void TorchOptimizer::set_grad_clip(GradClip clip) {
  check_hyperparameter(clip.max_norm >= 0, "gradient clipping", "max_norm", clip.max_norm,
                       "nonnegative");
  check_hyperparameter(clip.max_value >= 0, "gradient clipping", "max_value", clip.max_value,
                       "nonnegative");
  clip_ = clip;
}

double TorchOptimizer::lr_at(int64_t steps) const {
  return schedule_ ? schedule_->lr(base_lr_, steps) : base_lr_;
}

void TorchOptimizer::step(const NamedParams& params) {
  at::NoGradGuard no_grad;
  const double lr = lr_at(steps_);
  for (const auto& [name, tensor] : params) {
    const at::Tensor& grad = tensor.grad();
    if (!grad.defined())
      continue;
    State& state = states_[name];
    ++state.step;
    at::Tensor param = tensor;
    update(param, clip_gradient(grad, clip_), lr, state);
  }
  ++steps_;
}

} // namespace kiln::infer::svi
