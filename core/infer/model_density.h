#pragma once
// From a model to a density: the bridge every gradient-based sampler needs (Pyro's
// initialize_model and _PEMaker, NumPyro's potential_energy). A model with its data bound has
// latent sample sites on constrained supports; biject_to maps each from the reals, and the
// flat concatenation of their unconstrained values is the point a sampler moves. The potential
// is minus the log joint there, with the log |det J| of each map.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/constraints/constraint.h"
#include "core/dist/transforms/transform.h"
#include "core/infer/initialization.h"
#include "core/poutine/model.h"
#include "core/util/shape.h"

namespace kiln::infer {

// One latent site's place in the flat unconstrained vector.
struct LatentSite {
  std::string name;
  // The support as the first run saw it, and biject_to(support): unconstrained -> constrained.
  dist::ConstraintPtr support;
  dist::TransformPtr transform;
  // The constrained value's shape (fn.batch_shape + fn.event_shape) and the unconstrained
  // one, transform->inverse_shape(shape): a simplex of K takes K - 1 coordinates.
  Shape shape;
  Shape unconstrained_shape;
  // Entries offset .. offset + size - 1 of the flat vector, row-major.
  int64_t offset = 0;
  int64_t size = 0;
  // The dtype of the site's values (the flat vector is float64).
  at::ScalarType dtype = at::kDouble;
  // The support has bounds (Uniform(low, x)), which may depend on other sites: each evaluation
  // maps the site through biject_to of the support it has then, as NumPyro does.
  bool dynamic_support = false;
};

class ModelDensity {
public:
  // Runs `model` once to find its latent sites, plates and deterministic sites. Discrete latent
  // sites whose distribution has a finite support are marginalized: every evaluation runs the
  // model under config_enumerate and poutine.enum (dims left of the deepest plate nesting of
  // the first run) and contracts the log densities (enum/contraction.h). Other discrete latent
  // sites (a Poisson, or an enumerate strategy other than "parallel") are a NotSupportedError
  // naming them.
  explicit ModelDensity(poutine::Model model);

  // Length of the flat unconstrained vector.
  int64_t dim() const { return dim_; }
  // Latent sites in the model's order, which is the layout's order.
  const std::vector<LatentSite>& sites() const { return sites_; }
  // The enumerated (marginalized) discrete sites, in the model's order; empty for a model
  // without discrete latent sites.
  const std::vector<std::string>& enumerated_names() const { return enumerated_names_; }
  // The deepest plate nesting of the first run when sites are enumerated, else -1.
  int64_t max_plate_nesting() const { return max_plate_nesting_; }
  // The model each evaluation runs: the model under enumeration when sites are enumerated.
  const poutine::Model& evaluated_model() const { return evaluated_model_; }
  // Names of the deterministic sites, in the model's order.
  const std::vector<std::string>& deterministic_names() const { return deterministic_names_; }
  // The model as given. Evaluations run it with each plate's subsample fixed to the one the
  // first run drew (plate_subsamples), so the potential is a function of the point alone.
  const poutine::Model& model() const { return model_; }
  const poutine::ValueMap& plate_subsamples() const { return plate_subsamples_; }

  // The flat unconstrained vector of constrained `values` (one per latent site; extra entries
  // are ignored). A missing site is an Error, a value of the wrong shape a ShapeError.
  at::Tensor unconstrain(const poutine::ValueMap& values) const;
  // The constrained value of each latent site at `flat`.
  poutine::ValueMap constrain(const at::Tensor& flat) const;

  // Minus the log joint at `flat`: the model run with the constrained values in place, the sum
  // of every sample site's scaled and masked log density (Trace::log_prob_sum), with enumerated
  // sites summed out, plus the sum of log |det J| of each map. A value outside a support the model
  // checks (an observation that depends on a latent) throws DomainError, which a sampler treats as
  // a rejected point. Cheap to call from many threads at once: no state is shared between calls.
  double potential(const at::Tensor& flat) const;
  // The potential and its gradient with respect to `flat` (by autograd).
  std::pair<double, at::Tensor> potential_and_grad(const at::Tensor& flat) const;

  // The potential at `flat` (a float64 vector of dim() values) as a scalar tensor, with the
  // autograd graph when `flat` requires grad: what the compiled tier records.
  at::Tensor potential_tensor(const at::Tensor& flat) const;

  // The value of each deterministic site at `flat`.
  poutine::ValueMap deterministics(const at::Tensor& flat) const;

  // For error messages (slow): the sample sites whose log density at `flat` is not finite or
  // not computable (a value outside its support), the latent sites whose log |det J| is not
  // finite, and the latent sites where the gradient is not finite, in the model's order.
  std::vector<std::string> nonfinite_sites(const at::Tensor& flat) const;

private:
  // One run of the model at a point: the handler that puts the values in place (defined in
  // the source).
  class Evaluation;

  at::Tensor checked_flat(const at::Tensor& flat) const;

  poutine::Model model_;
  poutine::Model evaluated_model_;
  std::vector<std::string> enumerated_names_;
  int64_t max_plate_nesting_ = -1;
  std::vector<LatentSite> sites_;
  int64_t dim_ = 0;
  bool any_dynamic_support_ = false;
  std::vector<std::string> deterministic_names_;
  std::vector<std::string> plate_names_;
  std::vector<at::Tensor> plate_values_;
  poutine::ValueMap plate_subsamples_;
};

// A point of `density` where the potential and its gradient are finite, from the values
// `init_fn` gives the latent sites (Pyro's _find_valid_initial_params). Each try runs the model
// under init_to(init_fn); after `max_tries` failures an Error names the sites whose log density
// was not finite and the last values tried. ShapeError and NotSupportedError from the model
// are bugs, and are rethrown at once.
at::Tensor initialize(const ModelDensity& density, const InitFn& init_fn = init_to_uniform(),
                      int64_t max_tries = 100);

} // namespace kiln::infer
