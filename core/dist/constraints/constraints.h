#pragma once
// The standard constraints under their Pyro names. Bounds are tensors so that they can vary
// along the batch (the support of Uniform(low, high) with batched low and high).

#include "core/dist/constraints/constraint.h"

namespace kiln::dist::constraints {

ConstraintPtr real();
ConstraintPtr real_vector();
ConstraintPtr positive();
ConstraintPtr nonnegative();
ConstraintPtr greater_than(const at::Tensor& lower_bound);
ConstraintPtr greater_than_eq(const at::Tensor& lower_bound);
ConstraintPtr less_than(const at::Tensor& upper_bound);
ConstraintPtr interval(const at::Tensor& lower_bound, const at::Tensor& upper_bound);
ConstraintPtr half_open_interval(const at::Tensor& lower_bound, const at::Tensor& upper_bound);
ConstraintPtr unit_interval();
ConstraintPtr simplex();
ConstraintPtr ordered_vector();
ConstraintPtr positive_ordered_vector();
ConstraintPtr lower_cholesky();
ConstraintPtr corr_cholesky();
ConstraintPtr positive_definite();
ConstraintPtr integer();
ConstraintPtr nonnegative_integer();
ConstraintPtr positive_integer();
ConstraintPtr integer_interval(const at::Tensor& lower_bound, const at::Tensor& upper_bound);
ConstraintPtr boolean();
// Integer vectors with nonnegative entries summing to at most `upper_bound`.
ConstraintPtr multinomial(const at::Tensor& upper_bound);
// Reinterprets the rightmost `reinterpreted_batch_ndims` batch dims of `base` as event dims.
ConstraintPtr independent(ConstraintPtr base, int64_t reinterpreted_batch_ndims);

// Scalar conveniences.
ConstraintPtr greater_than(double lower_bound);
ConstraintPtr greater_than_eq(double lower_bound);
ConstraintPtr less_than(double upper_bound);
ConstraintPtr interval(double lower_bound, double upper_bound);
ConstraintPtr integer_interval(int64_t lower_bound, int64_t upper_bound);

} // namespace kiln::dist::constraints
