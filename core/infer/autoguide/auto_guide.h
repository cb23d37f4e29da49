#pragma once
// Automatic guides (Pyro's pyro.infer.autoguide). An autoguide is built from a model; its first
// call runs the model once (the prototype: latent sites only, observed sites blocked, each
// latent site given its first value by init_loc_fn) and lays out its parameters from what that
// run saw. Each later call reproduces the model's plates (so subsampling plates draw the same
// indices in the guide and, replayed, in the model) and samples every latent site of the
// prototype. Parameters live in the param store under Pyro's names ("AutoNormal.locs.mu"), so
// fitted values can be compared with Pyro's.
//
//   auto guide = std::make_shared<AutoNormal>(model);
//   svi::SVI svi(model, guide->as_model(), optim, elbo);
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/distribution.h"
#include "core/dist/transforms/transform.h"
#include "core/infer/initialization.h"
#include "core/poutine/handler.h"
#include "core/poutine/message.h"
#include "core/poutine/model.h"
#include "core/util/shape.h"

namespace kiln::poutine {
class PlateHandler;
}

namespace kiln::infer::autoguide {

class AutoGuideList;

// One latent site of the prototype run.
struct PrototypeSite {
  std::string name;
  // The site's distribution (broadcast to its plates) and the value init_loc_fn gave it.
  dist::DistPtr fn;
  at::Tensor value;
  // biject_to(fn->support()): unconstrained -> constrained (null for a discrete site).
  dist::TransformPtr transform;
  // The plates around the site, outermost first (all vectorized).
  std::vector<poutine::CondIndepFrame> cond_indep_stack;
  // fn->event_dim(), and the event dims of the unconstrained value (a simplex of K: 1 dim of
  // K - 1 entries, a correlation Cholesky factor: 1 flat dim where the value has 2).
  int64_t event_dim = 0;
  int64_t unconstrained_event_dim = 0;
  Shape unconstrained_shape;
};

class AutoGuide : public std::enable_shared_from_this<AutoGuide> {
public:
  virtual ~AutoGuide() = default;
  AutoGuide(const AutoGuide&) = delete;
  AutoGuide& operator=(const AutoGuide&) = delete;

  // Runs the guide: its sample sites go down the handler stack like any model's. Returns the
  // constrained value of each latent site of the model, by name.
  poutine::ValueMap operator()();
  // The guide as a model to hand to SVI, Predictive or importance sampling. Holds the guide
  // alive when it is owned by a shared_ptr; otherwise the guide must outlive the model.
  poutine::Model as_model();

  // The posterior median of each latent site (constrained), from the current parameters.
  virtual poutine::ValueMap median() = 0;
  // Posterior quantiles of each latent site (constrained): shape (len(qs),) + site shape.
  // Each q must be in (0, 1).
  virtual poutine::ValueMap quantiles(const std::vector<double>& qs) = 0;
  // `num_samples` draws of every latent site from the guide, stacked along a new leading dim,
  // without gradients and hidden from the handlers around the call.
  poutine::ValueMap sample_posterior(int64_t num_samples);

  // "AutoNormal"; a part of an AutoGuideList is named "AutoGuideList.<index>". Prefixes every
  // parameter name and the auxiliary sites.
  const std::string& name() const { return name_; }
  // The model as given.
  const poutine::Model& model() const { return model_; }
  // Runs the prototype now if it has not run (the first call does it otherwise).
  void setup();
  bool is_setup() const { return setup_done_; }
  // The latent sites of the prototype, in the model's order (empty before setup).
  const std::vector<PrototypeSite>& prototype_sites() const { return sites_; }

protected:
  AutoGuide(poutine::Model model, std::string name, InitFn init_loc_fn);

  // Lays out the guide from the prototype's sites (called once, after sites_ is filled).
  virtual void setup_prototype() {}
  // Samples every latent site, entering each site's plates with enter_plates.
  virtual poutine::ValueMap sample_sites() = 0;
  // Whether discrete latent sites may be in the prototype (they are an error otherwise, naming
  // them); such sites have no transform.
  virtual bool covers_discrete_sites() const { return false; }

  // Enters the plates of a site's stack for the lifetime of the returned object.
  struct PlateScopes {
    std::vector<std::unique_ptr<poutine::HandlerScope>> scopes;
  };
  std::unique_ptr<PlateScopes> enter_plates(const std::vector<poutine::CondIndepFrame>& stack);

  // The transformed value of an unconstrained draw and the log density Delta needs to carry
  // so that its log_prob is that of the unconstrained density pushed forward: minus log |det J|
  // summed to the site's batch shape.
  static std::pair<at::Tensor, at::Tensor> constrain(const PrototypeSite& site,
                                                     const at::Tensor& unconstrained);
  // A site's unconstrained prototype value repeated along each subsampled plate to the plate's
  // full size (the parameters of per-datum sites cover all data, and plates cut them).
  static at::Tensor full_size(const PrototypeSite& site, at::Tensor value, int64_t event_dim);
  // The Delta at a site's value drawn by the guide itself (constrain's output). Its point is not
  // validated: it is the guide's own draw, and Pyro's Delta never validates v (`dependent`); a
  // NaN there shows as a NaN loss, which SVI names by site.
  static dist::DistPtr own_draw(const at::Tensor& value, const at::Tensor& log_density,
                                int64_t event_dim);

  // The quantiles as a 1-d tensor of `like`'s dtype; a q outside (0, 1) is a DomainError.
  at::Tensor quantile_tensor(const std::vector<double>& qs, const at::Tensor& like) const;

  const InitFn& init_loc_fn() const { return init_loc_fn_; }
  std::vector<PrototypeSite> sites_;

private:
  friend class AutoGuideList;
  struct CallPlates;

  void run_prototype();
  // Creates one plate per frame of the prototype (drawing the subsamples), for one call.
  std::shared_ptr<CallPlates> create_plates();

  poutine::Model model_;
  std::string name_;
  InitFn init_loc_fn_;
  bool setup_done_ = false;
  // Every vectorized frame of the prototype by plate name.
  std::vector<poutine::CondIndepFrame> frames_;
  // The plates of the call under way; a part of a list uses its list's.
  std::shared_ptr<CallPlates> plates_;
  AutoGuideList* master_ = nullptr;
};

using AutoGuidePtr = std::shared_ptr<AutoGuide>;

// Elementwise: repeats `value` along `dim` periodically until it has `size` entries there.
at::Tensor periodic_repeat(const at::Tensor& value, int64_t size, int64_t dim);

} // namespace kiln::infer::autoguide
