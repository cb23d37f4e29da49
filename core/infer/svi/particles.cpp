#include "core/infer/svi/particles.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include <ATen/ATen.h>

#include "core/poutine/handler.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/util/error.h"

namespace kiln::infer::svi {

using poutine::CondIndepFrame;
using poutine::Model;
using poutine::Site;
using poutine::SiteType;
using poutine::Trace;

namespace {

Particle run_once(const Model& model, const Model& guide) {
  Particle p;
  p.guide_trace = poutine::get_trace(guide);
  p.model_trace = poutine::get_trace([&] {
    poutine::ReplayHandler replay(p.guide_trace);
    poutine::HandlerScope scope(replay);
    model();
  });
  p.guide_trace.compute_log_prob();
  p.model_trace.compute_log_prob();
  return p;
}

int64_t deepest_plate(const Trace& trace) {
  int64_t depth = 0;
  for (const Site& s : trace.sites())
    if (s.type == SiteType::Sample)
      for (const CondIndepFrame& f : s.cond_indep_stack)
        if (f.vectorized())
          depth = std::max(depth, -*f.dim);
  return depth;
}

std::string first_nonfinite(const Trace& trace, const char* which) {
  for (const Site& s : trace.sites()) {
    if (s.type != SiteType::Sample || !s.log_prob.defined())
      continue;
    if (!std::isfinite(s.log_prob.detach().sum().item<double>()))
      return "site '" + s.name + "' of the " + which;
  }
  return "";
}

} // namespace

int64_t find_max_plate_nesting(const Model& model, const Model& guide) {
  at::NoGradGuard no_grad;
  // Sites marked for parallel enumeration are enumerated at dims far left of any plate: sampled
  // instead, a model written for enumeration may build a huge tensor (LDA's
  // topic_words[word_topics] is documents x words x vocabulary). A model whose plates reach
  // that far, or that fails so, is run as written.
  auto run = [&](bool enumerate) {
    Trace guide_trace;
    Trace model_trace;
    poutine::BlockHandler block;
    poutine::HandlerScope scope(block);
    std::unique_ptr<poutine::EnumHandler> enumeration;
    std::unique_ptr<poutine::HandlerScope> enumerating;
    if (enumerate) {
      enumeration = std::make_unique<poutine::EnumHandler>(poutine::kFarLeftEnumDim);
      enumerating = std::make_unique<poutine::HandlerScope>(*enumeration);
    }
    guide_trace = poutine::get_trace(guide);
    model_trace = poutine::get_trace([&] {
      poutine::ReplayHandler replay(guide_trace);
      poutine::HandlerScope inner(replay);
      model();
    });
    return std::max(deepest_plate(model_trace), deepest_plate(guide_trace));
  };
  try {
    const int64_t nesting = run(true);
    if (nesting < -poutine::kFarLeftEnumDim - 1)
      return nesting;
  } catch (const std::exception&) {
  }
  return run(false);
}

std::vector<Particle> draw_particles(ElboConfig& config, const Model& model, const Model& guide) {
  if (config.num_particles < 1)
    throw DomainError("ELBO: num_particles is " + std::to_string(config.num_particles) +
                      ", but must be at least 1");
  std::vector<Particle> particles;
  if (!config.vectorize_particles) {
    for (int64_t i = 0; i < config.num_particles; ++i)
      particles.push_back(run_once(model, guide));
    return particles;
  }
  if (config.max_plate_nesting < 0)
    config.max_plate_nesting = find_max_plate_nesting(model, guide);
  poutine::PlateOptions options;
  options.dim = -config.max_plate_nesting - 1;
  const int64_t n = config.num_particles;
  auto vectorized = [&](const Model& m) -> Model {
    return [&m, n, options] {
      poutine::Plate particles(kParticlesPlate, n, options);
      m();
    };
  };
  particles.push_back(run_once(vectorized(model), vectorized(guide)));
  return particles;
}

std::vector<std::string> read_params(const Particle& particle) {
  std::vector<std::string> names = particle.model_trace.param_nodes();
  for (const std::string& name : particle.guide_trace.param_nodes())
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  return names;
}

std::string nonfinite_site(const Particle& particle) {
  std::string where = first_nonfinite(particle.guide_trace, "guide");
  return where.empty() ? first_nonfinite(particle.model_trace, "model") : where;
}

std::vector<CondIndepFrame> vectorized_frames(const Site& site) {
  std::vector<CondIndepFrame> frames;
  for (const CondIndepFrame& f : site.cond_indep_stack)
    if (f.vectorized())
      frames.push_back(f);
  return frames;
}

at::Tensor sum_to(const std::vector<PlateTerm>& terms, const std::vector<CondIndepFrame>& target) {
  at::Tensor total;
  for (const PlateTerm& term : terms) {
    at::Tensor value = term.value;
    for (const CondIndepFrame& f : term.frames) {
      if (std::find(target.begin(), target.end(), f) != target.end())
        continue;
      if (value.dim() >= -*f.dim && value.size(*f.dim) != 1)
        value = value.sum(*f.dim, /*keepdim=*/true);
    }
    while (value.dim() > 0 && value.size(0) == 1)
      value = value.squeeze(0);
    total = total.defined() ? total + value : value;
  }
  return total;
}

} // namespace kiln::infer::svi
