#pragma once
// Predictive (Pyro's pyro.infer.Predictive): draws from the model's prior predictive, or its
// posterior predictive given posterior draws (MCMC's, stacked along a leading dim) or a guide.
// Observed sites are drawn again (poutine.uncondition), not returned as the data. Each draw
// runs the model with the latent sites set to one posterior draw (or to one run of the guide,
// replayed with its plate subsamples), and records the return sites.
//
// Shapes follow Pyro: a returned site has shape (num_samples,) + (1,) * k + value shape, where k
// pads the site's batch dims to the model's plate nesting (a scalar latent of a model with one
// plate comes back as (num_samples, 1)).
#include <cstdint>
#include <string>
#include <vector>

#include "core/poutine/model.h"

namespace kiln::infer {

struct PredictiveOptions {
  // Draws to make. With posterior samples, 0 means their leading dim; another number that
  // differs from it is an Error (Pyro warns and uses the leading dim).
  int64_t num_samples = 0;
  // The sites to return. Empty: every sample and deterministic site not among the posterior
  // samples (for the prior predictive and with a guide: every sample and deterministic site of
  // the model not sampled by the guide).
  std::vector<std::string> return_sites;
  // Draw all samples in one run of the model, vectorized along an extra outermost plate
  // "_num_predictive_samples" (dim -max_plate_nesting - 1); the model must broadcast.
  bool parallel = false;
};

class Predictive {
public:
  // The prior predictive: options.num_samples must be positive.
  Predictive(poutine::Model model, PredictiveOptions options);
  // The posterior predictive from stacked draws: every value shares its leading dim.
  Predictive(poutine::Model model, poutine::ValueMap posterior_samples,
             PredictiveOptions options = {});
  // The posterior predictive from a guide (a model over the latent sites, as SVI fits).
  Predictive(poutine::Model model, poutine::Model guide, PredictiveOptions options);

  // The draws of each return site, stacked. Without gradients.
  poutine::ValueMap operator()() const;

  int64_t num_samples() const { return num_samples_; }

private:
  poutine::ValueMap sequential() const;
  poutine::ValueMap vectorized() const;
  // Which sites of a model trace to return, given the names the posterior already fixes.
  bool returned(const std::string& name, bool fixed) const;

  poutine::Model model_;
  poutine::Model guide_;
  poutine::ValueMap posterior_samples_;
  PredictiveOptions options_;
  int64_t num_samples_ = 0;
};

} // namespace kiln::infer
