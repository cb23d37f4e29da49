#pragma once
// AutoGuideList: a guide made of parts, each an autoguide built on the model blocked to the
// sites it covers (Pyro's AutoGuideList):
//   auto guide = std::make_shared<AutoGuideList>(model);
//   guide->append(std::make_shared<AutoDelta>(poutine::block(model, {.expose = {"mu"}})));
//   guide->append(std::make_shared<AutoNormal>(poutine::block(model, {.hide = {"mu"}})));
// The list opens every plate of the model once per call and its parts sample inside them, so
// subsampled plates draw one subsample for all parts. A part is named "AutoGuideList.<index>",
// which prefixes its parameters as in Pyro ("AutoGuideList.0.locs.mu").
#include <map>
#include <string>
#include <vector>

#include "core/infer/autoguide/auto_guide.h"

namespace kiln::infer::autoguide {

class AutoGuideList : public AutoGuide {
public:
  explicit AutoGuideList(poutine::Model model);

  // Adds a part. A part already in a list, already called, or with a site another part covers
  // (found at the first call) is an Error.
  void append(AutoGuidePtr part);
  const std::vector<AutoGuidePtr>& parts() const { return parts_; }

  // The parts' medians and quantiles, merged.
  poutine::ValueMap median() override;
  poutine::ValueMap quantiles(const std::vector<double>& qs) override;

protected:
  poutine::ValueMap sample_sites() override;
  bool covers_discrete_sites() const override { return true; }

private:
  friend class AutoGuide;
  // A part's sites must be sites of the model with the same shapes, and no other part's.
  void check_part(const AutoGuide& part);

  std::vector<AutoGuidePtr> parts_;
  // Which part covers each site.
  std::map<std::string, std::string> covered_by_;
};

} // namespace kiln::infer::autoguide
