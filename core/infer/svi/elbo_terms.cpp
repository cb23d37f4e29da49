#include "core/infer/svi/elbo_terms.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>

namespace kiln::infer::svi {

using poutine::Site;
using poutine::SiteType;

namespace {

bool is_score_function_site(const Site& s) {
  return s.type == SiteType::Sample && !s.is_observed && !s.fn->has_rsample();
}

// The sum of the model's log densities minus the guide's, as a surrogate, with the ELBO's value
// in `elbo` when it is given.
at::Tensor sum_log_densities(const Particle& p, double* elbo) {
  at::Tensor surrogate = at::zeros({}, at::kDouble);
  for (const Site& s : p.model_trace.sites()) {
    if (s.type != SiteType::Sample)
      continue;
    at::Tensor lp = s.log_prob.sum();
    if (elbo)
      *elbo += lp.item<double>();
    surrogate = surrogate + lp;
  }
  for (const Site& s : p.guide_trace.sites()) {
    if (s.type != SiteType::Sample)
      continue;
    at::Tensor lp = s.log_prob.sum();
    if (elbo)
      *elbo -= lp.item<double>();
    if (!is_score_function_site(s))
      surrogate = surrogate - lp;
  }
  return surrogate;
}

} // namespace

ElboTerms reparameterized_terms(const Particle& p) {
  ElboTerms terms;
  terms.surrogate = sum_log_densities(p, &terms.elbo);
  return terms;
}

at::Tensor reparameterized_surrogate(const Particle& p) {
  return sum_log_densities(p, nullptr);
}

std::vector<const Site*> score_function_sites(const Particle& p) {
  std::vector<const Site*> sites;
  for (const Site& s : p.guide_trace.sites())
    if (is_score_function_site(s))
      sites.push_back(&s);
  return sites;
}

void ElboAccumulator::add(const Particle& particle, const ElboTerms& terms) {
  const auto n = static_cast<double>(num_particles_);
  estimate_.loss -= terms.elbo / n;
  at::Tensor s = -terms.surrogate / n;
  estimate_.surrogate = estimate_.surrogate.defined() ? estimate_.surrogate + s : s;
  for (const std::string& name : read_params(particle))
    if (std::find(estimate_.params.begin(), estimate_.params.end(), name) == estimate_.params.end())
      estimate_.params.push_back(name);
  if (estimate_.nonfinite_site.empty() && !std::isfinite(terms.elbo))
    estimate_.nonfinite_site = nonfinite_site(particle);
}

} // namespace kiln::infer::svi
