#pragma once
// AutoContinuous: the guides over one flat vector of every latent site's unconstrained value
// (Pyro's AutoContinuous; ADVI). A subclass gives the distribution of that vector; each call
// samples it as the auxiliary site "_<name>_latent", then cuts it into the sites (in the
// prototype's order, row-major) and gives each site its transformed value through a Delta that
// carries the log |det J|. Subsampling plates are not supported: the vector has one entry per
// element of every site.
#include <utility>

#include "core/infer/autoguide/auto_guide.h"

namespace kiln::infer::autoguide {

class AutoContinuous : public AutoGuide {
public:
  // The distribution of the unconstrained latent vector (event shape (latent_dim,)).
  virtual dist::DistPtr get_posterior() = 0;
  // Length of the latent vector (after setup).
  int64_t latent_dim() const { return latent_dim_; }

  // The constrained value of each site at the latent vector's median (its loc).
  poutine::ValueMap median() override;
  // The marginal quantiles of the latent vector, per coordinate, transformed to each site.
  poutine::ValueMap quantiles(const std::vector<double>& qs) override;

  // Cuts a latent vector (any leading batch dims) into each site's unconstrained value.
  std::vector<std::pair<const PrototypeSite*, at::Tensor>> unpack_latent(const at::Tensor& latent);

protected:
  AutoContinuous(poutine::Model model, std::string name, InitFn init_loc_fn);

  void setup_prototype() override;
  poutine::ValueMap sample_sites() override;

  // The latent vector of the prototype's values: where loc starts.
  const at::Tensor& init_loc() const { return init_loc_; }
  // The loc and the marginal standard deviations of the latent vector.
  virtual std::pair<at::Tensor, at::Tensor> loc_scale() = 0;

private:
  int64_t latent_dim_ = 0;
  at::Tensor init_loc_;
};

} // namespace kiln::infer::autoguide
