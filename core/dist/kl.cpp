#include "core/dist/kl.h"

#include <functional>
#include <optional>

#include <ATen/ATen.h>

#include "core/dist/continuous/exponential.h"
#include "core/dist/continuous/half_normal.h"
#include "core/dist/continuous/laplace.h"
#include "core/dist/continuous/log_normal.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/poisson.h"
#include "core/dist/meta/delta.h"
#include "core/dist/meta/independent.h"
#include "core/dist/meta/masked.h"
#include "core/dist/positive/beta.h"
#include "core/dist/positive/gamma.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {

at::Tensor normal_kl(const at::Tensor& loc_p, const at::Tensor& scale_p, const at::Tensor& loc_q,
                     const at::Tensor& scale_q) {
  at::Tensor var_ratio = (scale_p / scale_q).pow(2);
  at::Tensor t1 = ((loc_p - loc_q) / scale_q).pow(2);
  return 0.5 * (var_ratio + t1 - 1 - var_ratio.log());
}

at::Tensor gamma_kl(const Gamma& p, const Gamma& q) {
  at::Tensor t1 = q.concentration() * (p.rate() / q.rate()).log();
  at::Tensor t2 = at::lgamma(q.concentration()) - at::lgamma(p.concentration());
  at::Tensor t3 = (p.concentration() - q.concentration()) * at::digamma(p.concentration());
  at::Tensor t4 = (q.rate() - p.rate()) * (p.concentration() / p.rate());
  return t1 + t2 + t3 + t4;
}

at::Tensor beta_kl(const Beta& p, const Beta& q) {
  at::Tensor sum_p = p.concentration1() + p.concentration0();
  at::Tensor sum_q = q.concentration1() + q.concentration0();
  at::Tensor t1 =
      at::lgamma(q.concentration1()) + at::lgamma(q.concentration0()) + at::lgamma(sum_p);
  at::Tensor t2 =
      at::lgamma(p.concentration1()) + at::lgamma(p.concentration0()) + at::lgamma(sum_q);
  at::Tensor t3 = (p.concentration1() - q.concentration1()) * at::digamma(p.concentration1());
  at::Tensor t4 = (p.concentration0() - q.concentration0()) * at::digamma(p.concentration0());
  at::Tensor t5 = (sum_q - sum_p) * at::digamma(sum_p);
  return t1 - t2 + t3 + t4 + t5;
}

at::Tensor laplace_kl(const Laplace& p, const Laplace& q) {
  at::Tensor scale_ratio = p.scale() / q.scale();
  at::Tensor loc_abs_diff = (p.loc() - q.loc()).abs();
  return -scale_ratio.log() + loc_abs_diff / q.scale() +
         scale_ratio * at::exp(-loc_abs_diff / p.scale()) - 1;
}

at::Tensor bernoulli_kl(const Bernoulli& p, const Bernoulli& q) {
  // The probs-weighted log ratios, with 0 log 0 = 0 where p puts no mass.
  at::Tensor t1 = p.probs() * (at::softplus(-q.logits()) - at::softplus(-p.logits()));
  t1 = at::where(p.probs() == 0, at::zeros_like(t1), t1);
  at::Tensor t2 = (1 - p.probs()) * (at::softplus(q.logits()) - at::softplus(p.logits()));
  t2 = at::where(p.probs() == 1, at::zeros_like(t2), t2);
  return t1 + t2;
}

at::Tensor poisson_kl(const Poisson& p, const Poisson& q) {
  return at::xlogy(p.rate(), p.rate()) - at::xlogy(p.rate(), q.rate()) - (p.rate() - q.rate());
}

template <class P, class Q = P>
std::optional<std::pair<const P*, const Q*>> as(const Distribution& p, const Distribution& q) {
  const auto* pp = dynamic_cast<const P*>(&p);
  const auto* qq = dynamic_cast<const Q*>(&q);
  if (pp && qq)
    return std::make_pair(pp, qq);
  return std::nullopt;
}

at::Tensor closed_form(const Distribution& p, const Distribution& q) {
  if (auto d = as<Delta, Distribution>(p, q))
    return -q.log_prob(d->first->v());
  if (auto d = as<Independent>(p, q)) {
    const auto& [a, b] = *d;
    if (a->reinterpreted_batch_ndims() != b->reinterpreted_batch_ndims())
      return {};
    at::Tensor kl = closed_form(*a->base_dist(), *b->base_dist());
    return kl.defined() ? sum_rightmost(kl, a->reinterpreted_batch_ndims()) : kl;
  }
  if (auto d = as<Masked>(p, q)) {
    const auto& [a, b] = *d;
    at::Tensor kl = closed_form(*a->base_dist(), *b->base_dist());
    if (!kl.defined())
      return kl;
    at::Tensor mask = a->mask_tensor().logical_and(b->mask_tensor());
    return at::where(mask, kl, at::zeros({}, kl.options()));
  }
  if (auto d = as<Normal>(p, q))
    return normal_kl(d->first->loc(), d->first->scale(), d->second->loc(), d->second->scale());
  if (auto d = as<LogNormal>(p, q))
    return normal_kl(d->first->loc(), d->first->scale(), d->second->loc(), d->second->scale());
  if (auto d = as<HalfNormal>(p, q)) {
    at::Tensor var_ratio = (d->first->scale() / d->second->scale()).pow(2);
    return 0.5 * (var_ratio - 1 - var_ratio.log());
  }
  if (auto d = as<Laplace>(p, q))
    return laplace_kl(*d->first, *d->second);
  if (auto d = as<Exponential>(p, q)) {
    at::Tensor rate_ratio = d->second->rate() / d->first->rate();
    return -rate_ratio.log() + rate_ratio - 1;
  }
  if (auto d = as<Gamma>(p, q))
    return gamma_kl(*d->first, *d->second);
  if (auto d = as<Beta>(p, q))
    return beta_kl(*d->first, *d->second);
  if (auto d = as<Poisson>(p, q))
    return poisson_kl(*d->first, *d->second);
  if (auto d = as<Bernoulli>(p, q))
    return bernoulli_kl(*d->first, *d->second);
  return {};
}

} // namespace

at::Tensor kl_divergence(const Distribution& p, const Distribution& q) {
  at::Tensor kl = closed_form(p, q);
  if (!kl.defined())
    throw NotSupportedError("kl_divergence: no closed form for " + p.name() + " || " + q.name());
  return kl;
}

at::Tensor try_kl_divergence(const Distribution& p, const Distribution& q) {
  return closed_form(p, q);
}

} // namespace kiln::dist
