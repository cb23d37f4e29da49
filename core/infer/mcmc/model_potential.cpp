#include "core/infer/mcmc/model_potential.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <ATen/ATen.h>

#include "core/dist/validation.h"

namespace kiln::infer::mcmc {

namespace {

// A tensor over the caller's coordinates, without a copy: the density only reads it.
at::Tensor wrap(const double* x, int64_t dim) {
  return at::from_blob(const_cast<double*>(x), {dim}, at::kDouble);
}

} // namespace

double ModelPotential::value(const double* x) const {
  std::optional<dist::ValidationScope> unchecked;
  if (validated_.load(std::memory_order_relaxed))
    unchecked.emplace(false);
  const double u = density_.potential(wrap(x, dim()));
  if (std::isfinite(u))
    validated_.store(true, std::memory_order_relaxed);
  return u;
}

double ModelPotential::value_and_grad(const double* x, double* grad) const {
  std::optional<dist::ValidationScope> unchecked;
  if (validated_.load(std::memory_order_relaxed))
    unchecked.emplace(false);
  const auto [u, g] = density_.potential_and_grad(wrap(x, dim()));
  const at::Tensor flat = g.to(at::kDouble).contiguous();
  std::copy_n(flat.data_ptr<double>(), dim(), grad);
  if (std::isfinite(u))
    validated_.store(true, std::memory_order_relaxed);
  return u;
}

} // namespace kiln::infer::mcmc
