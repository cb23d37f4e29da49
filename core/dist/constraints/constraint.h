#pragma once
// Constraints describe where a parameter or a sample may live, as in torch.distributions:
// `check` answers elementwise over the batch (event dims reduced), and `requirement` is the
// phrase an error message puts after "must be".

#include <cstdint>
#include <memory>
#include <string>

#include <ATen/core/Tensor.h>

namespace kiln::dist {

class Constraint;
using ConstraintPtr = std::shared_ptr<const Constraint>;

class Constraint {
public:
  virtual ~Constraint() = default;

  // The family, which biject_to dispatches on: "positive", "interval", "independent", ...
  virtual std::string name() const = 0;
  // Pyro's repr: "positive", "interval(lower_bound=0, upper_bound=1)".
  virtual std::string repr() const { return name(); }
  // Completes "... but must be ": "positive", "in [0, 1]".
  virtual std::string requirement() const = 0;
  // A bool tensor of shape value.shape[:-event_dim] (broadcast with any bounds).
  virtual at::Tensor check(const at::Tensor& value) const = 0;
  // Whether check() holds everywhere. Validation asks this of every parameter and sample, so the
  // elementwise constraints answer with one reduction (a sum, a min) where that is exact instead
  // of a bool tensor and its all(); a false answer may still be refined by check().
  virtual bool holds_everywhere(const at::Tensor& value) const;
  // Number of rightmost dims that make one event: 0 for scalars, 1 for simplex, 2 for matrices.
  virtual int64_t event_dim() const { return 0; }
  virtual bool is_discrete() const { return false; }

  // Bounds of interval-like constraints; undefined tensors for the others.
  virtual at::Tensor lower_bound() const { return {}; }
  virtual at::Tensor upper_bound() const { return {}; }
  // independent(base, n): the base constraint and n; nullptr and 0 for the others.
  virtual ConstraintPtr base() const { return nullptr; }
  virtual int64_t reinterpreted_batch_ndims() const { return 0; }
};

} // namespace kiln::dist
