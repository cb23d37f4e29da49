#include "app/kiln/run_warnings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include <ATen/ATen.h>

#include "core/diagnostics/bfmi.h"
#include "core/diagnostics/sampler_counts.h"

namespace kiln::cli {

namespace {

using diagnostics::SummaryRow;
using infer::mcmc::MCMCResult;
using infer::mcmc::SamplerStats;

std::string number(double x, const char* format = "%.3g") {
  char text[64];
  std::snprintf(text, sizeof text, format, x);
  return text;
}

// "a, b, c" or "a, b, c and 4 more".
std::string name_list(const std::vector<std::string>& names) {
  constexpr size_t kShown = 5;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i)
    out += (i ? ", " : "") + names[i];
  if (names.size() > kShown)
    out += " and " + std::to_string(names.size() - kShown) + " more";
  return out;
}

// The rows where `bad` holds, and the worst value by `worse`.
struct Flagged {
  std::vector<std::string> names;
  double worst = NAN;
};

Flagged flag(const std::vector<SummaryRow>& rows,
             const std::function<double(const SummaryRow&)>& get,
             const std::function<bool(double)>& bad,
             const std::function<bool(double, double)>& worse) {
  Flagged f;
  for (const SummaryRow& row : rows) {
    const double x = get(row);
    if (!bad(x))
      continue;
    f.names.push_back(row.name);
    if (f.names.size() == 1 || worse(x, f.worst))
      f.worst = x;
  }
  return f;
}

// One sampler statistic of every chain, [chains, shortest chain's draws].
at::Tensor stat_draws(const MCMCResult& result,
                      const std::function<double(const SamplerStats&)>& get) {
  int64_t draws = result.chains.empty() ? 0 : result.chains.front().num_draws();
  for (const auto& c : result.chains)
    draws = std::min(draws, c.num_draws());
  at::Tensor out = at::empty({static_cast<int64_t>(result.chains.size()), draws}, at::kDouble);
  double* data = out.data_ptr<double>();
  for (size_t c = 0; c < result.chains.size(); ++c)
    for (int64_t d = 0; d < draws; ++d)
      data[c * draws + d] = get(result.chains[c].stats[d]);
  return out;
}

std::string share(int64_t count, int64_t total) {
  return std::to_string(count) + " of " + std::to_string(total) + " draws (" +
         number(100.0 * static_cast<double>(count) /
                    static_cast<double>(std::max<int64_t>(total, 1)),
                "%.1f") +
         "%)";
}

} // namespace

std::vector<std::string> run_warnings(const MCMCResult& result, const diagnostics::Summary& summary,
                                      const infer::mcmc::MCMCConfig& config) {
  std::vector<std::string> warnings;
  const auto above = [](double limit) { return [limit](double x) { return x > limit; }; };
  const auto below = [](double limit) { return [limit](double x) { return x < limit; }; };
  const auto larger = [](double a, double b) { return a > b; };
  const auto smaller = [](double a, double b) { return a < b; };

  const Flagged rhat = flag(
      summary.rows, [](const SummaryRow& r) { return r.r_hat; }, above(kMaxRhat), larger);
  if (!rhat.names.empty())
    warnings.push_back("R-hat is above " + number(kMaxRhat) + " for " + name_list(rhat.names) +
                       " (largest " + number(rhat.worst, "%.3f") +
                       "): the chains disagree, so they have not converged; run more warmup "
                       "and draws, or reparameterize the model.");

  const int64_t chains = static_cast<int64_t>(result.chains.size());
  const double min_ess = kMinEssPerChain * static_cast<double>(chains);
  for (const bool bulk : {true, false}) {
    const Flagged ess = flag(
        summary.rows, [bulk](const SummaryRow& r) { return bulk ? r.ess_bulk : r.ess_tail; },
        below(min_ess), smaller);
    if (!ess.names.empty())
      warnings.push_back(
          std::string(bulk ? "Bulk" : "Tail") + " ESS is below " + number(kMinEssPerChain, "%.0f") +
          " per chain (" + number(min_ess, "%.0f") + " for " + std::to_string(chains) +
          " chains) for " + name_list(ess.names) + " (lowest " + number(ess.worst, "%.0f") + "): " +
          (bulk ? "the means and their standard errors" : "the intervals and tail quantiles") +
          " are unreliable; draw more, or reparameterize the model.");
  }

  const at::Tensor diverging =
      stat_draws(result, [](const SamplerStats& s) { return s.diverging ? 1.0 : 0.0; });
  const int64_t total = diverging.numel();
  const int64_t divergences = diagnostics::count_divergences(diverging).total();
  if (divergences > 0)
    warnings.push_back(share(divergences, total) +
                       " ended in a divergence: the sampler could not follow the posterior's "
                       "curvature there, so the draws may be biased; raise --target-accept "
                       "(e.g. 0.95) or reparameterize the model (a non-centered form).");

  const std::vector<double> bfmi =
      diagnostics::e_bfmi(stat_draws(result, [](const SamplerStats& s) { return s.energy; }));
  for (size_t c = 0; c < bfmi.size(); ++c)
    if (bfmi[c] < diagnostics::kLowBfmi)
      warnings.push_back("E-BFMI of chain " + std::to_string(c + 1) + " is " + number(bfmi[c]) +
                         ", below " + number(diagnostics::kLowBfmi) +
                         ": the momentum resampling explores the energy levels poorly; "
                         "reparameterize the model.");

  if (config.algorithm == infer::mcmc::Algorithm::NUTS) {
    const at::Tensor depth =
        stat_draws(result, [](const SamplerStats& s) { return static_cast<double>(s.tree_depth); });
    const int64_t saturated =
        diagnostics::count_max_tree_depth(depth, config.kernel.max_tree_depth).total();
    if (saturated > 0)
      warnings.push_back(share(saturated, total) + " hit the maximum tree depth (" +
                         std::to_string(config.kernel.max_tree_depth) +
                         "): their trajectories were cut short, which costs efficiency; raise "
                         "--max-tree-depth.");
  }
  return warnings;
}

} // namespace kiln::cli
