#pragma once
// Pyro's TraceGraph_ELBO: as Trace_ELBO, but the score-function term of a guide site is
// multiplied only by the costs downstream of it - the log-density ratios of the guide sites
// that depend on it, and the model log densities of their children - summed within its plates
// (Rao-Blackwellization, Schulman et al. 2015, "Gradient estimation using stochastic
// computation graphs"). Dependencies are Pyro's dense graph: a site depends on every earlier
// site except those in other iterations of a sequential plate it shares.
//
// A guide site may subtract a decaying average of its downstream cost as a baseline, which
// leaves the gradient unbiased and lowers its variance (Pyro's infer={"baseline":
// {"use_decaying_avg_baseline": True, "baseline_beta": 0.9}}); the keys here are flat:
// {"baseline.use_decaying_avg_baseline": true, "baseline.baseline_beta": 0.9}. The averages
// are kept in the estimator and move only on gradient estimates (not under ELBO::loss).
#include <map>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/infer/svi/elbo.h"

namespace kiln::infer::svi {

class TraceGraph_ELBO : public ELBO {
public:
  using ELBO::ELBO;
  ElboEstimate estimate(const poutine::Model& model, const poutine::Model& guide) override;

  // The decaying average of a site's downstream cost; undefined before its first update.
  at::Tensor baseline(const std::string& site) const;

private:
  std::map<std::string, at::Tensor> baselines_;
};

} // namespace kiln::infer::svi
