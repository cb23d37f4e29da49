#pragma once
// AutoDelta: a point mass at each latent site (Pyro's AutoDelta): MAP estimation in the
// constrained space. Per site it reads "AutoDelta.<site>", constrained to the site's support,
// first the value init_loc_fn gives, with the site's event dims so subsampling plates cut it.
#include <map>

#include "core/infer/autoguide/auto_guide.h"

namespace kiln::infer::autoguide {

class AutoDelta : public AutoGuide {
public:
  explicit AutoDelta(poutine::Model model, InitFn init_loc_fn = init_to_median());

  // The point estimates themselves.
  poutine::ValueMap median() override;
  // Every quantile of a point mass is the point: the estimate repeated len(qs) times.
  poutine::ValueMap quantiles(const std::vector<double>& qs) override;
  // The point mass of each site (full size along subsampled plates).
  std::map<std::string, dist::DistPtr> get_posterior();

protected:
  void setup_prototype() override;
  poutine::ValueMap sample_sites() override;

private:
  at::Tensor point(const PrototypeSite& site, bool as_site);

  std::map<std::string, at::Tensor> init_values_;
};

} // namespace kiln::infer::autoguide
