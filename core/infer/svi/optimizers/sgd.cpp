#include "core/infer/svi/optimizers/sgd.h"

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::infer::svi {

SGD::SGD(SgdOptions o) : TorchOptimizer(o.lr), options_(o) {
  check_hyperparameter(o.momentum >= 0, "SGD", "momentum", o.momentum, "nonnegative");
  check_hyperparameter(o.weight_decay >= 0, "SGD", "weight_decay", o.weight_decay, "nonnegative");
  if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
    throw DomainError("SGD: Nesterov momentum requires a momentum > 0 and zero dampening");
}

void SGD::update(at::Tensor& param, const at::Tensor& grad, double lr, State& state) {
  const SgdOptions& o = options_;
  at::Tensor d_p = grad;
  if (o.weight_decay != 0)
    d_p = d_p + o.weight_decay * param;
  if (o.momentum != 0) {
    if (state.buffers.empty()) {
      state.buffers = {d_p.clone()};
    } else {
      state.buffers[0].mul_(o.momentum).add_(d_p, 1 - o.dampening);
    }
    const at::Tensor& buf = state.buffers[0];
    d_p = o.nesterov ? d_p + o.momentum * buf : buf;
  }
  param.add_(d_p, -lr);
}

} // namespace kiln::infer::svi
