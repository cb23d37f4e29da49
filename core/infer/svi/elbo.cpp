#include "core/infer/svi/elbo.h"

#include <ATen/ATen.h>

namespace kiln::infer::svi {

double ELBO::loss(const poutine::Model& model, const poutine::Model& guide) {
  at::NoGradGuard no_grad;
  return estimate(model, guide).loss;
}

} // namespace kiln::infer::svi
