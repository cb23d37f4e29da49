#include "core/infer/mcmc/mcmc.h"

#include <algorithm>
#include <exception>
#include <string>
#include <thread>

#include "core/infer/mcmc/chain.h"
#include "core/infer/mcmc/model_potential.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"

namespace kiln::infer::mcmc {

namespace {

void check_run_config(const MCMCConfig& config, const Potential& potential,
                      const ModelDensity& density) {
  auto require = [](bool ok, const std::string& what) {
    if (!ok)
      throw DomainError("MCMC: " + what);
  };
  require(config.num_chains >= 1,
          "num_chains is " + std::to_string(config.num_chains) + ", but must be positive");
  require(config.num_warmup >= 0,
          "num_warmup is " + std::to_string(config.num_warmup) + ", but must be non-negative");
  require(config.num_samples >= 0,
          "num_samples is " + std::to_string(config.num_samples) + ", but must be non-negative");
  require(config.thin >= 1, "thin is " + std::to_string(config.thin) + ", but must be positive");
  require(config.num_threads >= 0,
          "num_threads is " + std::to_string(config.num_threads) + ", but must be non-negative");
  require(static_cast<bool>(config.init_strategy), "init_strategy is empty");
  check_kernel_config(config.kernel);
  if (potential.dim() != density.dim())
    throw ShapeError("MCMC: the potential has " + std::to_string(potential.dim()) +
                     " coordinates, but the model's unconstrained space has " +
                     std::to_string(density.dim()));
}

int64_t thread_count(const MCMCConfig& config) {
  if (config.chain_method == ChainMethod::Sequential)
    return 1;
  int64_t limit = config.num_threads;
  if (limit == 0)
    limit = std::max<int64_t>(1, static_cast<int64_t>(std::thread::hardware_concurrency()));
  return std::min(limit, config.num_chains);
}

[[noreturn]] void rethrow_for_chain(const std::exception_ptr& error, int64_t chain,
                                    int64_t num_chains) {
  const std::string where =
      "MCMC chain " + std::to_string(chain + 1) + " of " + std::to_string(num_chains) + ": ";
  try {
    std::rethrow_exception(error);
  } catch (const DomainError& e) {
    throw DomainError(where + e.what());
  } catch (const ShapeError& e) {
    throw ShapeError(where + e.what());
  } catch (const NotSupportedError& e) {
    throw NotSupportedError(where + e.what());
  } catch (const Error& e) {
    throw Error(where + e.what());
  } catch (...) {
    throw;
  }
}

} // namespace

uint64_t chain_seed(uint64_t seed, int64_t chain) {
  // SplitMix64 (Steele, Lea & Flood 2014) of the seed advanced by chain + 1 golden-ratio steps.
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(chain + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

MCMCResult run_mcmc(const ModelDensity& density, const MCMCConfig& config) {
  std::shared_ptr<const Potential> potential = config.potential;
  if (!potential)
    potential = std::make_shared<ModelPotential>(density);
  check_run_config(config, *potential, density);

  const int64_t n = config.num_chains;
  std::vector<ChainResult> chains(static_cast<size_t>(n));
  std::vector<std::exception_ptr> errors(static_cast<size_t>(n));
  std::vector<char> started(static_cast<size_t>(n), 0);
  std::atomic<int64_t> next_chain{0};
  std::atomic<bool> failed{false};
  auto stopped = [&] {
    return failed.load(std::memory_order_relaxed) ||
           (config.cancel && config.cancel->load(std::memory_order_relaxed));
  };
  const std::shared_ptr<poutine::ParamStore> store = poutine::runtime().param_store;
  auto worker = [&] {
    poutine::ParamStoreScope scope(store);
    for (int64_t c = next_chain++; c < n; c = next_chain++) {
      if (stopped())
        continue;
      started[c] = 1;
      try {
        chains[c] = run_chain(density, *potential, config, c, stopped);
      } catch (...) {
        errors[c] = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  const int64_t num_threads = thread_count(config);
  for (int64_t t = 0; t < num_threads; ++t)
    threads.emplace_back(worker);
  for (std::thread& t : threads)
    t.join();

  for (int64_t c = 0; c < n; ++c)
    if (errors[c])
      rethrow_for_chain(errors[c], c, n);

  MCMCResult result;
  const int64_t iterations = config.num_warmup + config.num_samples;
  for (int64_t c = 0; c < n; ++c)
    result.cancelled = result.cancelled || !started[c] ||
                       chains[c].num_warmup_run + chains[c].num_samples_run < iterations;
  for (const LatentSite& site : density.sites())
    result.latent_sites.push_back(site.name);
  result.deterministic_sites = density.deterministic_names();
  // A chain that a cancel kept from starting has no draws; it is left out.
  for (int64_t c = 0; c < n; ++c)
    if (started[c])
      result.chains.push_back(std::move(chains[c]));
  return result;
}

} // namespace kiln::infer::mcmc
