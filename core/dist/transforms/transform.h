#pragma once
// Bijections between constrained spaces, as torch.distributions.transforms defines them.
// log_abs_det_jacobian(x, y) has shape x.shape[:-domain()->event_dim()]: elementwise
// transforms return one term per element, vector transforms one per vector.

#include <memory>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/dist/constraints/constraint.h"
#include "core/util/shape.h"

namespace kiln::dist {

class Transform;
using TransformPtr = std::shared_ptr<const Transform>;

class Transform : public std::enable_shared_from_this<Transform> {
public:
  virtual ~Transform() = default;

  virtual std::string name() const = 0;
  virtual at::Tensor forward(const at::Tensor& x) const = 0;
  virtual at::Tensor inverse(const at::Tensor& y) const = 0;
  virtual at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const = 0;
  virtual ConstraintPtr domain() const = 0;
  virtual ConstraintPtr codomain() const = 0;
  // The shape of forward(x) for x of shape `shape`, and back.
  virtual Shape forward_shape(const Shape& shape) const { return shape; }
  virtual Shape inverse_shape(const Shape& shape) const { return shape; }

  // Whether forward is x itself (log-det zero): callers skip the Jacobian's pass over zeros.
  virtual bool is_identity() const { return false; }

  // The inverse transform (Pyro's `t.inv`). The transform must be owned by a shared_ptr,
  // as every factory in transforms.h returns it.
  virtual TransformPtr inv() const;
};

} // namespace kiln::dist
