#include "core/infer/predictive.h"

#include <algorithm>
#include <map>
#include <set>

#include <ATen/ATen.h>

#include "core/poutine/handler.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/handlers/uncondition.h"
#include "core/poutine/plate.h"
#include "core/poutine/trace.h"
#include "core/util/error.h"

namespace kiln::infer {

namespace {

const char* const kPlateName = "_num_predictive_samples";

// One run of `model`, traced and hidden from the handlers around the call, with observed sites
// drawn again and the latent sites given `values` (or replayed from `guide_trace`). With
// `num_samples` > 0 the run sits inside the vectorizing plate at `dim`.
poutine::Trace run_model(const poutine::Model& model, const poutine::ValueMap& values,
                         const poutine::Trace* guide_trace, int64_t num_samples = 0,
                         int64_t dim = -1) {
  poutine::BlockHandler hide_from_caller;
  poutine::TraceHandler tracer;
  poutine::SubstituteHandler substitute(values);
  poutine::Trace empty;
  poutine::ReplayHandler replay(guide_trace ? *guide_trace : empty);
  poutine::UnconditionHandler uncondition;
  poutine::HandlerScope outer(hide_from_caller);
  poutine::HandlerScope trace(tracer);
  std::unique_ptr<poutine::Plate> plate;
  if (num_samples > 0)
    plate = std::make_unique<poutine::Plate>(kPlateName, num_samples,
                                             poutine::PlateOptions{0, {}, dim});
  poutine::HandlerScope fix(guide_trace ? static_cast<poutine::Handler&>(replay)
                                        : static_cast<poutine::Handler&>(substitute));
  poutine::HandlerScope inner(uncondition);
  model();
  return std::move(tracer.trace());
}

// One run of the guide, traced and hidden from the handlers around the call.
poutine::Trace run_guide(const poutine::Model& guide, int64_t num_samples = 0, int64_t dim = -1) {
  poutine::BlockHandler hide_from_caller;
  poutine::TraceHandler tracer;
  poutine::HandlerScope outer(hide_from_caller);
  poutine::HandlerScope trace(tracer);
  std::unique_ptr<poutine::Plate> plate;
  if (num_samples > 0)
    plate = std::make_unique<poutine::Plate>(kPlateName, num_samples,
                                             poutine::PlateOptions{0, {}, dim});
  guide();
  return std::move(tracer.trace());
}

bool is_value_site(const poutine::Site& site) {
  return (site.type == poutine::SiteType::Sample &&
          !poutine::infer_bool(site.infer, "is_auxiliary")) ||
         site.type == poutine::SiteType::Deterministic;
}

// Pyro's _guess_max_plate_nesting: the deepest vectorized plate dim of any site.
int64_t max_plate_nesting(const poutine::Trace& trace) {
  int64_t nesting = 0;
  for (const auto& site : trace.sites())
    for (const auto& frame : site.cond_indep_stack)
      if (frame.vectorized())
        nesting = std::max(nesting, -*frame.dim);
  return nesting;
}

// The number of batch dims of a site's value.
int64_t batch_rank(const poutine::Site& site) {
  if (site.fn)
    return static_cast<int64_t>(site.fn->batch_shape().size());
  return site.value.dim() - site.event_dim.value_or(0);
}

// (num_samples,) + (1,) * (nesting - batch rank) + value shape.
Shape returned_shape(const poutine::Site& site, int64_t num_samples, int64_t nesting) {
  Shape shape{num_samples};
  shape.insert(shape.end(), std::max<int64_t>(0, nesting - batch_rank(site)), 1);
  const Shape value = to_shape(site.value.sizes());
  shape.insert(shape.end(), value.begin(), value.end());
  return shape;
}

} // namespace

Predictive::Predictive(poutine::Model model, PredictiveOptions options)
    : model_(std::move(model)), options_(std::move(options)) {
  if (!model_)
    throw Error("Predictive: no model given");
  if (options_.num_samples < 1)
    throw DomainError("Predictive: num_samples is " + std::to_string(options_.num_samples) +
                      ", but the prior predictive needs at least 1");
  num_samples_ = options_.num_samples;
}

Predictive::Predictive(poutine::Model model, poutine::ValueMap posterior_samples,
                       PredictiveOptions options)
    : model_(std::move(model)), posterior_samples_(std::move(posterior_samples)),
      options_(std::move(options)) {
  if (!model_)
    throw Error("Predictive: no model given");
  if (posterior_samples_.empty())
    throw Error("Predictive: no posterior samples given (for the prior predictive give "
                "num_samples alone)");
  std::string first;
  for (const auto& [name, value] : posterior_samples_) {
    if (!value.defined() || value.dim() == 0)
      throw ShapeError("Predictive: posterior samples of '" + name +
                       "' need a leading dim of draws");
    if (first.empty()) {
      first = name;
      num_samples_ = value.size(0);
    } else if (value.size(0) != num_samples_) {
      throw ShapeError("Predictive: posterior samples of '" + name + "' have " +
                       std::to_string(value.size(0)) + " draws but those of '" + first + "' have " +
                       std::to_string(num_samples_));
    }
  }
  if (options_.num_samples != 0 && options_.num_samples != num_samples_)
    throw DomainError("Predictive: num_samples is " + std::to_string(options_.num_samples) +
                      " but the posterior samples have " + std::to_string(num_samples_) + " draws");
  if (num_samples_ < 1)
    throw DomainError("Predictive: the posterior samples have no draws");
}

Predictive::Predictive(poutine::Model model, poutine::Model guide, PredictiveOptions options)
    : model_(std::move(model)), guide_(std::move(guide)), options_(std::move(options)) {
  if (!model_)
    throw Error("Predictive: no model given");
  if (!guide_)
    throw Error("Predictive: no guide given");
  if (options_.num_samples < 1)
    throw DomainError("Predictive: num_samples is " + std::to_string(options_.num_samples) +
                      ", but must be at least 1 with a guide");
  num_samples_ = options_.num_samples;
}

bool Predictive::returned(const std::string& name, bool fixed) const {
  if (!options_.return_sites.empty())
    return std::find(options_.return_sites.begin(), options_.return_sites.end(), name) !=
           options_.return_sites.end();
  return !fixed;
}

poutine::ValueMap Predictive::operator()() const {
  at::NoGradGuard no_grad;
  return options_.parallel ? vectorized() : sequential();
}

poutine::ValueMap Predictive::sequential() const {
  std::map<std::string, std::vector<at::Tensor>> draws;
  std::map<std::string, Shape> shapes;
  int64_t nesting = 0;
  for (int64_t i = 0; i < num_samples_; ++i) {
    poutine::ValueMap values;
    for (const auto& [name, value] : posterior_samples_)
      values[name] = value[i];
    poutine::Trace guide_trace;
    if (guide_)
      guide_trace = run_guide(guide_);
    poutine::Trace trace = run_model(model_, values, guide_ ? &guide_trace : nullptr);
    if (i == 0)
      nesting = max_plate_nesting(trace);
    for (const auto& site : trace.sites()) {
      if (!is_value_site(site))
        continue;
      const bool fixed = posterior_samples_.count(site.name) ||
                         (guide_ && guide_trace.contains(site.name) &&
                          guide_trace.at(site.name).type == poutine::SiteType::Sample);
      if (!returned(site.name, fixed))
        continue;
      if (i == 0)
        shapes[site.name] = returned_shape(site, num_samples_, nesting);
      draws[site.name].push_back(site.value.detach());
    }
  }
  poutine::ValueMap result;
  for (auto& [name, values] : draws) {
    if (static_cast<int64_t>(values.size()) != num_samples_)
      throw Error("Predictive: site '" + name + "' is missing from some runs of the model");
    for (const auto& v : values)
      if (v.sizes() != values.front().sizes())
        throw ShapeError("Predictive: site '" + name + "' changes shape between draws: " +
                         format_shape(to_shape(values.front().sizes())) + " and " +
                         format_shape(to_shape(v.sizes())));
    result[name] = at::stack(values).reshape(shapes.at(name));
  }
  for (const auto& name : options_.return_sites)
    if (!result.count(name))
      throw Error("Predictive: return site '" + name + "' is not a site of the model");
  return result;
}

poutine::ValueMap Predictive::vectorized() const {
  // A first, unvectorized run finds the plate nesting and each site's shape in one draw.
  poutine::ValueMap first;
  for (const auto& [name, value] : posterior_samples_)
    first[name] = value[0];
  poutine::Trace guide_first;
  if (guide_)
    guide_first = run_guide(guide_);
  poutine::Trace prototype = run_model(model_, first, guide_ ? &guide_first : nullptr);
  const int64_t nesting = max_plate_nesting(prototype);
  const int64_t dim = -nesting - 1;

  poutine::ValueMap values;
  for (const auto& [name, value] : posterior_samples_) {
    if (!prototype.contains(name))
      continue;
    values[name] = value.reshape(returned_shape(prototype.at(name), num_samples_, nesting));
  }
  poutine::Trace guide_trace;
  if (guide_)
    guide_trace = run_guide(guide_, num_samples_, dim);
  poutine::Trace trace =
      run_model(model_, values, guide_ ? &guide_trace : nullptr, num_samples_, dim);

  poutine::ValueMap result;
  for (const auto& site : prototype.sites()) {
    if (!is_value_site(site))
      continue;
    const bool fixed = posterior_samples_.count(site.name) ||
                       (guide_ && guide_first.contains(site.name) &&
                        guide_first.at(site.name).type == poutine::SiteType::Sample);
    if (!returned(site.name, fixed))
      continue;
    const Shape shape = returned_shape(site, num_samples_, nesting);
    const at::Tensor value = trace.at(site.name).value.detach();
    if (value.numel() == numel(shape))
      result[site.name] = value.reshape(shape);
    else if (expandable(to_shape(value.sizes()), shape))
      result[site.name] = value.expand(shape).clone();
    else
      throw ShapeError("Predictive: site '" + site.name + "' has shape " +
                       format_shape(to_shape(value.sizes())) +
                       " in the vectorized run, which does not give " + format_shape(shape) +
                       "; the model must broadcast along plate '" + kPlateName + "' (dim " +
                       std::to_string(dim) + ") or run with parallel = false");
  }
  for (const auto& name : options_.return_sites)
    if (!result.count(name))
      throw Error("Predictive: return site '" + name + "' is not a site of the model");
  return result;
}

} // namespace kiln::infer
