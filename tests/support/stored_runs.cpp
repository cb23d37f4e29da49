#include "tests/support/stored_runs.h"

#include <cmath>
#include <random>

#include <ATen/ATen.h>

#include "core/diagnostics/summary.h"

namespace kiln::test {

namespace {

// A reproducible standard normal from (seed, a, b, c), so any draw can be rebuilt alone.
double normal_at(uint64_t seed, int64_t a, int64_t b, int64_t c) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(a), static_cast<uint32_t>(b),
                    static_cast<uint32_t>(c)};
  std::mt19937_64 gen(seq);
  return std::normal_distribution<double>(0.0, 1.0)(gen);
}

} // namespace

store::RunStart mcmc_start(const StoredMcmc& spec) {
  store::RunStart start;
  start.model_name = "stored";
  start.model_source = "def model():\n    pass\n";
  start.algorithm = "nuts";
  start.config = {{"algorithm", "nuts"},
                  {"num_chains", spec.chains},
                  {"num_warmup", spec.warmup},
                  {"num_samples", spec.samples},
                  {"thin", 1},
                  {"seed", spec.seed}};
  start.seed = spec.seed;
  start.num_chains = spec.chains;
  return start;
}

store::RunLayout mcmc_layout_of(const StoredMcmc& spec) {
  store::RunLayout layout;
  layout.sites = {{"mu", {}, "float64", false},
                  {"theta", {spec.elements}, "float64", false},
                  {"det", {}, "float64", true}};
  layout.stats = {"lp__",         "accept_stat__", "stepsize__", "treedepth__",
                  "n_leapfrog__", "divergent__",   "energy__"};
  return layout;
}

void mcmc_draw(const StoredMcmc& spec, int64_t chain, store::Phase phase, int64_t i,
               std::vector<double>& values, std::vector<double>& stats) {
  const int64_t p = static_cast<int64_t>(phase);
  const int64_t width = 2 + spec.elements;
  values.assign(static_cast<size_t>(width), 0.0);
  // mu drifts in from 3 during warmup, then is N(offset, 1) with a little autocorrelation.
  const double warm = phase == store::Phase::Warmup
                          ? 3.0 * (1.0 - static_cast<double>(i) / std::max<int64_t>(1, spec.warmup))
                          : 0.0;
  const double offset = chain == spec.chains - 1 ? spec.stuck_offset : 0.0;
  values[0] = offset + warm + normal_at(spec.seed, chain, p * 100000 + i, 0);
  for (int64_t e = 0; e < spec.elements; ++e)
    values[1 + e] = 0.5 * e + normal_at(spec.seed, chain, p * 100000 + i, 1 + e);
  values[1 + spec.elements] = 2.0 * values[0];
  const bool divergent = phase == store::Phase::Sampling && chain == 0 &&
                         spec.divergent_every > 0 && i % spec.divergent_every == 0;
  stats = {-0.5 * values[0] * values[0],     0.8, 0.4, 3.0, 7.0, divergent ? 1.0 : 0.0,
           1.0 + 0.5 * values[0] * values[0]};
}

void append_mcmc_draws(store::RunWriter& writer, const StoredMcmc& spec) {
  writer.set_layout(mcmc_layout_of(spec));
  std::vector<double> values, stats;
  for (int64_t c = 0; c < spec.chains; ++c) {
    for (int64_t i = 0; i < spec.warmup; ++i) {
      mcmc_draw(spec, c, store::Phase::Warmup, i, values, stats);
      writer.append(c, store::Phase::Warmup, values.data(), stats.data());
    }
    for (int64_t i = 0; i < spec.samples; ++i) {
      mcmc_draw(spec, c, store::Phase::Sampling, i, values, stats);
      writer.append(c, store::Phase::Sampling, values.data(), stats.data());
    }
  }
  writer.flush();
}

int64_t write_mcmc_run(const std::string& project, const StoredMcmc& spec) {
  store::RunWriter writer(project, mcmc_start(spec));
  append_mcmc_draws(writer, spec);
  std::vector<double> values, stats;
  // The summary as `kiln run` computes it: latent sites, then deterministic ones.
  const int64_t width = 2 + spec.elements;
  at::Tensor all = at::empty({spec.chains, spec.samples, width}, at::kDouble);
  for (int64_t c = 0; c < spec.chains; ++c)
    for (int64_t i = 0; i < spec.samples; ++i) {
      mcmc_draw(spec, c, store::Phase::Sampling, i, values, stats);
      for (int64_t j = 0; j < width; ++j)
        all[c][i][j] = values[static_cast<size_t>(j)];
    }
  writer.set_summary(diagnostics::summarize({{"mu", all.select(2, 0)},
                                             {"theta", all.narrow(2, 1, spec.elements)},
                                             {"det", all.select(2, 1 + spec.elements)}}));
  writer.finish(store::RunStatus::Completed);
  return writer.run_id();
}

double svi_loss(int64_t step, uint64_t seed, double shift) {
  return 1000.0 / static_cast<double>(step) + 5.0 + std::abs(normal_at(seed, 7, step, 0)) - shift;
}

int64_t write_svi_run(const std::string& project, int64_t steps, uint64_t seed, double shift) {
  store::RunStart start;
  start.model_name = "stored_svi";
  start.model_source = "def model():\n    pass\n";
  start.algorithm = "svi";
  start.config = {{"guide", "AutoNormal"}, {"steps", steps}, {"posterior_draws", 100}};
  start.seed = seed;
  start.num_chains = 1;
  store::RunWriter writer(project, start);
  for (int64_t s = 1; s <= steps; ++s)
    writer.add_metric(s, "loss", svi_loss(s, seed, shift));
  store::RunLayout layout;
  layout.sites = {{"mu", {}, "float64", false}};
  writer.set_layout(layout);
  at::Tensor mu = at::empty({1, 100}, at::kDouble);
  for (int64_t i = 0; i < 100; ++i) {
    const double v = 1.0 + 0.1 * normal_at(seed, 8, i, 0);
    mu[0][i] = v;
    writer.append(0, store::Phase::Sampling, &v, nullptr);
  }
  writer.set_summary(diagnostics::summarize({{"mu", mu}}));
  writer.finish(store::RunStatus::Completed);
  return writer.run_id();
}

} // namespace kiln::test
