#pragma once
// A model's potential through ModelDensity: the coordinates are its flat unconstrained vector,
// the gradient comes from autograd. Safe to call from several threads at once, as the density is.
//
// Distribution validation runs until an evaluation succeeds with a finite potential; after that
// the potential runs without it, as NumPyro's and Stan's do (3% of M1's CPU time, 7% of M2's).
// A check could only reject a point whose log density is then nan or inf, which the kernels
// reject as well, or a parameter out of its domain whose formula stays finite: the sampler keeps
// latent values in their supports, so that takes a model whose parameters leave their domain
// inside the latents' supports, which the first point's validation would not have caught.

#include <atomic>

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
  // An evaluation has succeeded with validation on: later ones skip it.
  mutable std::atomic<bool> validated_{false};
};

} // namespace kiln::infer::mcmc
