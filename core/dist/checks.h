#pragma once
// Reusable checks that raise Kiln's two error kinds with messages naming the distribution, the
// argument, the index, the value and the requirement:
//   "Normal: scale[2] is -1, but must be positive"
//   "MultivariateNormal: loc has shape (3,) but scale_tril has shape (2, 2); their last
//    dimensions must agree"

#include <string>

#include <ATen/core/Tensor.h>

#include "core/dist/constraints/constraint.h"
#include "core/util/shape.h"

namespace kiln::dist {

// Throws DomainError at the first element of `value` outside `constraint`.
void check_constraint(const std::string& family, const std::string& argument,
                      const at::Tensor& value, const Constraint& constraint);

// Throws ShapeError unless `value` ends in `event_shape` and its batch part broadcasts with
// `batch_shape`.
void check_value_shape(const std::string& family, const at::Tensor& value, const Shape& batch_shape,
                       const Shape& event_shape);

// Throws ShapeError when a tensor argument has fewer dims than its event needs.
void check_min_dims(const std::string& family, const std::string& argument, const at::Tensor& value,
                    int64_t min_dims);

} // namespace kiln::dist
