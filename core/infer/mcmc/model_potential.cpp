#include "core/infer/mcmc/model_potential.h"

#include <algorithm>

#include <ATen/ATen.h>

namespace kiln::infer::mcmc {

namespace {

// A tensor over the caller's coordinates, without a copy: the density only reads it.
at::Tensor wrap(const double* x, int64_t dim) {
  return at::from_blob(const_cast<double*>(x), {dim}, at::kDouble);
}

} // namespace

double ModelPotential::value(const double* x) const {
  return density_.potential(wrap(x, dim()));
}

double ModelPotential::value_and_grad(const double* x, double* grad) const {
  const auto [u, g] = density_.potential_and_grad(wrap(x, dim()));
  const at::Tensor flat = g.to(at::kDouble).contiguous();
  std::copy_n(flat.data_ptr<double>(), dim(), grad);
  return u;
}

} // namespace kiln::infer::mcmc
