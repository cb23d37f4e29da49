#pragma once
// The standard transforms under their Pyro names.

#include <vector>

#include "core/dist/transforms/transform.h"

namespace kiln::dist::transforms {

TransformPtr identity();
TransformPtr exp();
TransformPtr sigmoid();
TransformPtr tanh();
TransformPtr softplus();
// y = x ** exponent on the positive reals.
TransformPtr power(const at::Tensor& exponent);
// y = loc + scale * x; `event_dim` rightmost dims count as one event (their log-dets summed).
TransformPtr affine(const at::Tensor& loc, const at::Tensor& scale, int64_t event_dim = 0);
TransformPtr affine(double loc, double scale, int64_t event_dim = 0);
// R^(K-1) -> the K-simplex.
TransformPtr stick_breaking();
// R^K -> strictly increasing vectors.
TransformPtr ordered();
// R^(n(n+1)/2) -> n x n lower triangular with positive diagonal (strict lower part first,
// row by row, then the log of the diagonal).
TransformPtr lower_cholesky();
// R^(n(n-1)/2) -> Cholesky factors of n x n correlation matrices (tanh, then stick breaking).
TransformPtr corr_cholesky();
// positive definite matrix -> its lower Cholesky factor.
TransformPtr cholesky();
// Applies parts left to right.
TransformPtr compose(std::vector<TransformPtr> parts);
// Treats the rightmost `reinterpreted_batch_ndims` dims as part of the event.
TransformPtr independent(TransformPtr base, int64_t reinterpreted_batch_ndims);

} // namespace kiln::dist::transforms
