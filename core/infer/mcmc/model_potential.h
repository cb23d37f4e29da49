#pragma once
// A model's potential through ModelDensity: the coordinates are its flat unconstrained vector,
// the gradient comes from autograd. Safe to call from several threads at once, as the density is.

#include "core/infer/mcmc/potential.h"
#include "core/infer/model_density.h"

namespace kiln::infer::mcmc {

class ModelPotential : public Potential {
public:
  // `density` must outlive this object.
  explicit ModelPotential(const ModelDensity& density) : density_(density) {}

  int64_t dim() const override { return density_.dim(); }
  double value(const double* x) const override;
  double value_and_grad(const double* x, double* grad) const override;

private:
  const ModelDensity& density_;
};

} // namespace kiln::infer::mcmc
