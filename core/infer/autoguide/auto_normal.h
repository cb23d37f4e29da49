#pragma once
// AutoNormal: an independent Normal for each latent site on its unconstrained space (Pyro's
// AutoNormal). Per site it reads "AutoNormal.locs.<site>" (real) and "AutoNormal.scales.<site>"
// (softplus_positive, first init_scale) with the site's unconstrained event dims, so plates
// that subsample cut them; samples the auxiliary site "<site>_unconstrained" and gives the
// model's site the transformed value through a Delta that carries the log |det J|.
#include <map>

#include "core/infer/autoguide/auto_guide.h"

namespace kiln::infer::autoguide {

class AutoNormal : public AutoGuide {
public:
  explicit AutoNormal(poutine::Model model, InitFn init_loc_fn = init_to_median(),
                      double init_scale = 0.1);

  poutine::ValueMap median() override;
  poutine::ValueMap quantiles(const std::vector<double>& qs) override;
  // The Normal of each site over its full unconstrained value (all of every plate).
  std::map<std::string, dist::DistPtr> get_posterior();

protected:
  void setup_prototype() override;
  poutine::ValueMap sample_sites() override;

private:
  std::string loc_name(const PrototypeSite& site) const;
  std::string scale_name(const PrototypeSite& site) const;
  // The parameters, created from the prototype when the store lacks them.
  at::Tensor loc(const PrototypeSite& site, bool as_site);
  at::Tensor scale(const PrototypeSite& site, bool as_site);

  double init_scale_;
  std::map<std::string, at::Tensor> init_locs_;
};

} // namespace kiln::infer::autoguide
