#pragma once
// The interface every distribution implements, with Pyro's names and semantics: a sample has
// shape sample_shape + batch_shape + event_shape, and log_prob reduces the event dims.
//
// A family keeps every tensor it needs in its parameter list (params()), so the base class can
// promote dtypes, broadcast batch dims, validate, expand and describe any family alike.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/constraints/constraint.h"
#include "core/util/shape.h"

namespace kiln::dist {

class Distribution;
using DistPtr = std::shared_ptr<const Distribution>;

// An argument to a family's constructor: a tensor, or a plain number, which takes the dtype of
// the tensor arguments (float64 when all are numbers), as torch's broadcast_all does.
class TensorArg {
public:
  TensorArg(at::Tensor t) : value_(std::move(t)) {}        // NOLINT: implicit by design
  TensorArg(double x);                                     // NOLINT
  TensorArg(int x) : TensorArg(static_cast<double>(x)) {}  // NOLINT
  TensorArg(long x) : TensorArg(static_cast<double>(x)) {} // NOLINT
  const at::Tensor& tensor() const { return value_; }
  bool is_number() const { return number_.has_value(); }
  const std::optional<double>& number() const { return number_; }

private:
  at::Tensor value_;
  std::optional<double> number_;
};

// Tags that pick a parameterization: Bernoulli(Probs{0.3}) or Bernoulli(Logits{-1.2}).
struct Probs {
  TensorArg value;
};
struct Logits {
  TensorArg value;
};

// One tensor of a family. `constraint` is null for tensors derived from the others (probs
// computed from logits), which are never validated against user expectations.
struct Param {
  std::string name;
  at::Tensor value;
  ConstraintPtr constraint;
  int64_t event_dim = 0;
  // The plain number it was given as (Normal(0., 1.)), which log densities may use to skip
  // subtracting 0 or dividing by 1 over the whole batch.
  std::optional<double> number;
};

// What a family declares of one constructor argument.
struct ParamSpec {
  std::string name;
  TensorArg arg;
  ConstraintPtr constraint;
  int64_t event_dim = 0;
};

class Distribution : public std::enable_shared_from_this<Distribution> {
public:
  virtual ~Distribution() = default;

  // The family's Pyro name: "Normal".
  virtual std::string name() const = 0;
  // A copy of the same family (tensors are shared, not copied).
  virtual std::shared_ptr<Distribution> clone() const = 0;

  const Shape& batch_shape() const { return batch_shape_; }
  const Shape& event_shape() const { return event_shape_; }
  int64_t event_dim() const { return static_cast<int64_t>(event_shape_.size()); }
  // sample_shape + batch_shape + event_shape.
  Shape extended_shape(const Shape& sample_shape = {}) const;

  // A draw, without gradient.
  virtual at::Tensor sample(const Shape& sample_shape = {}) const;
  // A reparameterized draw, differentiable in the parameters (has_rsample() families only).
  virtual at::Tensor rsample(const Shape& sample_shape = {}) const;
  virtual bool has_rsample() const { return false; }

  virtual at::Tensor log_prob(const at::Tensor& value) const = 0;
  virtual at::Tensor mean() const;
  virtual at::Tensor variance() const;
  at::Tensor stddev() const;
  virtual at::Tensor entropy() const;
  // Cumulative distribution function and its inverse, for univariate families that have them.
  virtual at::Tensor cdf(const at::Tensor& value) const;
  virtual at::Tensor icdf(const at::Tensor& q) const;
  virtual ConstraintPtr support() const = 0;
  bool is_discrete() const { return support()->is_discrete(); }

  // Every value of a finite discrete family, along a new leftmost dim: shape
  // (n,) + batch_shape when `expand`, else (n,) + (1,) * len(batch_shape).
  virtual bool has_enumerate_support() const { return false; }
  virtual at::Tensor enumerate_support(bool expand = true) const;

  // The same family with batch_shape broadcast to `batch_shape`.
  virtual DistPtr expand(const Shape& batch_shape) const;
  // Reinterprets the rightmost n batch dims as event dims (all of them when n is absent).
  DistPtr to_event(std::optional<int64_t> n = std::nullopt) const;
  // Masks log_prob: where `mask` is false the log density is 0. Broadcasts with batch_shape.
  DistPtr mask(const at::Tensor& mask) const;
  DistPtr mask(bool mask) const;

  const std::vector<Param>& params() const { return params_; }
  // The tensor of a named parameter; throws when the family has none of that name.
  const at::Tensor& param(const std::string& name) const;
  // "Normal(loc: 0, scale: (3,))": scalars by value, tensors by shape.
  virtual std::string repr() const;

  // This distribution as a shared pointer (a copy if it was not created by make_shared).
  DistPtr shared() const;

protected:
  Distribution() = default;
  Distribution(const Distribution&) = default;

  // Promotes the arguments to one floating dtype, validates each against its constraint,
  // broadcasts their batch parts and sets batch_shape; event_shape is the family's.
  void init_params(std::vector<ParamSpec> specs, Shape event_shape);
  // Adds a derived tensor, already of batch_shape + its event part (probs from logits).
  void add_derived(const std::string& name, at::Tensor value, int64_t event_dim = 0);
  at::Tensor& param_at(size_t i) { return params_[i].value; }
  const at::Tensor& param_at(size_t i) const { return params_[i].value; }
  const std::optional<double>& param_number(size_t i) const { return params_[i].number; }

  // Checks a value given to log_prob: its shape (ShapeError) and, when validation is on,
  // that it lies in the support (DomainError).
  void validate_sample(const at::Tensor& value) const;
  // Options (dtype) for new tensors of this distribution.
  at::TensorOptions options() const;

  // Hooks for expand(): families whose state is not all in params_ refresh it here.
  virtual void after_expand() {}

  void set_shapes(Shape batch_shape, Shape event_shape) {
    batch_shape_ = std::move(batch_shape);
    event_shape_ = std::move(event_shape);
  }

private:
  std::vector<Param> params_;
  Shape batch_shape_;
  Shape event_shape_;
  at::ScalarType dtype_ = at::kDouble;
};

} // namespace kiln::dist
