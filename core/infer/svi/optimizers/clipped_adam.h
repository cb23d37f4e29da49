#pragma once
// Pyro's ClippedAdam (pyro.optim.clipped_adam): Adam whose gradient elements are clamped to
// [-clip_norm, clip_norm], whose learning rate is multiplied by lrd before every step, and
// whose eps is added before the bias correction (step size lr sqrt(1 - beta2^t) / (1 - beta1^t)).
#include "core/infer/svi/optimizers/torch_optimizer.h"

namespace kiln::infer::svi {

struct ClippedAdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  double clip_norm = 10.0;
  // Learning-rate decay per step: step t (from 1) uses lr * lrd^t.
  double lrd = 1.0;
};

class ClippedAdam : public TorchOptimizer {
public:
  explicit ClippedAdam(ClippedAdamOptions options = {});

protected:
  void update(at::Tensor& param, const at::Tensor& grad, double lr, State& state) override;
  double lr_at(int64_t steps) const override;

private:
  ClippedAdamOptions options_;
};

} // namespace kiln::infer::svi
