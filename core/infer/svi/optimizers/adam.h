#pragma once
// Adam and AdamW exactly as torch.optim defines them (torch 1.13; Pyro's pyro.optim.Adam and
// AdamW wrap them): Kingma & Ba (2015), Algorithm 1, with eps added after the bias correction
// of the second moment; AdamW decays the weights apart from the gradient (Loshchilov & Hutter,
// 2019).
#include "core/infer/svi/optimizers/torch_optimizer.h"

namespace kiln::infer::svi {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  // Adam: added to the gradient as weight_decay * param (L2). AdamW: param *= 1 - lr * decay.
  double weight_decay = 0.0;
  // Divide by the running maximum of the second moment (Reddi et al., 2018).
  bool amsgrad = false;
};

class Adam : public TorchOptimizer {
public:
  explicit Adam(AdamOptions options = {});

protected:
  void update(at::Tensor& param, const at::Tensor& grad, double lr, State& state) override;
  // AdamW's decoupled decay.
  Adam(AdamOptions options, bool decoupled);

private:
  AdamOptions options_;
  bool decoupled_ = false;
};

// AdamOptions with weight_decay defaulting to torch's AdamW 1e-2.
AdamOptions adamw_defaults();

class AdamW : public Adam {
public:
  explicit AdamW(AdamOptions options = adamw_defaults()) : Adam(options, true) {}
};

} // namespace kiln::infer::svi
