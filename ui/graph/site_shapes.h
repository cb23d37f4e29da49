#pragma once
// What the static graph cannot say about a site: its shapes and its support. They come from
// one run of the model with its data bound, from the prior, as `kiln check --data` runs it
// (trial_run.h), recorded under a trace. It costs one model run: the inspector asks for it off
// the UI thread (shape_probe.h).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/poutine/model.h"

namespace kiln::ui {

struct SiteShape {
  // Sample sites: the distribution's batch and event shapes and its support (Pyro's repr).
  bool has_distribution = false;
  std::vector<int64_t> batch_shape;
  std::vector<int64_t> event_shape;
  std::string support;
  // Every site: the shape of its value. Params: the constraint they live in as `support`.
  std::vector<int64_t> value_shape;
};

struct SiteShapes {
  // By site name; empty when the run failed.
  std::map<std::string, SiteShape> sites;
  // Why the run failed: the model's error, first line first. Empty on success.
  std::string error;
};

// Runs `model` once under a trace, with the thread's random stream seeded by `seed`, a param
// store of its own (the caller's is left as it was) and uniform initial values for sites with
// improper priors. Never throws: an error of the model becomes `error`.
SiteShapes site_shapes(const poutine::Model& model, uint64_t seed = 1);

// "(8, 3)", "()" for a scalar: the shape as torch prints it, without "torch.Size".
std::string shape_text(const std::vector<int64_t>& shape);

} // namespace kiln::ui
