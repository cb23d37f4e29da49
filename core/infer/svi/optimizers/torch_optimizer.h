#pragma once
// What the torch-style optimizers share (Pyro's PyroOptim over a torch.optim class): per-name
// state created at a parameter's first step, gradient clipping per parameter before the update
// (Pyro's clip_args), and the learning rate taken from a schedule of the steps taken.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/infer/svi/optimizer.h"
#include "core/infer/svi/optimizers/lr_schedule.h"

namespace kiln::infer::svi {

// Per-parameter gradient clipping; 0 turns a rule off. max_norm scales the gradient by
// min(1, max_norm / (|grad| + 1e-6)) (torch's clip_grad_norm_ on the one tensor); max_value
// clamps each element to [-max_value, max_value] (clip_grad_value_). Norm first, then value.
struct GradClip {
  double max_norm = 0.0;
  double max_value = 0.0;
};

at::Tensor clip_gradient(const at::Tensor& grad, const GradClip& clip);

class TorchOptimizer : public Optimizer {
public:
  void step(const NamedParams& params) final;
  double learning_rate() const final { return lr_at(steps_); }

  // Both may be set before the first step; a schedule replaces the constant rate.
  void set_schedule(LrSchedulePtr schedule) { schedule_ = std::move(schedule); }
  void set_grad_clip(GradClip clip);

  int64_t steps_taken() const { return steps_; }

protected:
  explicit TorchOptimizer(double lr);

  // A parameter's state: the updates it has had and the family's buffers (zero-size until
  // the family's first update fills them).
  struct State {
    int64_t step = 0;
    std::vector<at::Tensor> buffers;
  };

  // Updates `param` in place (autograd is off) from its clipped gradient. `state.step` is
  // already incremented for this update.
  virtual void update(at::Tensor& param, const at::Tensor& grad, double lr, State& state) = 0;

  // The rate of the step after `steps` steps: the schedule's, or the constant.
  virtual double lr_at(int64_t steps) const;

private:
  double base_lr_;
  LrSchedulePtr schedule_;
  GradClip clip_;
  std::map<std::string, State> states_;
  int64_t steps_ = 0;
};

// Throws DomainError "<who>: <what> is <x>, but must be <requirement>" unless ok.
void check_hyperparameter(bool ok, const char* who, const char* what, double x,
                          const char* requirement);

} // namespace kiln::infer::svi
