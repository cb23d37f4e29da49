#pragma once
// Pyro's RenyiELBO: the variational Renyi bound of Li & Turner (2016), "Renyi divergence
// variational inference", eq. (5) with K particles:
//   L_alpha = 1 / (1 - alpha) log (1/K) sum_k w_k^(1 - alpha),  w_k = p(x, z_k) / q(z_k),
// alpha = 0 is the importance-weighted bound (Burda et al. 2016) and alpha -> 1 the ELBO
// (alpha = 1 itself is rejected: use Trace_ELBO). Plates common to every model site are kept
// as independent bounds and summed; the others are summed inside each particle. Guide sites
// without rsample get Pyro's score-function term, alpha / (1 - alpha) log q.
#include "core/infer/svi/elbo.h"

namespace kiln::infer::svi {

// Pyro's defaults: two particles.
ElboConfig renyi_defaults();

class RenyiELBO : public ELBO {
public:
  explicit RenyiELBO(double alpha = 0.0, ElboConfig config = renyi_defaults());
  ElboEstimate estimate(const poutine::Model& model, const poutine::Model& guide) override;

  double alpha() const { return alpha_; }

private:
  double alpha_;
};

} // namespace kiln::infer::svi
