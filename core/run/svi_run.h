#pragma once
// One SVI fit from start to posterior draws, as `kiln run --algo svi` and the workbench run it:
// the guide, ELBO and optimizer chosen by name, the steps with a callback per step, and draws of
// the latent and deterministic sites from the fitted guide. No I/O and no globals: it runs on
// the calling thread against a param store of its own (returned in the result), so a worker
// thread can run it while another thread watches the callback.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics/summary.h"
#include "core/poutine/model.h"

namespace kiln::poutine {
class ParamStore;
}

namespace kiln::run {

struct SviStep {
  int64_t step = 0; // 1-based
  double loss = 0.0;
  // Every `median_every` steps (and after the last), the autoguide's posterior medians
  // (constrained); null on the other steps and for guides without medians.
  const poutine::ValueMap* medians = nullptr;
};

struct SviRunConfig {
  // An autoguide by Pyro's class name (autoguide_names()); ignored when guide_model is set.
  std::string guide = "AutoNormal";
  // A guide of the user's own (a function of a model file with the model's data bound).
  poutine::Model guide_model;
  // Where an autoguide starts, by latent site (Pyro's init_to_value, constrained values); the
  // sites not named start at their prior medians (init_to_median).
  poutine::ValueMap init_values;
  std::string elbo = "Trace_ELBO"; // elbo_names()
  std::string optimizer = "adam";  // optimizer_names()
  double lr = 0.01;
  int64_t steps = 3000;
  int64_t num_particles = 1;
  // Minibatch size for every plate that subsamples (0: the sizes the model file gives).
  int64_t batch_size = 0;
  // Steps through the compiled tier (core/infer/compiled/compiled_elbo.h) where the model, guide,
  // ELBO and optimizer allow it: Trace_ELBO or TraceEnum_ELBO with one particle, adam/adamw/sgd
  // (subsampling plates draw their minibatch inside the program).
  bool compile = true;
  uint64_t seed = 1;
  int64_t posterior_draws = 1000; // 0: none
  int64_t median_every = 100;     // 0: never
  std::function<void(const SviStep&)> callback;
  // Checked before each step: set, the run stops and keeps what it fitted.
  const std::atomic<bool>* cancel = nullptr;
};

struct SviRunResult {
  std::vector<double> losses; // one per step taken
  // The fitted parameters (the model's pyro.param sites and the guide's).
  std::shared_ptr<poutine::ParamStore> params;
  // The latent sites the guide covers and the model's deterministic sites, in the model's order.
  std::vector<std::string> latent_sites;
  std::vector<std::string> deterministic_sites;
  // Each of those sites' posterior draws: [posterior_draws, ...site shape].
  poutine::ValueMap draws;
  double fit_s = 0.0;
  double draws_s = 0.0;
  bool cancelled = false;
  // "compiled", or "interpreted" with why in `compile_refusal`.
  std::string gradient = "interpreted";
  std::string compile_refusal;
};

// The names the config accepts, for usage messages.
const std::vector<std::string>& autoguide_names();
const std::vector<std::string>& elbo_names();
const std::vector<std::string>& optimizer_names();

// Fits and draws. An unknown name or a bad number is a kiln::Error; a model with sites marked
// for enumeration needs TraceEnum_ELBO (an Error says so), and an autoguide then covers the
// other latent sites. A loss that is not finite is the SVI's Error (its step and site).
SviRunResult run_svi(const poutine::Model& model, const SviRunConfig& config);

// The summary of the posterior draws taken as one chain (so no R-hat); empty without draws.
diagnostics::Summary summarize_draws(const SviRunResult& result);

} // namespace kiln::run
