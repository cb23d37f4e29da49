#pragma once
// Linear algebra shared by the Gaussian-like families (MultivariateNormal,
// LowRankMultivariateNormal, MultivariateStudentT), after torch.distributions'
// multivariate_normal helpers. Batch dims broadcast throughout.

#include <string>

#include <ATen/core/Tensor.h>

namespace kiln::dist {

// L v for a batch of matrices and a batch of vectors.
at::Tensor batch_mv(const at::Tensor& matrix, const at::Tensor& vector);

// x^T (L L^T)^-1 x = |L^-1 x|^2, by a triangular solve.
at::Tensor batch_mahalanobis(const at::Tensor& scale_tril, const at::Tensor& x);

// log det(L) = 0.5 log det(L L^T) for a lower-triangular L with positive diagonal.
at::Tensor half_log_det(const at::Tensor& scale_tril);

// The lower Cholesky factor; throws DomainError "family: argument is not positive definite"
// when the factorization fails (validation off lets such matrices reach this point).
at::Tensor checked_cholesky(const std::string& family, const std::string& argument,
                            const at::Tensor& matrix);

// Throws ShapeError unless `matrix` is square (in its last two dims) with the size of the
// last dim of `vector`; tensors with too few dims are left for init_params to report.
void check_square_matches(const std::string& family, const std::string& vector_name,
                          const at::Tensor& vector, const std::string& matrix_name,
                          const at::Tensor& matrix);

} // namespace kiln::dist
