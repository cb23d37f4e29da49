#include "core/infer/svi/elbo.h"

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::infer::svi {

double ELBO::loss(const poutine::Model& model, const poutine::Model& guide) {
  at::NoGradGuard no_grad;
  return estimate(model, guide).loss;
}

at::Tensor ELBO::differentiable_loss(const poutine::Model&, const poutine::Model&) {
  throw NotSupportedError("this ELBO has no differentiable_loss");
}

} // namespace kiln::infer::svi
