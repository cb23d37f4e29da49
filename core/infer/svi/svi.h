#pragma once
// Stochastic variational inference (Pyro's SVI): a model, a guide, an optimizer and an ELBO.
// Each step estimates the loss and its gradient, and updates the parameters the model and the
// guide read, in the param store of the calling thread.
#include "core/infer/svi/elbo.h"
#include "core/infer/svi/optimizer.h"
#include "core/poutine/model.h"

namespace kiln::infer::svi {

class SVI {
public:
  SVI(poutine::Model model, poutine::Model guide, OptimizerPtr optim, ElboPtr loss);

  // One gradient step; returns the loss before the update. A loss or gradient that is not
  // finite is an Error naming the step and the site whose log density or gradient went bad,
  // and the parameters are left as they were.
  double step();

  // The loss at the current parameters, without a step.
  double evaluate_loss();

  int64_t steps_taken() const { return steps_; }

private:
  poutine::Model model_;
  poutine::Model guide_;
  OptimizerPtr optim_;
  ElboPtr loss_;
  int64_t steps_ = 0;
};

} // namespace kiln::infer::svi
