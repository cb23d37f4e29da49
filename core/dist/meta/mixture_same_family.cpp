#include "core/dist/meta/mixture_same_family.h"

#include <ATen/ATen.h>

#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"MixtureSameFamily",
                                         {"mixture_distribution", "component_distribution"},
                                         [](const DistArgs& a) {
                                           return std::make_shared<MixtureSameFamily>(
                                               a.distribution("mixture_distribution"),
                                               a.distribution("component_distribution"));
                                         }});

// The categorical weights of a mixing distribution as normalized log probabilities: from its
// `logits` (torch's log_softmax) or its `probs`; null when it has neither.
at::Tensor categorical_log_weights(const Distribution& d) {
  for (const auto& p : d.params())
    if (p.name == "logits" && p.event_dim == 1)
      return at::log_softmax(p.value, -1);
  for (const auto& p : d.params())
    if (p.name == "probs" && p.event_dim == 1)
      return (p.value / p.value.sum(-1, true)).log();
  return {};
}
} // namespace

MixtureSameFamily::MixtureSameFamily(DistPtr mixture, DistPtr component)
    : mixture_(std::move(mixture)), component_(std::move(component)) {
  if (!mixture_ || !component_)
    throw Error("MixtureSameFamily: mixture_distribution and component_distribution are required");
  if (mixture_->event_dim() != 0 || !mixture_->is_discrete() ||
      !categorical_log_weights(*mixture_).defined())
    throw Error("MixtureSameFamily: mixture_distribution must be a Categorical (probs or logits "
                "over the components), got " +
                mixture_->name());
  const Shape& cbs = component_->batch_shape();
  if (cbs.empty())
    throw ShapeError("MixtureSameFamily: component_distribution must have at least one batch "
                     "dim (the components), got batch shape ()");
  const Shape batch = drop_right(cbs, 1);
  const Shape& mbs = mixture_->batch_shape();
  if (!expandable(mbs, batch))
    throw ShapeError("MixtureSameFamily: mixture_distribution.batch_shape " + format_shape(mbs) +
                     " is not compatible with component_distribution.batch_shape[:-1] " +
                     format_shape(batch));
  const int64_t km = categorical_log_weights(*mixture_).size(-1);
  if (km != cbs.back())
    throw ShapeError("MixtureSameFamily: mixture_distribution has " + std::to_string(km) +
                     " categories but component_distribution has " + std::to_string(cbs.back()) +
                     " components (the last dim of its batch shape " + format_shape(cbs) + ")");
  // Broadcast the mixing weights up front so sampling can gather elementwise.
  if (mbs != batch)
    mixture_ = mixture_->expand(batch);
  set_shapes(batch, component_->event_shape());
}

std::shared_ptr<Distribution> MixtureSameFamily::clone() const {
  return std::make_shared<MixtureSameFamily>(*this);
}

std::string MixtureSameFamily::repr() const {
  return "MixtureSameFamily(" + mixture_->repr() + ", " + component_->repr() + ")";
}

at::Tensor MixtureSameFamily::log_weights() const {
  return categorical_log_weights(*mixture_);
}

at::Tensor MixtureSameFamily::padded_weights() const {
  auto w = log_weights().exp();
  for (int64_t i = 0; i < event_dim(); ++i)
    w = w.unsqueeze(-1);
  return w;
}

// Draws a component index per batch element, then picks that component's draw (torch's
// gather along the component dim).
at::Tensor MixtureSameFamily::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const int64_t gather_dim = static_cast<int64_t>(sample_shape.size() + batch_shape().size());
  auto index = mixture_->sample(sample_shape).to(at::kLong); // sample + batch
  auto draws = component_->sample(sample_shape);             // sample + batch + (k,) + event
  Shape index_shape = concat(to_shape(index.sizes()), {1});
  index = index.reshape(concat(index_shape, Shape(event_dim(), 1)))
              .expand(concat(index_shape, event_shape()));
  return draws.gather(gather_dim, index).squeeze(gather_dim);
}

at::Tensor MixtureSameFamily::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto component_lp = component_->log_prob(pad(value)); // sample + batch + (k,)
  return at::logsumexp(component_lp + log_weights(), -1);
}

// Law of total expectation: E[x] = sum_k w_k E[x | k].
at::Tensor MixtureSameFamily::mean() const {
  return (padded_weights() * component_->mean()).sum(-1 - event_dim());
}

// Law of total variance: Var[x] = E[Var[x | k]] + Var[E[x | k]].
at::Tensor MixtureSameFamily::variance() const {
  auto w = padded_weights();
  auto mean_cond_var = (w * component_->variance()).sum(-1 - event_dim());
  auto var_cond_mean = (w * (component_->mean() - pad(mean())).pow(2)).sum(-1 - event_dim());
  return mean_cond_var + var_cond_mean;
}

at::Tensor MixtureSameFamily::cdf(const at::Tensor& value) const {
  return (component_->cdf(pad(value)) * log_weights().exp()).sum(-1);
}

DistPtr MixtureSameFamily::expand(const Shape& batch_shape) const {
  if (!expandable(this->batch_shape(), batch_shape))
    throw ShapeError("MixtureSameFamily: cannot expand batch shape " +
                     format_shape(this->batch_shape()) + " to " + format_shape(batch_shape));
  return std::make_shared<MixtureSameFamily>(
      mixture_->expand(batch_shape), component_->expand(concat(batch_shape, {num_components()})));
}

} // namespace kiln::dist
