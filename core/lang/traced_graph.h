#pragma once
// The traced model graph: the fallback for models too dynamic for the static pass. The model
// runs once, seeded, under a trace; the sites, their families, observed flags and plates (with
// their sizes) come from the trace, and the dependencies from autograd: every floating data
// tensor and every floating site value (latent or observed sample, deterministic, param) is
// handed to the model as a fresh autograd leaf, and a site's parents are the leaves that its
// distribution's parameters (or its deterministic value, or its log factor) reach through
// their grad_fn graph.
//
// What it cannot see: dependencies through integer or boolean values (an index drawn from a
// Categorical, a count, a mask), through values taken out of autograd (.item(), float(x),
// .detach(), .tolist()), and through control flow (a site that exists because a latent value
// was positive does not depend on it). It shows one run: sites of other branches are absent.
// Spans are found by matching site names against the pyro.sample(...) calls of the file.

#include <cstdint>
#include <string>

#include "core/lang/model_file.h"
#include "core/lang/model_graph.h"

namespace kiln::lang {

// Runs `function` of `file` with `data` bound (`data_source` names it in errors) under
// poutine.seed(seed), with a param store of its own (the caller's is left as it was). Errors of
// the run propagate as the model's own errors.
ModelGraph traced_graph(const ModelFile& file, const std::string& function, const DataMap& data,
                        const std::string& data_source, uint64_t seed = 0);

} // namespace kiln::lang
