#include "core/infer/svi/renyi_elbo.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include <ATen/ATen.h>

#include "core/infer/svi/particles.h"
#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::infer::svi {

using poutine::CondIndepFrame;
using poutine::Site;
using poutine::SiteType;
using poutine::Trace;

namespace {

// Dims of the vectorized plates that some model sample site is outside of (Pyro's
// get_dependent_plate_dims).
std::vector<int64_t> dependent_plate_dims(const Trace& model_trace) {
  std::vector<std::vector<CondIndepFrame>> stacks;
  for (const Site& s : model_trace.sites())
    if (s.type == SiteType::Sample)
      stacks.push_back(s.cond_indep_stack);
  std::set<int64_t> dims;
  for (const auto& stack : stacks)
    for (const CondIndepFrame& f : stack) {
      const bool common = std::all_of(stacks.begin(), stacks.end(), [&](const auto& other) {
        return std::find(other.begin(), other.end(), f) != other.end();
      });
      if (!common && f.vectorized())
        dims.insert(*f.dim);
    }
  return {dims.begin(), dims.end()};
}

// Sums `t` over those of `dims` it has (Pyro's torch_sum).
at::Tensor sum_dims(const at::Tensor& t, const std::vector<int64_t>& dims) {
  std::vector<int64_t> present;
  for (int64_t d : dims)
    if (-d <= t.dim())
      present.push_back(d);
  return present.empty() ? t : t.sum(present);
}

} // namespace

ElboConfig renyi_defaults() {
  ElboConfig config;
  config.num_particles = 2;
  return config;
}

RenyiELBO::RenyiELBO(double alpha, ElboConfig config) : ELBO(config), alpha_(alpha) {
  if (alpha == 1.0 || !std::isfinite(alpha))
    throw DomainError("RenyiELBO: alpha is " + format_number(alpha) +
                      ", but must be finite and not 1 (alpha = 1 is Trace_ELBO)");
}

ElboEstimate RenyiELBO::estimate(const poutine::Model& model, const poutine::Model& guide) {
  std::vector<Particle> particles = draw_particles(config_, model, guide);
  std::vector<at::Tensor> elbos, surrogates;
  ElboEstimate est;
  for (const Particle& p : particles) {
    const std::vector<int64_t> dims = dependent_plate_dims(p.model_trace);
    at::Tensor elbo = at::zeros({}, at::kDouble);
    at::Tensor surrogate = at::zeros({}, at::kDouble);
    for (const Site& s : p.model_trace.sites()) {
      if (s.type != SiteType::Sample)
        continue;
      at::Tensor lp = sum_dims(s.log_prob, dims);
      elbo = elbo + lp.detach();
      surrogate = surrogate + lp;
    }
    for (const Site& s : p.guide_trace.sites()) {
      if (s.type != SiteType::Sample)
        continue;
      at::Tensor lp = sum_dims(s.log_prob, dims);
      elbo = elbo - lp.detach();
      if (s.is_observed || s.fn->has_rsample())
        surrogate = surrogate - lp;
      else
        surrogate = surrogate + alpha_ / (1 - alpha_) * lp;
    }
    elbos.push_back(elbo);
    surrogates.push_back(surrogate);
    for (const std::string& name : read_params(p))
      if (std::find(est.params.begin(), est.params.end(), name) == est.params.end())
        est.params.push_back(name);
  }
  // Vectorized particles lie along dim 0 of the one particle's sums.
  at::Tensor elbo = config_.vectorize_particles ? elbos[0] : at::stack(elbos);
  at::Tensor surrogate = config_.vectorize_particles ? surrogates[0] : at::stack(surrogates);
  const auto n = static_cast<double>(config_.num_particles);
  at::Tensor log_weights = (1 - alpha_) * elbo;
  at::Tensor log_mean_weight = at::logsumexp(log_weights, {0}, /*keepdim=*/true) - std::log(n);
  est.loss = -log_mean_weight.sum().item<double>() / (1 - alpha_);
  at::Tensor weights = (log_weights - log_mean_weight).exp();
  est.surrogate = -(weights * surrogate).sum() / n;
  if (!std::isfinite(est.loss))
    for (const Particle& p : particles)
      if (est.nonfinite_site.empty())
        est.nonfinite_site = nonfinite_site(p);
  return est;
}

} // namespace kiln::infer::svi
