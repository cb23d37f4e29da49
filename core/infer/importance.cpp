#include "core/infer/importance.h"

#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include <ATen/ATen.h>

#include "core/poutine/handler.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/trace.h"
#include "core/util/error.h"

namespace kiln::infer {

namespace {

poutine::Trace traced(const poutine::Model& model, const poutine::Trace* replayed) {
  poutine::BlockHandler hide_from_caller;
  poutine::TraceHandler tracer;
  poutine::Trace empty;
  poutine::ReplayHandler replay(replayed ? *replayed : empty);
  poutine::HandlerScope outer(hide_from_caller);
  poutine::HandlerScope trace(tracer);
  poutine::HandlerScope inner(replay);
  model();
  return std::move(tracer.trace());
}

} // namespace

at::Tensor ImportanceResult::normalized_weights() const {
  return (log_weights - log_weights.logsumexp(0)).exp();
}

ImportanceResult importance_sampling(const poutine::Model& model, const poutine::Model& guide,
                                     int64_t num_samples) {
  if (!model || !guide)
    throw Error("importance_sampling: no model or guide given");
  if (num_samples < 1)
    throw DomainError("importance_sampling: num_samples is " + std::to_string(num_samples) +
                      ", but must be at least 1");
  at::NoGradGuard no_grad;
  std::vector<double> log_weights;
  std::map<std::string, std::vector<at::Tensor>> draws;
  for (int64_t i = 0; i < num_samples; ++i) {
    poutine::Trace guide_trace = traced(guide, nullptr);
    poutine::Trace model_trace = traced(model, &guide_trace);
    const double log_p = model_trace.log_prob_sum().item<double>();
    const double log_q = guide_trace.log_prob_sum().item<double>();
    if (std::isnan(log_q) || log_q == std::numeric_limits<double>::infinity())
      throw DomainError("importance_sampling: the guide's log density of draw " +
                        std::to_string(i) + " is " + std::to_string(log_q));
    double log_w = log_p - log_q;
    if (std::isnan(log_p) || log_p == -std::numeric_limits<double>::infinity())
      log_w = -std::numeric_limits<double>::infinity();
    log_weights.push_back(log_w);
    for (const auto& site : model_trace.sites())
      if (site.type == poutine::SiteType::Sample && !site.is_observed &&
          !poutine::infer_bool(site.infer, "is_auxiliary"))
        draws[site.name].push_back(site.value.detach());
  }
  ImportanceResult result;
  result.log_weights = at::tensor(log_weights, at::kDouble);
  for (auto& [name, values] : draws) {
    if (static_cast<int64_t>(values.size()) != num_samples)
      throw Error("importance_sampling: site '" + name + "' is missing from some draws");
    result.samples[name] = at::stack(values);
  }
  const double lse = result.log_weights.logsumexp(0).item<double>();
  result.log_marginal_likelihood = lse - std::log(static_cast<double>(num_samples));
  if (std::isinf(lse) && lse < 0) {
    result.effective_sample_size = 0;
  } else {
    const at::Tensor log_w_norm = result.log_weights - lse;
    result.effective_sample_size = std::exp(-(2 * log_w_norm).logsumexp(0).item<double>());
  }
  return result;
}

ImportanceResult importance_sampling(const poutine::Model& model, int64_t num_samples) {
  poutine::BlockSpec spec;
  spec.hide_types = {"observe"};
  return importance_sampling(model, poutine::block(model, spec), num_samples);
}

} // namespace kiln::infer
