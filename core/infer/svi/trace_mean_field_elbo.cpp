#include "core/infer/svi/trace_mean_field_elbo.h"

#include <ATen/ATen.h>

#include "core/dist/kl.h"
#include "core/infer/svi/elbo_terms.h"
#include "core/infer/svi/particles.h"
#include "core/util/error.h"

namespace kiln::infer::svi {

using poutine::Site;
using poutine::SiteType;

namespace {

void require_reparameterized(const Site& g) {
  if (!g.is_observed && !g.fn->has_rsample())
    throw NotSupportedError("TraceMeanField_ELBO: guide site '" + g.name + "' (" + g.fn->name() +
                            ") has no reparameterized sampler; use TraceGraph_ELBO");
}

at::Tensor particle_elbo(const Particle& p) {
  at::Tensor elbo = at::zeros({}, at::kDouble);
  for (const Site& m : p.model_trace.sites()) {
    if (m.type != SiteType::Sample)
      continue;
    if (m.is_observed) {
      elbo = elbo + m.log_prob.sum();
      continue;
    }
    if (!p.guide_trace.contains(m.name))
      throw Error("TraceMeanField_ELBO: the model's latent site '" + m.name +
                  "' is not in the guide");
    const Site& g = p.guide_trace.at(m.name);
    require_reparameterized(g);
    at::Tensor kl = dist::try_kl_divergence(*g.fn, *m.fn);
    if (kl.defined())
      elbo = elbo - poutine::scale_and_mask(kl, g.scale, g.mask).sum();
    else
      elbo = elbo + m.log_prob.sum() - g.log_prob.sum();
  }
  // Guide-only (auxiliary) sites.
  for (const Site& g : p.guide_trace.sites()) {
    if (g.type != SiteType::Sample || p.model_trace.contains(g.name))
      continue;
    require_reparameterized(g);
    elbo = elbo - g.log_prob.sum();
  }
  return elbo;
}

} // namespace

ElboEstimate TraceMeanField_ELBO::estimate(const poutine::Model& model,
                                           const poutine::Model& guide) {
  std::vector<Particle> particles = draw_particles(config_, model, guide);
  ElboAccumulator total(config_.num_particles);
  for (const Particle& p : particles) {
    ElboTerms terms;
    terms.surrogate = particle_elbo(p);
    terms.elbo = terms.surrogate.item<double>();
    total.add(p, terms);
  }
  return total.result();
}

} // namespace kiln::infer::svi
