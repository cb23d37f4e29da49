#include "core/infer/svi/optimizers/adam.h"

#include <cmath>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/variable.h>

namespace kiln::infer::svi {

namespace {

bool fusable(const at::Tensor& param, const at::Tensor& grad, const at::Tensor& m,
             const at::Tensor& v) {
  for (const at::Tensor* t : {&param, &grad, &m, &v})
    if (t->scalar_type() != at::kDouble || !t->is_contiguous() || t->device().type() != at::kCPU ||
        t->sizes() != param.sizes())
      return false;
  return true;
}

} // namespace

Adam::Adam(AdamOptions options) : Adam(options, false) {}

Adam::Adam(AdamOptions o, bool decoupled)
    : TorchOptimizer(o.lr), options_(o), decoupled_(decoupled) {
  const char* who = decoupled ? "AdamW" : "Adam";
  check_hyperparameter(o.beta1 >= 0 && o.beta1 < 1, who, "beta1", o.beta1, "in [0, 1)");
  check_hyperparameter(o.beta2 >= 0 && o.beta2 < 1, who, "beta2", o.beta2, "in [0, 1)");
  check_hyperparameter(o.eps >= 0, who, "eps", o.eps, "nonnegative");
  check_hyperparameter(o.weight_decay >= 0, who, "weight_decay", o.weight_decay, "nonnegative");
}

AdamOptions adamw_defaults() {
  AdamOptions o;
  o.weight_decay = 1e-2;
  return o;
}

void Adam::update(at::Tensor& param, const at::Tensor& grad_in, double lr, State& state) {
  const AdamOptions& o = options_;
  if (state.buffers.empty())
    state.buffers = {at::zeros_like(param), at::zeros_like(param), at::zeros_like(param)};
  at::Tensor& exp_avg = state.buffers[0];
  at::Tensor& exp_avg_sq = state.buffers[1];
  at::Tensor& max_exp_avg_sq = state.buffers[2];

  const auto t = static_cast<double>(state.step);
  const double bias_correction1 = 1 - std::pow(o.beta1, t);
  const double bias_correction2_sqrt = std::sqrt(1 - std::pow(o.beta2, t));
  if (fusable(param, grad_in, exp_avg, exp_avg_sq) && !o.amsgrad) {
    // One pass instead of eight tensor ops: a guide's parameters are as large as the model.
    double* __restrict p = param.data_ptr<double>();
    double* __restrict m = exp_avg.data_ptr<double>();
    double* __restrict v = exp_avg_sq.data_ptr<double>();
    const double* __restrict gp = grad_in.data_ptr<double>();
    const double shrink = decoupled_ ? 1 - lr * o.weight_decay : 1;
    const double coupled = decoupled_ ? 0 : o.weight_decay;
    const double step = lr / bias_correction1;
    for (int64_t i = 0, n = param.numel(); i < n; ++i) {
      const double g = gp[i] + coupled * p[i];
      m[i] = m[i] * o.beta1 + (1 - o.beta1) * g;
      v[i] = v[i] * o.beta2 + (1 - o.beta2) * g * g;
      p[i] = p[i] * shrink - step * m[i] / (std::sqrt(v[i]) / bias_correction2_sqrt + o.eps);
    }
    torch::autograd::impl::bump_version(param);
    return;
  }

  at::Tensor grad = grad_in;
  if (decoupled_)
    param.mul_(1 - lr * o.weight_decay);
  else if (o.weight_decay != 0)
    grad = grad + o.weight_decay * param;

  exp_avg.mul_(o.beta1).add_(grad, 1 - o.beta1);
  exp_avg_sq.mul_(o.beta2).addcmul_(grad, grad, 1 - o.beta2);
  at::Tensor second = exp_avg_sq;
  if (o.amsgrad) {
    at::maximum_out(max_exp_avg_sq, max_exp_avg_sq, exp_avg_sq);
    second = max_exp_avg_sq;
  }
  at::Tensor denom = second.sqrt() / bias_correction2_sqrt + o.eps;
  param.addcdiv_(exp_avg, denom, -lr / bias_correction1);
}

} // namespace kiln::infer::svi
