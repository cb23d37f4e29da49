#include "core/infer/autoguide/auto_discrete_parallel.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/categorical.h"
#include "core/dist/discrete/one_hot_categorical.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoDiscreteParallel::AutoDiscreteParallel(poutine::Model model) : model_(std::move(model)) {
  if (!model_)
    throw Error("AutoDiscreteParallel: the model is empty");
}

std::string AutoDiscreteParallel::probs_name(const std::string& site) const {
  return name_ + "." + site + "_probs";
}

void AutoDiscreteParallel::setup() {
  if (setup_done_)
    return;
  poutine::Trace trace;
  {
    // Hidden from the handlers around the guide (an ELBO's trace and enum): the prototype run
    // is not part of the guide's run.
    poutine::BlockHandler block;
    poutine::HandlerScope scope(block);
    trace = poutine::get_trace(poutine::config_enumerate(model_));
  }
  std::vector<Site> sites;
  for (const poutine::Site& s : trace.sites()) {
    if (s.type != poutine::SiteType::Sample || s.is_observed)
      continue;
    if (poutine::infer_string(s.infer, "enumerate") != "parallel")
      throw NotSupportedError("AutoDiscreteParallel: latent site '" + s.name + "' (" +
                              s.fn->name() +
                              ") must be discrete and configured for parallel enumeration");
    const std::string family = s.fn->name();
    if (family != "Bernoulli" && family != "Categorical" && family != "OneHotCategorical")
      throw NotSupportedError("AutoDiscreteParallel: latent site '" + s.name + "' is " + family +
                              "; only Bernoulli, Categorical and OneHotCategorical are supported");
    for (const poutine::CondIndepFrame& frame : s.cond_indep_stack) {
      if (!frame.vectorized())
        throw NotSupportedError("AutoDiscreteParallel: latent site '" + s.name +
                                "' is in sequential plate '" + frame.name +
                                "'; only vectorized plates are supported");
      if (frame.size != frame.full_size)
        throw NotSupportedError("AutoDiscreteParallel: latent site '" + s.name +
                                "' is in subsampled plate '" + frame.name +
                                "'; its probs would cover only the subsample");
    }
    sites.push_back({s.name, family, s.fn->param("probs").detach().clone(), s.cond_indep_stack});
  }
  sites_ = std::move(sites);
  setup_done_ = true;
}

poutine::ValueMap AutoDiscreteParallel::operator()() {
  setup();
  poutine::ValueMap values;
  for (const Site& site : sites_) {
    std::vector<std::unique_ptr<poutine::Plate>> plates;
    for (const poutine::CondIndepFrame& frame : site.cond_indep_stack)
      plates.push_back(std::make_unique<poutine::Plate>(frame.name, frame.size,
                                                        poutine::PlateOptions{0, {}, frame.dim}));
    const bool bernoulli = site.family == "Bernoulli";
    const at::Tensor probs = poutine::param(probs_name(site.name), site.init_probs,
                                            bernoulli ? dist::constraints::unit_interval()
                                                      : dist::constraints::simplex());
    dist::DistPtr fn;
    if (bernoulli)
      fn = std::make_shared<dist::Bernoulli>(dist::Probs{probs});
    else if (site.family == "Categorical")
      fn = std::make_shared<dist::Categorical>(dist::Probs{probs});
    else
      fn = std::make_shared<dist::OneHotCategorical>(dist::Probs{probs});
    values[site.name] =
        poutine::sample(site.name, fn, {}, {{"enumerate", std::string("parallel")}});
    while (!plates.empty()) // innermost first
      plates.pop_back();
  }
  return values;
}

poutine::Model AutoDiscreteParallel::as_model() {
  std::weak_ptr<AutoDiscreteParallel> weak = weak_from_this();
  if (weak.expired())
    return [this] { (*this)(); };
  std::shared_ptr<AutoDiscreteParallel> self = weak.lock();
  return [self] { (*self)(); };
}

} // namespace kiln::infer::autoguide
