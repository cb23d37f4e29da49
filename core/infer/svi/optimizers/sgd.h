#pragma once
// Stochastic gradient descent as torch.optim.SGD defines it (torch 1.13), with momentum
// (Polyak's heavy ball in torch's form: the first buffer is the gradient itself), dampening,
// Nesterov momentum (Sutskever et al. 2013) and L2 weight decay.
#include "core/infer/svi/optimizers/torch_optimizer.h"

namespace kiln::infer::svi {

struct SgdOptions {
  double lr = 1e-3;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  // Needs momentum > 0 and dampening 0, as torch.
  bool nesterov = false;
};

class SGD : public TorchOptimizer {
public:
  explicit SGD(SgdOptions options = {});

protected:
  void update(at::Tensor& param, const at::Tensor& grad, double lr, State& state) override;

private:
  SgdOptions options_;
};

} // namespace kiln::infer::svi
