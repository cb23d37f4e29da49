#include "core/infer/svi/trace_elbo.h"

#include <ATen/ATen.h>

#include "core/infer/svi/elbo_terms.h"
#include "core/infer/svi/particles.h"

namespace kiln::infer::svi {

using poutine::Site;
using poutine::SiteType;

namespace {

// The detached log-density ratio of every model sample site (minus the guide's where the guide
// drew it), each with its plates (Pyro's _compute_log_r).
std::vector<PlateTerm> log_ratio_terms(const Particle& p) {
  std::vector<PlateTerm> terms;
  for (const Site& m : p.model_trace.sites()) {
    if (m.type != SiteType::Sample)
      continue;
    at::Tensor term = m.log_prob.detach();
    if (!m.is_observed && p.guide_trace.contains(m.name)) {
      const Site& g = p.guide_trace.at(m.name);
      if (g.type == SiteType::Sample)
        term = term - g.log_prob.detach();
    }
    terms.push_back({vectorized_frames(m), term});
  }
  return terms;
}

} // namespace

ElboEstimate Trace_ELBO::estimate(const poutine::Model& model, const poutine::Model& guide) {
  std::vector<Particle> particles = draw_particles(config_, model, guide);
  ElboAccumulator total(config_.num_particles);
  for (const Particle& p : particles) {
    ElboTerms terms = reparameterized_terms(p);
    std::vector<PlateTerm> log_r;
    for (const Site* g : score_function_sites(p)) {
      if (log_r.empty())
        log_r = log_ratio_terms(p);
      at::Tensor cost = sum_to(log_r, g->cond_indep_stack);
      terms.surrogate = terms.surrogate + (g->log_prob * cost).sum();
    }
    total.add(p, terms);
  }
  return total.result();
}

at::Tensor Trace_ELBO::differentiable_loss(const poutine::Model& model,
                                           const poutine::Model& guide) {
  ElboConfig one;
  return -reparameterized_surrogate(draw_particles(one, model, guide).front());
}

} // namespace kiln::infer::svi
