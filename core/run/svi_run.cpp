#include "core/run/svi_run.h"

#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraint.h"
#include "core/dist/distribution.h"
#include "core/infer/autoguide/auto_delta.h"
#include "core/infer/autoguide/auto_diagonal_normal.h"
#include "core/infer/autoguide/auto_discrete_parallel.h"
#include "core/infer/autoguide/auto_laplace_approximation.h"
#include "core/infer/autoguide/auto_low_rank_multivariate_normal.h"
#include "core/infer/autoguide/auto_multivariate_normal.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/infer/compiled/compiled_svi.h"
#include "core/infer/initialization.h"
#include "core/infer/predictive.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/optimizers/clipped_adam.h"
#include "core/infer/svi/optimizers/sgd.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/infer/svi/trace_enum_elbo.h"
#include "core/infer/svi/trace_mean_field_elbo.h"
#include "core/infer/svi/tracegraph_elbo.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/subsample_size.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::run {

namespace {

namespace ag = infer::autoguide;
namespace svi = infer::svi;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names)
    text += (text.empty() ? "" : ", ") + n;
  return text;
}

void check_name(const std::string& what, const std::string& name,
                const std::vector<std::string>& names) {
  for (const auto& n : names)
    if (n == name)
      return;
  throw Error("SVI: unknown " + what + " '" + name + "'; expected one of " + joined(names));
}

// The guide the steps fit, and what else a guide's kind offers: medians (autoguides) and, for
// AutoLaplaceApproximation, the Gaussian that gives its posterior draws.
struct Guide {
  poutine::Model model;
  ag::AutoGuidePtr auto_guide;
  std::shared_ptr<ag::AutoLaplaceApproximation> laplace;
};

Guide make_autoguide(const std::string& name, const poutine::Model& model,
                     const poutine::ValueMap& init_values) {
  const infer::InitFn init = init_values.empty()
                                 ? infer::init_to_median()
                                 : infer::init_to_value(init_values, infer::init_to_median());
  Guide guide;
  if (name == "AutoDiscreteParallel") {
    auto discrete = std::make_shared<ag::AutoDiscreteParallel>(model);
    guide.model = discrete->as_model();
    return guide;
  }
  if (name == "AutoNormal")
    guide.auto_guide = std::make_shared<ag::AutoNormal>(model, init);
  else if (name == "AutoDelta")
    guide.auto_guide = std::make_shared<ag::AutoDelta>(model, init);
  else if (name == "AutoDiagonalNormal")
    guide.auto_guide = std::make_shared<ag::AutoDiagonalNormal>(model, init);
  else if (name == "AutoMultivariateNormal")
    guide.auto_guide = std::make_shared<ag::AutoMultivariateNormal>(model, init);
  else if (name == "AutoLowRankMultivariateNormal")
    guide.auto_guide = std::make_shared<ag::AutoLowRankMultivariateNormal>(model, init);
  else {
    guide.laplace = std::make_shared<ag::AutoLaplaceApproximation>(model, init);
    guide.auto_guide = guide.laplace;
  }
  guide.model = guide.auto_guide->as_model();
  return guide;
}

svi::ElboPtr make_elbo(const std::string& name, int64_t num_particles) {
  svi::ElboConfig config;
  config.num_particles = num_particles;
  if (name == "Trace_ELBO")
    return std::make_shared<svi::Trace_ELBO>(config);
  if (name == "TraceMeanField_ELBO")
    return std::make_shared<svi::TraceMeanField_ELBO>(config);
  if (name == "TraceEnum_ELBO")
    return std::make_shared<svi::TraceEnum_ELBO>(config);
  return std::make_shared<svi::TraceGraph_ELBO>(config);
}

svi::OptimizerPtr make_optimizer(const std::string& name, double lr) {
  if (name == "adam") {
    svi::AdamOptions options;
    options.lr = lr;
    return std::make_shared<svi::Adam>(options);
  }
  if (name == "adamw") {
    svi::AdamOptions options = svi::adamw_defaults();
    options.lr = lr;
    return std::make_shared<svi::AdamW>(options);
  }
  if (name == "clipped_adam") {
    svi::ClippedAdamOptions options;
    options.lr = lr;
    return std::make_shared<svi::ClippedAdam>(options);
  }
  svi::SgdOptions options;
  options.lr = lr;
  return std::make_shared<svi::SGD>(options);
}

// The latent sites the model marks for parallel enumeration (config_enumerate), from one run.
std::vector<std::string> enumerated_sites(const poutine::Trace& trace) {
  std::vector<std::string> names;
  for (const auto& site : trace.sites())
    if (site.type == poutine::SiteType::Sample && !site.is_observed &&
        poutine::infer_string(site.infer, "enumerate") == "parallel")
      names.push_back(site.name);
  return names;
}

// An init value for a site the model does not sample (a typo) would be ignored: say so.
void check_init_values(const poutine::Trace& trace, const poutine::ValueMap& values) {
  for (const auto& [name, value] : values) {
    const bool latent = trace.contains(name) && trace.at(name).type == poutine::SiteType::Sample &&
                        !trace.at(name).is_observed;
    if (!latent)
      throw Error("SVI: init value for '" + name + "', which is not a latent site of the model");
    const dist::ConstraintPtr support = trace.at(name).fn->support();
    if (!support->check(value.to(at::kDouble)).all().item<bool>())
      throw Error("SVI: init value for '" + name + "' is outside its support: it must be " +
                  support->requirement());
  }
}

// Posterior draws of the sites the guide samples and of the deterministic sites, each reshaped
// from Predictive's plate-padded shape to [draws, ...site shape].
// One run of the model against a draw of the guide, with the sites marked for parallel
// enumeration enumerated far left of the plates rather than sampled (sampled, LDA's word topics
// make a documents x words x vocabulary tensor); as written when that fails.
poutine::Trace classifying_trace(const poutine::Model& model, const poutine::Trace& guide_trace) {
  try {
    poutine::EnumHandler enumeration(poutine::kFarLeftEnumDim);
    poutine::HandlerScope scope(enumeration);
    return poutine::get_trace(poutine::replay(model, guide_trace));
  } catch (const std::exception&) {
    return poutine::get_trace(poutine::replay(model, guide_trace));
  }
}

void draw_posterior(const poutine::Model& model, const poutine::Model& posterior, int64_t num,
                    SviRunResult& result) {
  at::NoGradGuard no_grad;
  const poutine::Trace guide_trace = poutine::get_trace(posterior);
  const poutine::Trace model_trace = classifying_trace(model, guide_trace);
  for (const auto& site : model_trace.sites()) {
    if (site.type == poutine::SiteType::Deterministic)
      result.deterministic_sites.push_back(site.name);
    else if (site.type == poutine::SiteType::Sample && !site.is_observed &&
             guide_trace.contains(site.name) &&
             guide_trace.at(site.name).type == poutine::SiteType::Sample)
      result.latent_sites.push_back(site.name);
  }
  std::vector<std::string> sites = result.latent_sites;
  sites.insert(sites.end(), result.deterministic_sites.begin(), result.deterministic_sites.end());
  if (sites.empty())
    return;
  poutine::ValueMap drawn;
  if (result.deterministic_sites.empty()) {
    // Every site drawn is the guide's: the model need not run at all.
    std::map<std::string, std::vector<at::Tensor>> values;
    for (int64_t i = 0; i < num; ++i) {
      const poutine::Trace draw = poutine::get_trace(posterior);
      for (const auto& name : sites)
        values[name].push_back(draw.at(name).value);
    }
    for (auto& [name, list] : values)
      drawn[name] = at::stack(list);
  } else {
    infer::PredictiveOptions options;
    options.num_samples = num;
    options.return_sites = sites;
    drawn = infer::Predictive(model, posterior, options)();
  }
  for (const auto& name : sites) {
    std::vector<int64_t> shape{num};
    const auto sizes = guide_trace.contains(name) ? guide_trace.at(name).value.sizes()
                                                  : model_trace.at(name).value.sizes();
    shape.insert(shape.end(), sizes.begin(), sizes.end());
    const at::Tensor& value = drawn.at(name);
    int64_t numel = 1;
    for (const int64_t n : shape)
      numel *= n;
    if (value.numel() != numel)
      throw Error("SVI: the draws of site '" + name +
                  "' change shape from draw to draw; kiln cannot tabulate them");
    result.draws[name] = value.reshape(shape);
  }
}

// A batch size without a plate that subsamples would change nothing: say so instead.
void check_subsamples(const poutine::Model& model, int64_t batch_size) {
  poutine::SubsampleSizeHandler handler(batch_size);
  {
    poutine::HandlerScope scope(handler);
    poutine::get_trace(model);
  }
  if (handler.resized().empty())
    throw Error("SVI: batch size " + std::to_string(batch_size) +
                " needs a plate that subsamples; write the data's plate as pyro.plate(\"data\", "
                "N, subsample_size=...) and index the data with its indices "
                "(see docs/language.md, Subsampling)");
}

// The compiled tier for this run, or null with the reason in `result`. The parameters are
// created first by one loss evaluation (the recording needs them).
std::unique_ptr<infer::compiled::CompiledSvi>
compiled_tier(const SviRunConfig& config, const poutine::Model& model, const poutine::Model& guide,
              svi::SVI& fit, poutine::ParamStore& store, SviRunResult& result) {
  if (!config.compile) {
    result.compile_refusal = "compilation turned off";
    return nullptr;
  }
  if ((config.elbo != "Trace_ELBO" && config.elbo != "TraceEnum_ELBO") ||
      config.num_particles != 1) {
    result.compile_refusal =
        "the compiled tier runs Trace_ELBO and TraceEnum_ELBO with one particle";
    return nullptr;
  }
  if (config.optimizer == "clipped_adam") {
    result.compile_refusal = "the compiled tier runs adam, adamw and sgd";
    return nullptr;
  }
  if (config.steps == 0)
    return nullptr;
  fit.evaluate_loss();
  auto elbo = infer::compiled::try_compile_elbo(model, guide, store, make_elbo(config.elbo, 1),
                                                &result.compile_refusal);
  if (!elbo)
    return nullptr;
  result.gradient = "compiled";
  return std::make_unique<infer::compiled::CompiledSvi>(
      std::move(elbo), make_optimizer(config.optimizer, config.lr), store);
}

} // namespace

const std::vector<std::string>& autoguide_names() {
  static const std::vector<std::string> names{"AutoNormal",
                                              "AutoDelta",
                                              "AutoDiagonalNormal",
                                              "AutoMultivariateNormal",
                                              "AutoLowRankMultivariateNormal",
                                              "AutoLaplaceApproximation",
                                              "AutoDiscreteParallel"};
  return names;
}

const std::vector<std::string>& elbo_names() {
  static const std::vector<std::string> names{"Trace_ELBO", "TraceMeanField_ELBO", "TraceEnum_ELBO",
                                              "TraceGraph_ELBO"};
  return names;
}

const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names{"adam", "clipped_adam", "sgd", "adamw"};
  return names;
}

SviRunResult run_svi(const poutine::Model& model, const SviRunConfig& config) {
  if (!config.guide_model)
    check_name("guide", config.guide, autoguide_names());
  check_name("ELBO", config.elbo, elbo_names());
  check_name("optimizer", config.optimizer, optimizer_names());
  if (!(config.lr > 0.0 && std::isfinite(config.lr)))
    throw Error("SVI: the learning rate must be positive, got " + std::to_string(config.lr));
  if (config.steps < 0 || config.num_particles < 1 || config.posterior_draws < 0 ||
      config.batch_size < 0)
    throw Error("SVI: steps, posterior draws and batch size must be at least 0, particles at "
                "least 1");

  SviRunResult result;
  result.params = std::make_shared<poutine::ParamStore>();
  poutine::ParamStoreScope scope(result.params);
  manual_seed(config.seed);

  if (config.batch_size > 0)
    check_subsamples(model, config.batch_size);
  // What is fitted: the model with its minibatch size, which the autoguide is built from too.
  const poutine::Model fitted =
      config.batch_size > 0 ? poutine::subsample_size(model, config.batch_size) : model;
  const poutine::Trace trace = poutine::get_trace(fitted);
  check_init_values(trace, config.init_values);
  const std::vector<std::string> enumerated = enumerated_sites(trace);
  if (!enumerated.empty() && config.elbo != "TraceEnum_ELBO")
    throw Error("SVI: the model marks " + joined(enumerated) +
                " for enumeration (config_enumerate); fit it with TraceEnum_ELBO");
  Guide guide;
  if (config.guide_model) {
    guide.model = config.batch_size > 0
                      ? poutine::subsample_size(config.guide_model, config.batch_size)
                      : config.guide_model;
  } else if (!enumerated.empty() && config.guide != "AutoDiscreteParallel") {
    // TraceEnum_ELBO sums the enumerated sites out; the autoguide covers the others (Pyro's
    // tutorials block them: AutoDelta(poutine.block(model, expose=[...]))).
    poutine::BlockSpec spec;
    spec.hide.insert(enumerated.begin(), enumerated.end());
    guide = make_autoguide(config.guide, poutine::block(fitted, spec), config.init_values);
  } else {
    guide = make_autoguide(config.guide, fitted, config.init_values);
  }

  svi::SVI fit(fitted, guide.model, make_optimizer(config.optimizer, config.lr),
               make_elbo(config.elbo, config.num_particles));
  std::unique_ptr<infer::compiled::CompiledSvi> tier =
      compiled_tier(config, fitted, guide.model, fit, *result.params, result);
  const Clock::time_point began = Clock::now();
  for (int64_t step = 1; step <= config.steps; ++step) {
    if (config.cancel && config.cancel->load()) {
      result.cancelled = true;
      break;
    }
    bool finite = false;
    double loss = tier ? tier->step(finite) : fit.step();
    if (tier && !finite) {
      // The interpreter's step names the site that went bad (its error ends the run); where its
      // own draw happens to be finite, the run goes on from its update.
      tier->sync();
      loss = fit.step();
      tier->reload();
    }
    result.losses.push_back(loss);
    if (!config.callback)
      continue;
    SviStep info;
    info.step = step;
    info.loss = loss;
    poutine::ValueMap medians;
    if (guide.auto_guide && config.median_every > 0 &&
        (step % config.median_every == 0 || step == config.steps)) {
      if (tier)
        tier->sync();
      medians = guide.auto_guide->median();
      info.medians = &medians;
    }
    config.callback(info);
  }
  if (tier)
    tier->sync();
  result.fit_s = seconds_since(began);

  if (config.posterior_draws > 0) {
    const Clock::time_point drawing = Clock::now();
    const poutine::Model posterior =
        guide.laplace ? guide.laplace->laplace_approximation()->as_model() : guide.model;
    draw_posterior(model, posterior, config.posterior_draws, result);
    result.draws_s = seconds_since(drawing);
  }
  return result;
}

diagnostics::Summary summarize_draws(const SviRunResult& result) {
  if (result.draws.empty())
    return {};
  std::vector<std::pair<std::string, at::Tensor>> sites;
  for (const auto* names : {&result.latent_sites, &result.deterministic_sites})
    for (const auto& name : *names)
      sites.emplace_back(name, result.draws.at(name).unsqueeze(0));
  return diagnostics::summarize(sites);
}

} // namespace kiln::run
