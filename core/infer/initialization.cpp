#include "core/infer/initialization.h"

#include <ATen/ATen.h>

#include "core/dist/meta/improper_uniform.h"
#include "core/dist/meta/independent.h"
#include "core/dist/meta/masked.h"
#include "core/dist/transforms/biject_to.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "core/util/shape.h"

namespace kiln::infer {

namespace {

using poutine::Message;

// Maps `make(unconstrained shape, options)` through biject_to(support); discrete sites, with no
// unconstrained space, take a prior draw instead.
// An improper density has no draw to take the shape and dtype from: its unconstrained shape comes
// from the transform, and its dtype is ImproperUniform's float64.
template <typename Make> at::Tensor from_unconstrained(const Message& site, Make make) {
  if (dist::is_improper(*site.fn)) {
    dist::TransformPtr t = dist::biject_to(site.fn->support());
    return t->forward(make(t->inverse_shape(site.fn->extended_shape()), at::kDouble));
  }
  at::Tensor draw = site.fn->sample();
  if (site.fn->is_discrete())
    return draw;
  dist::TransformPtr t = dist::biject_to(site.fn->support());
  at::Tensor u = t->inverse(draw);
  return t->forward(make(u.sizes(), u.options()));
}

// Pyro's _is_multivariate: an event of more than one element, looking through Independent and
// Masked, whose elementwise statistics need not lie in the support.
bool is_multivariate(const dist::DistPtr& fn) {
  const dist::Distribution* d = fn.get();
  for (;;) {
    if (auto* ind = dynamic_cast<const dist::Independent*>(d))
      d = ind->base_dist().get();
    else if (auto* masked = dynamic_cast<const dist::Masked*>(d))
      d = masked->base_dist().get();
    else
      break;
  }
  for (int64_t size : d->event_shape())
    if (size > 1)
      return true;
  return false;
}

bool usable(const Message& site, const at::Tensor& value) {
  return at::isfinite(value).all().item<bool>() &&
         site.fn->support()->check(value).all().item<bool>();
}

} // namespace

InitFn init_to_uniform(double radius) {
  return [radius](const Message& site) {
    return from_unconstrained(site, [radius](at::IntArrayRef shape, at::TensorOptions options) {
      return at::rand(shape, generator(), options) * (2 * radius) - radius;
    });
  };
}

InitFn init_to_feasible() {
  return [](const Message& site) {
    return from_unconstrained(site, [](at::IntArrayRef shape, at::TensorOptions options) {
      return at::zeros(shape, options);
    });
  };
}

InitFn init_to_sample() {
  return [](const Message& site) { return site.fn->sample(); };
}

InitFn init_to_sample_or_uniform(double radius) {
  return [uniform = init_to_uniform(radius)](const Message& site) {
    return dist::is_improper(*site.fn) ? uniform(site) : site.fn->sample();
  };
}

InitFn init_to_median(int64_t num_samples) {
  if (num_samples < 1)
    throw DomainError("init_to_median: num_samples is " + std::to_string(num_samples) +
                      ", but must be positive");
  return [num_samples](const Message& site) {
    if (!is_multivariate(site.fn)) {
      at::Tensor draws = site.fn->sample({num_samples});
      // torch's median: the lower of the two middle values when num_samples is even.
      at::Tensor value = std::get<0>(draws.median(0));
      if (usable(site, value))
        return value;
    }
    return init_to_feasible()(site);
  };
}

InitFn init_to_mean() {
  return [](const Message& site) {
    at::Tensor value;
    try {
      value = site.fn->mean();
    } catch (const NotSupportedError&) {
      return init_to_median()(site);
    }
    if (!usable(site, value))
      return init_to_median()(site);
    // A batched family may broadcast its mean lazily; the site's value has the full shape.
    return value.expand(site.fn->extended_shape()).contiguous();
  };
}

InitFn init_to_value(poutine::ValueMap values, InitFn fallback) {
  return [values = std::move(values), fallback = std::move(fallback)](const Message& site) {
    auto it = values.find(site.name);
    if (it != values.end() && it->second.defined())
      return it->second;
    return fallback(site);
  };
}

void InitHandler::process_message(Message& msg) {
  if (msg.type != poutine::SiteType::Sample || msg.is_observed || msg.value.defined() || msg.done)
    return;
  at::Tensor value;
  {
    at::NoGradGuard no_grad;
    value = init_fn_(msg);
  }
  const Shape expected = msg.fn->extended_shape();
  if (!value.defined() || value.sizes().vec() != expected)
    throw ShapeError("initialization of site '" + msg.name +
                     "': the strategy gave a value of shape " +
                     (value.defined() ? format_shape(value.sizes().vec()) : "(none)") +
                     ", but the site has shape " + format_shape(expected));
  msg.value = value;
}

poutine::Model init_to(poutine::Model model, InitFn init_fn) {
  return [model = std::move(model), init_fn = std::move(init_fn)] {
    InitHandler handler(init_fn);
    poutine::HandlerScope scope(handler);
    model();
  };
}

} // namespace kiln::infer
