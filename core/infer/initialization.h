#pragma once
// Where inference starts: strategies that give a latent sample site its first value (Pyro's
// pyro.infer.autoguide.initialization), and the handler that applies one to a model. MCMC uses
// them to find its initial point, autoguides as their init_loc_fn.

#include <cstdint>
#include <functional>

#include <ATen/core/Tensor.h>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::infer {

// Given a latent sample site (its `fn` already broadcast to the plates around it), returns a
// constrained value of the site's shape, fn.batch_shape + fn.event_shape. A Message, not a
// Site, so that the handler below calls it without copying; a trace's Site is a Message too.
using InitFn = std::function<at::Tensor(const poutine::Message&)>;

// A point drawn uniformly from (-radius, radius) on the unconstrained space, mapped through
// biject_to(support). Discrete sites, which have no unconstrained space, take a prior draw.
InitFn init_to_uniform(double radius = 2.0);

// The elementwise median of `num_samples` prior draws. Multivariate sites (a simplex, a
// correlation matrix), whose elementwise median lies outside the support, and sites where the
// median is nan or outside the support, fall back to init_to_feasible.
InitFn init_to_median(int64_t num_samples = 15);

// The prior mean; where the family has no finite mean (HalfCauchy) or it is not finite or not
// in the support, falls back to init_to_median.
InitFn init_to_mean();

// A draw from the prior.
InitFn init_to_sample();

// A draw from the prior, or init_to_uniform for a site whose density is improper
// (ImproperUniform, which has no draws): what a model's first run takes, to find its sites and
// their shapes.
InitFn init_to_sample_or_uniform(double radius = 2.0);

// The given value for sites named in `values`, `fallback` for the others.
InitFn init_to_value(poutine::ValueMap values, InitFn fallback = init_to_uniform());

// The point that the unconstrained zero maps to: the middle of an interval, 1 for positive
// sites, the centre of a simplex. Discrete sites take a prior draw.
InitFn init_to_feasible();

// Gives every latent sample site that no inner handler has given a value the value of
// `init_fn` (Pyro's InitMessenger). The value must have the site's shape: a ShapeError names the
// site and both shapes otherwise.
class InitHandler : public poutine::Handler {
public:
  explicit InitHandler(InitFn init_fn) : init_fn_(std::move(init_fn)) {}
  void process_message(poutine::Message& msg) override;

private:
  InitFn init_fn_;
};

// `model` run under an InitHandler.
poutine::Model init_to(poutine::Model model, InitFn init_fn);

} // namespace kiln::infer
