#include "core/infer/svi/tracegraph_elbo.h"

#include <algorithm>
#include <set>
#include <variant>
#include <vector>

#include <ATen/ATen.h>

#include "core/infer/svi/elbo_terms.h"
#include "core/infer/svi/particles.h"
#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::infer::svi {

using poutine::Site;
using poutine::SiteType;
using poutine::Trace;

namespace {

// Pyro's identify_dense_edges: `later` depends on `earlier` unless both sit in the same
// sequential plate at different iterations.
bool depends_on(const Site& later, const Site& earlier) {
  const auto& a = later.cond_indep_stack;
  const auto& b = earlier.cond_indep_stack;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (a[i].name == b[i].name && a[i].counter != b[i].counter)
      return false;
  return true;
}

// A number from a site's infer dict (a double or an integer), or `fallback`.
double infer_number(const poutine::InferDict& infer, const std::string& key, double fallback) {
  auto it = infer.find(key);
  if (it == infer.end())
    return fallback;
  if (const auto* x = std::get_if<double>(&it->second))
    return *x;
  if (const auto* i = std::get_if<int64_t>(&it->second))
    return static_cast<double>(*i);
  return fallback;
}

std::vector<const Site*> sample_sites(const Trace& trace) {
  std::vector<const Site*> sites;
  for (const Site& s : trace.sites())
    if (s.type == SiteType::Sample)
      sites.push_back(&s);
  return sites;
}

// The downstream costs of every guide site that needs a score-function term (Pyro's
// _compute_downstream_costs), each summed to the site's plates.
class DownstreamCosts {
public:
  explicit DownstreamCosts(const Particle& p) : p_(p), guide_(sample_sites(p.guide_trace)) {
    // downstream_[i]: guide site i and every guide site that depends on it, directly or not.
    downstream_.resize(guide_.size());
    for (size_t i = guide_.size(); i-- > 0;) {
      downstream_[i].insert(guide_[i]->name);
      for (size_t j = i + 1; j < guide_.size(); ++j)
        if (depends_on(*guide_[j], *guide_[i]))
          downstream_[i].insert(downstream_[j].begin(), downstream_[j].end());
    }
  }

  at::Tensor of(const Site& site) const {
    const size_t i = index(site.name);
    std::vector<PlateTerm> terms;
    for (const std::string& name : downstream_[i])
      terms.push_back(ratio(name));
    // The model's children of the downstream sites that the guide terms have not covered.
    const auto model_sites = sample_sites(p_.model_trace);
    std::set<std::string> children;
    for (const std::string& name : downstream_[i]) {
      if (!p_.model_trace.contains(name))
        continue;
      const Site& parent = p_.model_trace.at(name);
      bool after = false;
      for (const Site* m : model_sites) {
        if (after && depends_on(*m, parent) && !downstream_[i].count(m->name))
          children.insert(m->name);
        after = after || m == &parent;
      }
    }
    for (const std::string& name : children) {
      const Site& m = p_.model_trace.at(name);
      terms.push_back({vectorized_frames(m), m.log_prob.detach()});
    }
    return sum_to(terms, site.cond_indep_stack);
  }

private:
  size_t index(const std::string& name) const {
    for (size_t i = 0; i < guide_.size(); ++i)
      if (guide_[i]->name == name)
        return i;
    throw Error("TraceGraph_ELBO: no guide site '" + name + "'");
  }

  // Model minus guide log density of a guide site, in the model's plates.
  PlateTerm ratio(const std::string& name) const {
    const Site& g = p_.guide_trace.at(name);
    if (!p_.model_trace.contains(name))
      return {vectorized_frames(g), -g.log_prob.detach()};
    const Site& m = p_.model_trace.at(name);
    return {vectorized_frames(m), m.log_prob.detach() - g.log_prob.detach()};
  }

  const Particle& p_;
  std::vector<const Site*> guide_;
  std::vector<std::set<std::string>> downstream_;
};

} // namespace

at::Tensor TraceGraph_ELBO::baseline(const std::string& site) const {
  auto it = baselines_.find(site);
  return it == baselines_.end() ? at::Tensor() : it->second;
}

ElboEstimate TraceGraph_ELBO::estimate(const poutine::Model& model, const poutine::Model& guide) {
  std::vector<Particle> particles = draw_particles(config_, model, guide);
  ElboAccumulator total(config_.num_particles);
  const bool training = at::GradMode::is_enabled();
  for (const Particle& p : particles) {
    ElboTerms terms = reparameterized_terms(p);
    const std::vector<const Site*> sites = score_function_sites(p);
    if (!sites.empty()) {
      DownstreamCosts costs(p);
      for (const Site* g : sites) {
        at::Tensor cost = costs.of(*g);
        if (poutine::infer_bool(g->infer, "baseline.use_decaying_avg_baseline")) {
          const double beta = infer_number(g->infer, "baseline.baseline_beta", 0.9);
          if (!(beta >= 0 && beta < 1))
            throw DomainError("TraceGraph_ELBO: site '" + g->name + "': baseline_beta is " +
                              format_number(beta) + ", but must be in [0, 1)");
          at::Tensor& avg = baselines_[g->name];
          if (!avg.defined() || !avg.sizes().equals(cost.sizes()))
            avg = at::zeros_like(cost);
          at::Tensor old = avg;
          if (training)
            avg = (1 - beta) * cost + beta * old;
          cost = cost - old;
        }
        terms.surrogate = terms.surrogate + (g->log_prob * cost).sum();
      }
    }
    total.add(p, terms);
  }
  return total.result();
}

} // namespace kiln::infer::svi
