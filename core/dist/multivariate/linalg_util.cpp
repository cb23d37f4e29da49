#include "core/dist/multivariate/linalg_util.h"

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/shape.h"

namespace kiln::dist {

at::Tensor batch_mv(const at::Tensor& matrix, const at::Tensor& vector) {
  return at::matmul(matrix, vector.unsqueeze(-1)).squeeze(-1);
}

at::Tensor batch_mahalanobis(const at::Tensor& scale_tril, const at::Tensor& x) {
  auto z = at::linalg_solve_triangular(scale_tril, x.unsqueeze(-1), /*upper=*/false);
  return z.squeeze(-1).pow(2).sum(-1);
}

at::Tensor half_log_det(const at::Tensor& scale_tril) {
  return scale_tril.diagonal(0, -2, -1).log().sum(-1);
}

at::Tensor checked_cholesky(const std::string& family, const std::string& argument,
                            const at::Tensor& matrix) {
  auto [l, info] = at::linalg_cholesky_ex(matrix);
  if (info.numel() > 0 && (info != 0).any().item<bool>())
    throw DomainError(family + ": " + argument + " is not positive definite");
  return l;
}

void check_square_matches(const std::string& family, const std::string& vector_name,
                          const at::Tensor& vector, const std::string& matrix_name,
                          const at::Tensor& matrix) {
  if (vector.dim() < 1 || matrix.dim() < 2)
    return;
  const Shape shape = to_shape(matrix.sizes());
  if (matrix.size(-1) != matrix.size(-2))
    throw ShapeError(family + ": " + matrix_name + " has shape " + format_shape(shape) +
                     ", but must be square in its last two dimensions");
  if (matrix.size(-1) != vector.size(-1))
    throw ShapeError(family + ": " + vector_name + " has shape " +
                     format_shape(to_shape(vector.sizes())) + " but " + matrix_name +
                     " has shape " + format_shape(shape) + "; their last dimensions must agree");
}

} // namespace kiln::dist
