#include "core/io/cmdstan_csv.h"

#include <ATen/ATen.h>

#include "core/io/draws_csv.h"
#include "core/util/error.h"

namespace kiln::io {

namespace {

using infer::mcmc::Algorithm;
using infer::mcmc::ChainResult;
using infer::mcmc::MCMCConfig;
using infer::mcmc::MCMCResult;

std::vector<std::string> recorded_sites(const MCMCResult& result) {
  std::vector<std::string> sites = result.latent_sites;
  sites.insert(sites.end(), result.deterministic_sites.begin(), result.deterministic_sites.end());
  return sites;
}

// A site's draws [draws, ...shape] as [draws, entries] in flat_names' (column-major) order.
at::Tensor flat_draws(const at::Tensor& draws) {
  std::vector<int64_t> order{0};
  for (int64_t d = draws.dim() - 1; d >= 1; --d)
    order.push_back(d);
  int64_t entries = 1;
  for (int64_t d = 1; d < draws.dim(); ++d)
    entries *= draws.size(d);
  return draws.detach()
      .permute(order)
      .contiguous()
      .to(at::kDouble)
      .reshape({draws.size(0), entries});
}

const at::Tensor& site_draws(const ChainResult& chain, const std::string& name) {
  auto it = chain.samples.find(name);
  if (it == chain.samples.end() || !it->second.defined() || it->second.dim() < 1)
    throw Error("CmdStan CSV: chain " + std::to_string(chain.chain + 1) +
                " has no draws of site '" + name + "'");
  return it->second;
}

// CmdStan's argument tree: two spaces of indent per level after "# ".
void config_line(std::ostream& out, int depth, const std::string& text) {
  out << "# " << std::string(2 * depth, ' ') << text << "\n";
}

void write_config(std::ostream& out, const CmdStanSource& source, const MCMCConfig& config,
                  int64_t chain) {
  const auto& k = config.kernel;
  const bool engaged = config.num_warmup > 0 && (k.adapt_step_size || k.adapt_mass_matrix);
  config_line(out, 0, "model = " + source.model);
  config_line(out, 0, "method = sample");
  config_line(out, 1, "sample");
  config_line(out, 2, "num_samples = " + std::to_string(config.num_samples));
  config_line(out, 2, "num_warmup = " + std::to_string(config.num_warmup));
  config_line(out, 2, "save_warmup = 0");
  config_line(out, 2, "thin = " + std::to_string(config.thin));
  config_line(out, 2, "adapt");
  config_line(out, 3, std::string("engaged = ") + (engaged ? "1" : "0"));
  config_line(out, 3, "gamma = " + format_double(k.dual_averaging.gamma));
  config_line(out, 3, "delta = " + format_double(k.target_accept));
  config_line(out, 3, "kappa = " + format_double(k.dual_averaging.kappa));
  config_line(out, 3, "t0 = " + format_double(k.dual_averaging.t0));
  config_line(out, 3, "init_buffer = " + std::to_string(k.windows.init_buffer));
  config_line(out, 3, "term_buffer = " + std::to_string(k.windows.term_buffer));
  config_line(out, 3, "window = " + std::to_string(k.windows.base_window));
  config_line(out, 2, "algorithm = hmc");
  config_line(out, 3, "hmc");
  if (config.algorithm == Algorithm::NUTS) {
    config_line(out, 4, "engine = nuts");
    config_line(out, 5, "nuts");
    config_line(out, 6, "max_depth = " + std::to_string(k.max_tree_depth));
  } else {
    config_line(out, 4, "engine = static");
    config_line(out, 5, "static");
    // CmdStan's static HMC fixes the integration time; Kiln's may fix the step count instead.
    if (k.num_steps > 0)
      config_line(out, 6, "num_steps = " + std::to_string(k.num_steps));
    else
      config_line(out, 6, "int_time = " + format_double(k.trajectory_length));
  }
  config_line(out, 4, std::string("metric = ") + (k.dense_mass ? "dense_e" : "diag_e"));
  config_line(out, 4, "stepsize = " + format_double(k.step_size));
  config_line(out, 4, "stepsize_jitter = " + format_double(k.step_size_jitter));
  config_line(out, 2, "num_chains = " + std::to_string(config.num_chains));
  config_line(out, 0, "id = " + std::to_string(chain + 1));
  config_line(out, 0, "data");
  config_line(out, 1, "file = " + source.data_file);
  config_line(out, 0, "random");
  config_line(out, 1, "seed = " + std::to_string(config.seed));
}

void write_numbers_comment(std::ostream& out, const double* values, int64_t n) {
  out << "# ";
  for (int64_t i = 0; i < n; ++i)
    out << (i ? ", " : "") << format_double(values[i]);
  out << "\n";
}

void write_adaptation(std::ostream& out, const ChainResult& chain) {
  out << "# Adaptation terminated\n# Step size = " << format_double(chain.step_size) << "\n";
  if (!chain.inverse_mass_matrix.defined())
    return;
  const at::Tensor m = chain.inverse_mass_matrix.detach().to(at::kDouble).contiguous();
  if (m.dim() == 2) {
    out << "# Elements of inverse mass matrix:\n";
    for (int64_t i = 0; i < m.size(0); ++i)
      write_numbers_comment(out, m.data_ptr<double>() + i * m.size(1), m.size(1));
  } else {
    out << "# Diagonal elements of inverse mass matrix:\n";
    write_numbers_comment(out, m.data_ptr<double>(), m.numel());
  }
}

void write_times(std::ostream& out, const ChainResult& chain) {
  out << "# \n"
      << "#  Elapsed Time: " << format_double(chain.warmup_s) << " seconds (Warm-up)\n"
      << "#                " << format_double(chain.sampling_s) << " seconds (Sampling)\n"
      << "#                " << format_double(chain.warmup_s + chain.sampling_s)
      << " seconds (Total)\n"
      << "# \n";
}

} // namespace

const std::vector<std::string>& cmdstan_sampler_columns() {
  static const std::vector<std::string> columns{"lp__",        "accept_stat__", "stepsize__",
                                                "treedepth__", "n_leapfrog__",  "divergent__",
                                                "energy__"};
  return columns;
}

void write_cmdstan_csv(std::ostream& out, const CmdStanSource& source, const MCMCConfig& config,
                       const MCMCResult& result, int64_t chain) {
  if (chain < 0 || chain >= static_cast<int64_t>(result.chains.size()))
    throw Error("CmdStan CSV: the run has no chain " + std::to_string(chain + 1) + " (it has " +
                std::to_string(result.chains.size()) + ")");
  const ChainResult& c = result.chains[chain];
  std::vector<at::Tensor> sites;
  for (const auto& site : recorded_sites(result))
    sites.push_back(flat_draws(site_draws(c, site)));
  for (const at::Tensor& s : sites)
    if (s.size(0) != c.num_draws())
      throw Error("CmdStan CSV: chain " + std::to_string(chain + 1) + " has " +
                  std::to_string(s.size(0)) + " draws of a site but " +
                  std::to_string(c.num_draws()) + " sampler rows");

  write_config(out, source, config, chain);
  std::vector<std::string> header = cmdstan_sampler_columns();
  for (const auto& site : recorded_sites(result)) {
    const at::Tensor& draws = site_draws(c, site);
    for (auto& name : flat_names(site, to_shape(draws.sizes().slice(1))))
      header.push_back(std::move(name));
  }
  write_csv_line(out, header);
  if (c.num_warmup_run > 0)
    write_adaptation(out, c);
  std::vector<double> row;
  for (int64_t d = 0; d < c.num_draws(); ++d) {
    const auto& s = c.stats[d];
    row = {s.lp,
           s.accept_stat,
           s.step_size,
           static_cast<double>(s.tree_depth),
           static_cast<double>(s.n_leapfrog),
           s.diverging ? 1.0 : 0.0,
           s.energy};
    for (const at::Tensor& site : sites) {
      const double* data = site.data_ptr<double>() + d * site.size(1);
      row.insert(row.end(), data, data + site.size(1));
    }
    write_csv_line(out, row);
  }
  write_times(out, c);
}

} // namespace kiln::io
