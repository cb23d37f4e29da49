#pragma once
// The log joint of a model at a point given by name: what `kiln logprob` prints, and what a
// person checks a model against a hand computation with. The model runs once with each latent
// sample site's value taken from the point (discrete and enumerated sites too: the model runs
// with the value in place) and each site's scaled, masked log density is summed over its batch.

#include <string>
#include <vector>

#include "core/poutine/model.h"

namespace kiln::infer {

// One sample site's term of the log joint.
struct SiteLogDensity {
  std::string name;
  bool observed = false;
  double log_prob = 0; // scaled and masked, summed over the site's batch
};

struct PointLogJoint {
  double log_joint = 0;
  // Every sample site, observed ones too, in the model's order.
  std::vector<SiteLogDensity> sites;
};

// Runs `model` at `values` (constrained values; `source` names them in errors: "v.json").
// Each latent sample site needs a value whose shape is the site's (batch_shape + event_shape)
// and which lies in its support; it takes the dtype of the site's draws (int64 for a
// Categorical). Param sites and plate sites (their subsample indices) named in `values` take
// those values, as poutine.substitute gives them; other params keep the param store's.
// A latent site without a value, a value of the wrong shape (ShapeError) or outside the
// support (DomainError), and a name that is not a latent, param or plate site of the run are
// errors that name the site.
PointLogJoint log_joint_at(const poutine::Model& model, const poutine::ValueMap& values,
                           const std::string& source);

} // namespace kiln::infer
