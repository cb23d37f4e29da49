#include "core/infer/autoguide/auto_guide.h"

#include <algorithm>
#include <map>

#include <ATen/ATen.h>

#include "core/dist/meta/delta.h"
#include "core/dist/transforms/biject_to.h"
#include "core/dist/validation.h"
#include "core/infer/autoguide/auto_guide_list.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

// The plates of one call of a guide, created (their subsamples drawn) before any site.
struct AutoGuide::CallPlates {
  std::map<std::string, std::unique_ptr<poutine::PlateHandler>> plates;
};

namespace {

// What the prototype trace keeps: latent sample sites (Pyro's prototype_hide_fn).
bool hidden_from_prototype(const poutine::Message& msg) {
  return msg.type != poutine::SiteType::Sample || msg.is_observed;
}

// Clears the guide's call plates when the call ends, also by an exception.
template <class T> struct ResetOnExit {
  std::shared_ptr<T>& target;
  ~ResetOnExit() { target.reset(); }
};

} // namespace

AutoGuide::AutoGuide(poutine::Model model, std::string name, InitFn init_loc_fn)
    : model_(std::move(model)), name_(std::move(name)), init_loc_fn_(std::move(init_loc_fn)) {
  if (!model_)
    throw Error(name_ + ": no model given");
  if (!init_loc_fn_)
    throw Error(name_ + ": no init_loc_fn given");
}

void AutoGuide::run_prototype() {
  poutine::BlockHandler hide_from_caller;
  poutine::TraceHandler tracer;
  poutine::BlockSpec spec;
  spec.hide_fn = hidden_from_prototype;
  poutine::BlockHandler keep_latent(spec);
  InitHandler init(init_loc_fn_);
  {
    poutine::HandlerScope outer(hide_from_caller);
    poutine::HandlerScope trace(tracer);
    poutine::HandlerScope block(keep_latent);
    poutine::HandlerScope inner(init);
    model_();
  }

  std::vector<std::string> discrete;
  std::vector<PrototypeSite> sites;
  std::map<std::string, poutine::CondIndepFrame> frames;
  for (const poutine::Site& site : tracer.trace().sites()) {
    if (site.type != poutine::SiteType::Sample || site.is_observed ||
        poutine::infer_bool(site.infer, "is_auxiliary"))
      continue;
    const bool is_discrete = site.fn->is_discrete();
    if (is_discrete && !covers_discrete_sites()) {
      discrete.push_back(site.name);
      continue;
    }
    PrototypeSite s;
    s.name = site.name;
    s.fn = site.fn;
    s.value = site.value.detach();
    s.event_dim = site.fn->event_dim();
    s.cond_indep_stack = site.cond_indep_stack;
    for (const auto& frame : site.cond_indep_stack) {
      if (!frame.vectorized())
        throw NotSupportedError(name_ + ": site '" + site.name +
                                "' is inside the sequential plate '" + frame.name +
                                "'; autoguides reproduce vectorized plates only");
      frames[frame.name] = frame;
    }
    if (is_discrete) {
      s.unconstrained_shape = to_shape(s.value.sizes());
      s.unconstrained_event_dim = s.event_dim;
      sites.push_back(std::move(s));
      continue;
    }
    try {
      s.transform = dist::biject_to(site.fn->support());
    } catch (const Error& e) {
      throw NotSupportedError(name_ + ": site '" + site.name + "' has support " +
                              site.fn->support()->repr() +
                              ", which no bijection from the reals reaches: " + e.what());
    }
    s.unconstrained_shape = s.transform->inverse_shape(to_shape(s.value.sizes()));
    s.unconstrained_event_dim =
        s.event_dim + static_cast<int64_t>(s.unconstrained_shape.size()) - s.value.dim();
    sites.push_back(std::move(s));
  }
  if (!discrete.empty()) {
    std::string names;
    for (const auto& n : discrete)
      names += (names.empty() ? "'" : ", '") + n + "'";
    throw NotSupportedError(
        name_ + ": the latent site(s) " + names +
        " are discrete; autoguides cover continuous sites (block them out and "
        "give them their own guide, AutoDiscreteParallel, in an AutoGuideList)");
  }
  sites_ = std::move(sites);
  frames_.clear();
  for (auto& [name, frame] : frames)
    frames_.push_back(frame);
}

void AutoGuide::setup() {
  if (setup_done_)
    return;
  run_prototype();
  if (master_)
    master_->check_part(*this);
  setup_prototype();
  setup_done_ = true;
}

std::shared_ptr<AutoGuide::CallPlates> AutoGuide::create_plates() {
  auto plates = std::make_shared<CallPlates>();
  for (const auto& frame : frames_) {
    poutine::PlateOptions options;
    options.dim = frame.dim;
    if (frame.size < frame.full_size)
      options.subsample_size = frame.size;
    plates->plates[frame.name] =
        std::make_unique<poutine::PlateHandler>(frame.name, frame.full_size, options);
  }
  return plates;
}

poutine::ValueMap AutoGuide::operator()() {
  if (master_ && !master_->plates_)
    throw Error(name_ + " is a part of an AutoGuideList: call the list, not the part");
  setup();
  if (master_)
    return sample_sites();
  plates_ = create_plates();
  ResetOnExit<CallPlates> reset{plates_};
  return sample_sites();
}

poutine::Model AutoGuide::as_model() {
  if (auto self = weak_from_this().lock())
    return [self] { (*self)(); };
  return [this] { (*this)(); };
}

std::unique_ptr<AutoGuide::PlateScopes>
AutoGuide::enter_plates(const std::vector<poutine::CondIndepFrame>& stack) {
  const auto& call = master_ ? master_->plates_ : plates_;
  auto scopes = std::make_unique<PlateScopes>();
  for (const auto& frame : stack) {
    if (!call || !call->plates.count(frame.name))
      throw Error(name_ + ": plate '" + frame.name + "' is not open in this call");
    scopes->scopes.push_back(std::make_unique<poutine::HandlerScope>(*call->plates.at(frame.name)));
  }
  return scopes;
}

std::pair<at::Tensor, at::Tensor> AutoGuide::constrain(const PrototypeSite& site,
                                                       const at::Tensor& unconstrained) {
  at::Tensor value = site.transform->forward(unconstrained);
  if (site.transform->is_identity())
    return {value,
            at::zeros(value.sizes().slice(0, value.dim() - site.event_dim), value.options())};
  at::Tensor log_density = -site.transform->log_abs_det_jacobian(unconstrained, value);
  const int64_t extra = log_density.dim() - value.dim() + site.event_dim;
  if (extra > 0) {
    std::vector<int64_t> dims;
    for (int64_t d = 1; d <= extra; ++d)
      dims.push_back(-d);
    log_density = log_density.sum(dims);
  }
  return {value, log_density};
}

dist::DistPtr AutoGuide::own_draw(const at::Tensor& value, const at::Tensor& log_density,
                                  int64_t event_dim) {
  const dist::ValidationScope own(false);
  return std::make_shared<dist::Delta>(value, log_density, event_dim);
}

at::Tensor AutoGuide::full_size(const PrototypeSite& site, at::Tensor value, int64_t event_dim) {
  for (const auto& frame : site.cond_indep_stack)
    if (frame.size != frame.full_size)
      value = periodic_repeat(value, frame.full_size, *frame.dim - event_dim);
  return value.contiguous();
}

poutine::ValueMap AutoGuide::sample_posterior(int64_t num_samples) {
  if (num_samples < 1)
    throw DomainError(name_ + ".sample_posterior: num_samples is " + std::to_string(num_samples) +
                      ", but must be at least 1");
  at::NoGradGuard no_grad;
  poutine::BlockHandler hide_from_caller;
  poutine::HandlerScope scope(hide_from_caller);
  std::map<std::string, std::vector<at::Tensor>> draws;
  for (int64_t i = 0; i < num_samples; ++i)
    for (auto& [name, value] : (*this)())
      draws[name].push_back(value.detach());
  poutine::ValueMap result;
  for (auto& [name, values] : draws)
    result[name] = at::stack(values);
  return result;
}

at::Tensor AutoGuide::quantile_tensor(const std::vector<double>& qs, const at::Tensor& like) const {
  if (qs.empty())
    throw DomainError(name_ + ".quantiles: no quantiles given");
  for (double q : qs)
    if (!(q > 0 && q < 1))
      throw DomainError(name_ + ".quantiles: " + std::to_string(q) + " is not in (0, 1)");
  return at::tensor(qs, like.options().dtype(at::kDouble)).to(like.scalar_type());
}

at::Tensor periodic_repeat(const at::Tensor& value, int64_t size, int64_t dim) {
  if (dim < 0)
    dim += value.dim();
  if (dim < 0 || dim >= value.dim())
    throw ShapeError("periodic_repeat: dim out of range for a value of shape " +
                     format_shape(to_shape(value.sizes())));
  const int64_t n = value.size(dim);
  if (n == size)
    return value;
  if (n == 0)
    throw ShapeError("periodic_repeat: cannot repeat an empty dim");
  std::vector<int64_t> repeats(value.dim(), 1);
  repeats[dim] = (size + n - 1) / n;
  return value.repeat(repeats).narrow(dim, 0, size);
}

} // namespace kiln::infer::autoguide
