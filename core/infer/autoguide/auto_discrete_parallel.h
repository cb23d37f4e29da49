#pragma once
// AutoDiscreteParallel (Pyro's): a mean-field guide for models whose latent sites are all
// discrete. Its first call runs the model once, hidden from the handlers around it, under
// config_enumerate; each latent site becomes a parameter "AutoDiscreteParallel.<site>_probs"
// (initialized to the prior probs of that run, broadcast to the site's plates) and a site of the
// same family (Bernoulli, Categorical, OneHotCategorical) in the same plates, marked for
// parallel enumeration: TraceEnum_ELBO then sums the guide over every value exactly.
//
//   auto guide = std::make_shared<AutoDiscreteParallel>(model);
//   svi::SVI svi(model, guide->as_model(), optim, std::make_shared<svi::TraceEnum_ELBO>());
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/poutine/message.h"
#include "core/poutine/model.h"

namespace kiln::infer::autoguide {

class AutoDiscreteParallel : public std::enable_shared_from_this<AutoDiscreteParallel> {
public:
  explicit AutoDiscreteParallel(poutine::Model model);

  // Runs the guide: one enumerable sample site per latent site of the model, in the model's
  // order. Returns the value of each (under poutine.enum: every value, along its own dim).
  poutine::ValueMap operator()();
  // The guide as a model to hand to SVI. Holds the guide alive when it is owned by a
  // shared_ptr; otherwise the guide must outlive the model.
  poutine::Model as_model();

  const std::string& name() const { return name_; }
  // Runs the prototype now if it has not run (the first call does it otherwise). A latent site
  // that is not Bernoulli, Categorical or OneHotCategorical, or that sits in a sequential or
  // subsampled plate, is a NotSupportedError naming it.
  void setup();
  bool is_setup() const { return setup_done_; }
  // The param-store name of a site's probs.
  std::string probs_name(const std::string& site) const;

private:
  struct Site {
    std::string name;
    std::string family;
    at::Tensor init_probs;
    std::vector<poutine::CondIndepFrame> cond_indep_stack;
  };

  poutine::Model model_;
  std::string name_ = "AutoDiscreteParallel";
  bool setup_done_ = false;
  std::vector<Site> sites_;
};

} // namespace kiln::infer::autoguide
