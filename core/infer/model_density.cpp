#include "core/infer/model_density.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/transforms/biject_to.h"
#include "core/infer/enum/contraction.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/trace.h"
#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/tensor_util.h"

namespace kiln::infer {

namespace {

using poutine::Message;
using poutine::SiteType;

bool has_bounds(const dist::ConstraintPtr& c) {
  if (!c)
    return false;
  return c->lower_bound().defined() || c->upper_bound().defined() || has_bounds(c->base());
}

int64_t numel(const Shape& shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  return n;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i ? ", '" : "'") + names[i] + "'";
  return out;
}

// Index of the element of `items` whose name is `name`, or -1. Sites come in the same order on
// every run, so the element at `cursor` is tried first and the cursor moves past a match: no
// lookup by string in the common case.
template <typename Items, typename NameOf>
int64_t find_next(const Items& items, const std::string& name, size_t& cursor, NameOf name_of) {
  if (cursor < items.size() && name_of(items[cursor]) == name)
    return static_cast<int64_t>(cursor++);
  for (size_t i = 0; i < items.size(); ++i)
    if (name_of(items[i]) == name) {
      cursor = i + 1;
      return static_cast<int64_t>(i);
    }
  return -1;
}

void check_shape(const LatentSite& site, at::IntArrayRef actual, const char* what) {
  if (actual != at::IntArrayRef(site.shape))
    throw ShapeError("ModelDensity: " + std::string(what) + " of latent site '" + site.name +
                     "' has shape " + format_shape(actual.vec()) + ", but its first run had " +
                     format_shape(site.shape));
}

} // namespace

// The handler that runs the model at one point. It is the outermost handler, so it sees each
// site after the plates and any handlers inside the model have set its distribution, scale and
// mask: exactly what a trace records.
class ModelDensity::Evaluation : public poutine::Handler {
public:
  enum class Mode {
    Potential,      // accumulate log densities and log |det J|
    Constrain,      // keep the constrained latent values
    Unconstrain,    // latent values given constrained; keep their unconstrained pieces
    Deterministics, // keep the values of deterministic sites
    Diagnose,       // collect the names of sites with non-finite terms
  };

  // `flat` is the point; in Unconstrain mode `constrained` holds one value per latent site.
  Evaluation(const ModelDensity& density, Mode mode, const at::Tensor* flat,
             const std::vector<at::Tensor>* constrained = nullptr)
      : d_(density), mode_(mode), flat_(flat), constrained_(constrained),
        seen_(density.sites_.size(), false) {
    if (mode_ == Mode::Constrain || mode_ == Mode::Unconstrain)
      latent_.resize(d_.sites_.size());
  }

  void run() {
    {
      poutine::HandlerScope scope(*this);
      d_.evaluated_model_();
    }
    if (visited_ == d_.sites_.size())
      return;
    std::vector<std::string> missing;
    for (size_t i = 0; i < d_.sites_.size(); ++i)
      if (!seen_[i])
        missing.push_back(d_.sites_[i].name);
    throw Error("ModelDensity: the model did not reach latent site(s) " + quoted_list(missing) +
                " that its first run had; a model whose latent sites change from run to run has "
                "no fixed layout");
  }

  void process_message(Message& msg) override {
    if (msg.type == SiteType::Plate) {
      int64_t i = find_next(d_.plate_names_, msg.name, plate_cursor_,
                            [](const std::string& n) -> const std::string& { return n; });
      if (i >= 0) {
        msg.value = d_.plate_values_[i];
        msg.done = true;
      }
      return;
    }
    if (msg.type != SiteType::Sample || msg.is_observed || msg.done || msg.value.defined())
      return;
    int64_t i = find_next(d_.sites_, msg.name, site_cursor_,
                          [](const LatentSite& s) -> const std::string& { return s.name; });
    if (i < 0)
      throw Error("ModelDensity: the model has a latent site '" + msg.name +
                  "' that its first run did not have; a model whose latent sites change from "
                  "run to run has no fixed layout");
    if (!seen_[i]) {
      seen_[i] = true;
      ++visited_;
    }
    const LatentSite& site = d_.sites_[i];
    dist::TransformPtr t =
        site.dynamic_support ? dist::biject_to(msg.fn->support()) : site.transform;
    if (mode_ == Mode::Unconstrain) {
      const at::Tensor& y = (*constrained_)[i];
      latent_[i] = t->inverse(y);
      msg.value = y;
      msg.done = true;
      return;
    }
    at::Tensor u = flat_->narrow(0, site.offset, site.size).view(site.unconstrained_shape);
    at::Tensor y = t->forward(u);
    check_shape(site, y.sizes(), "the value");
    if (y.scalar_type() != site.dtype)
      y = y.to(site.dtype);
    msg.value = y;
    msg.done = true;
    if (mode_ == Mode::Constrain) {
      latent_[i] = y;
    } else if (mode_ == Mode::Potential) {
      add(t->log_abs_det_jacobian(u, y).sum());
    } else if (mode_ == Mode::Diagnose) {
      if (!at::isfinite(t->log_abs_det_jacobian(u, y)).all().item<bool>())
        flag(site.name);
    }
  }

  void postprocess_message(Message& msg) override {
    if (msg.type == SiteType::Deterministic && mode_ == Mode::Deterministics) {
      deterministics_[msg.name] = msg.value.detach();
      return;
    }
    if (msg.type != SiteType::Sample)
      return;
    if (mode_ == Mode::Potential && d_.max_plate_nesting_ >= 0) {
      factors_.push_back(make_log_factor(
          msg.name, poutine::scale_and_mask(msg.fn->log_prob(msg.value), msg.scale, msg.mask),
          msg.cond_indep_stack, poutine::enum_dim_to_id(msg.infer), plate_names_, plate_sizes_));
    } else if (mode_ == Mode::Potential) {
      add(poutine::scale_and_mask(msg.fn->log_prob(msg.value), msg.scale, msg.mask).sum());
    } else if (mode_ == Mode::Diagnose) {
      try {
        at::Tensor lp = poutine::scale_and_mask(msg.fn->log_prob(msg.value), msg.scale, msg.mask);
        if (!all_finite(lp))
          flag(msg.name);
      } catch (const DomainError&) {
        flag(msg.name);
      }
    }
  }

  // Minus the log joint with the log |det J| terms (a scalar tensor); under enumeration the
  // log joint is the contraction of the sites' factors.
  at::Tensor potential() {
    if (!factors_.empty())
      add(contract_log_factors(std::move(factors_), plate_sizes_));
    return total_.defined() ? -total_ : at::zeros({}, at::kDouble);
  }
  std::vector<at::Tensor>& latent() { return latent_; }
  poutine::ValueMap& deterministics() { return deterministics_; }
  const std::vector<std::string>& flagged() const { return flagged_; }

private:
  void add(const at::Tensor& term) { total_ = total_.defined() ? total_ + term : term; }
  void flag(const std::string& name) {
    if (std::find(flagged_.begin(), flagged_.end(), name) == flagged_.end())
      flagged_.push_back(name);
  }

  const ModelDensity& d_;
  Mode mode_;
  const at::Tensor* flat_;
  const std::vector<at::Tensor>* constrained_;
  size_t site_cursor_ = 0;
  size_t plate_cursor_ = 0;
  std::vector<bool> seen_;
  size_t visited_ = 0;
  at::Tensor total_;
  // Under enumeration: each sample site's named log density, and the plates they name.
  std::vector<LogFactor> factors_;
  std::vector<std::string> plate_names_;
  std::vector<int64_t> plate_sizes_;
  std::vector<at::Tensor> latent_;
  poutine::ValueMap deterministics_;
  std::vector<std::string> flagged_;
};

ModelDensity::ModelDensity(poutine::Model model)
    : model_(std::move(model)), evaluated_model_(model_) {
  const poutine::Trace trace = poutine::get_trace(init_to(model_, init_to_sample_or_uniform()));
  std::vector<std::string> discrete;
  int64_t max_plate_nesting = 0;
  for (const poutine::Site& s : trace.sites()) {
    for (const poutine::CondIndepFrame& frame : s.cond_indep_stack)
      if (frame.vectorized())
        max_plate_nesting = std::max(max_plate_nesting, -*frame.dim);
    if (s.type == SiteType::Plate) {
      plate_names_.push_back(s.name);
      plate_values_.push_back(s.value);
      plate_subsamples_[s.name] = s.value;
    } else if (s.type == SiteType::Deterministic) {
      deterministic_names_.push_back(s.name);
    } else if (s.type == SiteType::Sample && !s.is_observed) {
      if (s.fn->is_discrete()) {
        const std::string strategy = poutine::infer_string(s.infer, "enumerate", "parallel");
        (s.fn->has_enumerate_support() && strategy == "parallel" ? enumerated_names_ : discrete)
            .push_back(s.name);
        continue;
      }
      LatentSite site;
      site.name = s.name;
      site.support = s.fn->support();
      site.transform = dist::biject_to(site.support);
      site.shape = s.value.sizes().vec();
      site.unconstrained_shape = site.transform->inverse_shape(site.shape);
      site.offset = dim_;
      site.size = numel(site.unconstrained_shape);
      site.dtype = s.value.scalar_type();
      site.dynamic_support = has_bounds(site.support);
      any_dynamic_support_ = any_dynamic_support_ || site.dynamic_support;
      dim_ += site.size;
      sites_.push_back(std::move(site));
    }
  }
  if (!discrete.empty())
    throw NotSupportedError(
        "ModelDensity: discrete latent site(s) " + quoted_list(discrete) +
        " have no unconstrained space and cannot be enumerated (no finite support, or an "
        "enumerate strategy other than \"parallel\"); a density over continuous sites needs "
        "them observed");
  if (!enumerated_names_.empty()) {
    // As Pyro's MCMC does: every enumerable site is enumerated in parallel, in dims left of
    // the deepest plate nesting the first run reached.
    max_plate_nesting_ = max_plate_nesting;
    evaluated_model_ = poutine::enum_(poutine::config_enumerate(model_), -1 - max_plate_nesting_);
  }
}

at::Tensor ModelDensity::checked_flat(const at::Tensor& flat) const {
  if (!flat.defined() || flat.dim() != 1 || flat.size(0) != dim_)
    throw ShapeError("ModelDensity: the point must be a vector of " + std::to_string(dim_) +
                     " unconstrained values, got " +
                     (flat.defined() ? format_shape(flat.sizes().vec()) : "none"));
  return flat.scalar_type() == at::kDouble ? flat : flat.to(at::kDouble);
}

at::Tensor ModelDensity::unconstrain(const poutine::ValueMap& values) const {
  std::vector<at::Tensor> constrained;
  constrained.reserve(sites_.size());
  for (const LatentSite& site : sites_) {
    auto it = values.find(site.name);
    if (it == values.end() || !it->second.defined())
      throw Error("ModelDensity::unconstrain: no value for latent site '" + site.name + "'");
    check_shape(site, it->second.sizes(), "the value given");
    constrained.push_back(it->second);
  }
  std::vector<at::Tensor> pieces;
  if (any_dynamic_support_) {
    // The bounds of some supports depend on other sites' values: run the model with the values
    // in place, so that each site is mapped back through the support it has there.
    Evaluation ev(*this, Evaluation::Mode::Unconstrain, nullptr, &constrained);
    ev.run();
    pieces = std::move(ev.latent());
  } else {
    for (size_t i = 0; i < sites_.size(); ++i)
      pieces.push_back(sites_[i].transform->inverse(constrained[i]));
  }
  if (pieces.empty())
    return at::zeros({0}, at::kDouble);
  for (at::Tensor& p : pieces)
    p = p.reshape(-1).to(at::kDouble);
  return at::cat(pieces);
}

poutine::ValueMap ModelDensity::constrain(const at::Tensor& flat) const {
  const at::Tensor x = checked_flat(flat);
  std::vector<at::Tensor> values;
  if (any_dynamic_support_) {
    Evaluation ev(*this, Evaluation::Mode::Constrain, &x);
    ev.run();
    values = std::move(ev.latent());
  } else {
    for (const LatentSite& site : sites_) {
      at::Tensor y = site.transform->forward(
          x.narrow(0, site.offset, site.size).view(site.unconstrained_shape));
      values.push_back(y.scalar_type() == site.dtype ? y : y.to(site.dtype));
    }
  }
  poutine::ValueMap out;
  for (size_t i = 0; i < sites_.size(); ++i)
    out.emplace(sites_[i].name, std::move(values[i]));
  return out;
}

at::Tensor ModelDensity::potential_tensor(const at::Tensor& flat) const {
  Evaluation ev(*this, Evaluation::Mode::Potential, &flat);
  ev.run();
  return ev.potential();
}

double ModelDensity::potential(const at::Tensor& flat) const {
  const at::Tensor x = checked_flat(flat);
  at::NoGradGuard no_grad;
  return potential_tensor(x).item<double>();
}

std::pair<double, at::Tensor> ModelDensity::potential_and_grad(const at::Tensor& flat) const {
  const at::Tensor x = checked_flat(flat).detach().requires_grad_(true);
  const at::Tensor pe = potential_tensor(x);
  if (!pe.requires_grad())
    return {pe.item<double>(), at::zeros_like(x)};
  at::Tensor grad = torch::autograd::grad({pe}, {x}, {}, /*retain_graph=*/false,
                                          /*create_graph=*/false, /*allow_unused=*/true)[0];
  return {pe.item<double>(), grad.defined() ? grad : at::zeros_like(x)};
}

poutine::ValueMap ModelDensity::deterministics(const at::Tensor& flat) const {
  const at::Tensor x = checked_flat(flat);
  at::NoGradGuard no_grad;
  Evaluation ev(*this, Evaluation::Mode::Deterministics, &x);
  ev.run();
  return std::move(ev.deterministics());
}

std::vector<std::string> ModelDensity::nonfinite_sites(const at::Tensor& flat) const {
  const at::Tensor x = checked_flat(flat);
  std::vector<std::string> names;
  {
    at::NoGradGuard no_grad;
    Evaluation ev(*this, Evaluation::Mode::Diagnose, &x);
    ev.run();
    names = ev.flagged();
  }
  if (!names.empty())
    return names;
  // Every term is finite, so the trouble is in the gradient: name the sites it is bad at.
  const at::Tensor grad = potential_and_grad(x).second;
  for (const LatentSite& site : sites_)
    if (!all_finite(grad.narrow(0, site.offset, site.size)))
      names.push_back(site.name);
  return names;
}

namespace {

// "mu = 0.53, tau = 1.2, ...": the latent values a trace reached, in the layout's order.
std::string describe_values(const ModelDensity& density, const poutine::Trace& trace) {
  std::string out;
  for (const LatentSite& site : density.sites())
    if (trace.contains(site.name))
      out +=
          (out.empty() ? "" : ", ") + site.name + " = " + format_values(trace.at(site.name).value);
  return out;
}

} // namespace

at::Tensor initialize(const ModelDensity& density, const InitFn& init_fn, int64_t max_tries) {
  if (max_tries < 1)
    throw DomainError("initialize: max_tries is " + std::to_string(max_tries) +
                      ", but must be positive");
  if (density.dim() == 0)
    return at::zeros({0}, at::kDouble);
  const poutine::Model model =
      init_to(poutine::substitute(density.model(), density.plate_subsamples()), init_fn);
  // How many tries each site was to blame for, in order of first appearance.
  std::vector<std::pair<std::string, int64_t>> blamed;
  std::string last_values, last_error;
  for (int64_t attempt = 0; attempt < max_tries; ++attempt) {
    poutine::TraceHandler tracer;
    try {
      {
        poutine::HandlerScope scope(tracer);
        model();
      }
      poutine::ValueMap values;
      for (const LatentSite& site : density.sites())
        values[site.name] = tracer.trace().at(site.name).value.detach();
      const at::Tensor flat = density.unconstrain(values);
      try {
        const auto [pe, grad] = density.potential_and_grad(flat);
        if (std::isfinite(pe) && all_finite(grad))
          return flat;
      } catch (const DomainError&) {
        // A value outside a support: nonfinite_sites names the site.
      }
      for (const std::string& name : density.nonfinite_sites(flat)) {
        auto it = std::find_if(blamed.begin(), blamed.end(),
                               [&](const auto& b) { return b.first == name; });
        if (it == blamed.end())
          blamed.emplace_back(name, 1);
        else
          ++it->second;
      }
    } catch (const DomainError& e) {
      last_error = e.what();
    }
    last_values = describe_values(density, tracer.trace());
  }
  std::string message = "initialize: no point with a finite potential and gradient in " +
                        std::to_string(max_tries) + " tries";
  if (!blamed.empty()) {
    message += "; the log density was not finite (or not computable) at ";
    for (size_t i = 0; i < blamed.size(); ++i)
      message += (i ? ", site '" : "site '") + blamed[i].first + "' (" +
                 std::to_string(blamed[i].second) + " of " + std::to_string(max_tries) + " tries)";
  }
  if (!last_error.empty())
    message += "; the model raised: " + last_error;
  if (!last_values.empty())
    message += "; the last values tried: " + last_values;
  throw Error(message);
}

} // namespace kiln::infer
