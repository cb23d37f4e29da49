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

struct StepConstants {
  double beta1, beta2, eps, shrink, coupled, step, bias_correction2_sqrt;
};

// One pass over n contiguous parameters. Cloned for AVX2 where the CPU has it (picked when the
// library loads): the same IEEE operations four at a time without FMA, so both give the same
// bits. core/CMakeLists.txt compiles this file without math-errno, or sqrt would not vectorize
// (v is never negative).
__attribute__((target_clones("avx2", "default"))) void
adam_pass(double* __restrict p, double* __restrict m, double* __restrict v,
          const double* __restrict g, int64_t n, const StepConstants& constants) {
  const StepConstants c = constants;
  for (int64_t i = 0; i < n; ++i) {
    const double gi = g[i] + c.coupled * p[i];
    m[i] = m[i] * c.beta1 + (1 - c.beta1) * gi;
    v[i] = v[i] * c.beta2 + (1 - c.beta2) * gi * gi;
    p[i] = p[i] * c.shrink - c.step * m[i] / (std::sqrt(v[i]) / c.bias_correction2_sqrt + c.eps);
  }
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
    const StepConstants c{o.beta1,
                          o.beta2,
                          o.eps,
                          decoupled_ ? 1 - lr * o.weight_decay : 1,
                          decoupled_ ? 0 : o.weight_decay,
                          lr / bias_correction1,
                          bias_correction2_sqrt};
    adam_pass(param.data_ptr<double>(), exp_avg.data_ptr<double>(), exp_avg_sq.data_ptr<double>(),
              grad_in.data_ptr<double>(), param.numel(), c);
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
