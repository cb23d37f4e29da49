#include "core/run/mcmc_run.h"

#include <algorithm>
#include <chrono>

#include <ATen/ATen.h>

#include "core/infer/compiled/compiled_potential.h"
#include "core/infer/mcmc/mcmc.h"
#include "core/infer/model_density.h"
#include "core/util/error.h"

namespace kiln::run {

namespace {

using Clock = std::chrono::steady_clock;

} // namespace

std::vector<std::pair<std::string, at::Tensor>>
grouped_sites(const infer::mcmc::MCMCResult& result) {
  const poutine::ValueMap grouped = result.get_samples(true);
  std::vector<std::pair<std::string, at::Tensor>> sites;
  for (const auto* names : {&result.latent_sites, &result.deterministic_sites})
    for (const auto& name : *names)
      sites.emplace_back(name, grouped.at(name));
  return sites;
}

infer::mcmc::MCMCConfig default_mcmc_config() {
  infer::mcmc::MCMCConfig config;
  config.seed = 1;
  return config;
}

McmcRunResult run_mcmc(const infer::ModelDensity& density, const McmcRunConfig& config) {
  if (density.dim() == 0)
    throw Error("MCMC: the model has no latent sample site to draw; nothing to sample");
  McmcRunResult result;
  infer::mcmc::MCMCConfig mcmc = config.mcmc;
  if (!mcmc.potential && config.compile)
    mcmc.potential = infer::compiled::try_compile(density, &result.refusal);
  else if (!mcmc.potential)
    result.refusal = "compilation turned off";
  result.potential = mcmc.potential ? "compiled" : "interpreted";

  std::vector<std::string> latent;
  for (const auto& site : density.sites())
    latent.push_back(site.name);
  const std::vector<std::string>& deterministic = density.deterministic_names();
  if (config.on_start)
    config.on_start({result.potential, result.refusal, latent, deterministic});

  // Each chain's divergences so far: a chain's iterations run on one thread in turn, so an
  // entry is only ever touched by one thread at a time.
  std::vector<int64_t> divergences(static_cast<size_t>(std::max<int64_t>(mcmc.num_chains, 0)), 0);
  const int64_t total = mcmc.num_warmup + mcmc.num_samples;
  mcmc.cancel = config.cancel;
  mcmc.callback = nullptr;
  if (config.callback)
    mcmc.callback = [&](const infer::mcmc::IterationInfo& info) {
      int64_t& diverged = divergences[static_cast<size_t>(info.chain)];
      diverged += info.stats.diverging ? 1 : 0;
      const bool warmup = info.phase == infer::mcmc::Phase::Warmup;
      // The runner keeps the first sampling iteration, then every thin-th.
      const bool kept = !warmup && (info.iteration - mcmc.num_warmup) % mcmc.thin == 0;
      config.callback({info, total, warmup, kept, diverged, latent, deterministic});
    };

  const Clock::time_point began = Clock::now();
  result.mcmc = infer::mcmc::run_mcmc(density, mcmc);
  result.sampling_s = std::chrono::duration<double>(Clock::now() - began).count();

  result.shortest_chain = result.mcmc.chains.empty() ? 0 : result.mcmc.chains.front().num_draws();
  for (const auto& chain : result.mcmc.chains)
    result.shortest_chain = std::min(result.shortest_chain, chain.num_draws());
  if (result.shortest_chain > 0)
    result.summary = diagnostics::summarize(grouped_sites(result.mcmc));
  return result;
}

} // namespace kiln::run
