#include "core/store/mcmc_record.h"

#include <ATen/ATen.h>

#include "core/io/cmdstan_csv.h"
#include "core/store/run_reader.h"
#include "core/util/error.h"
#include "core/util/tensor_json.h"

namespace kiln::store {

namespace {

using infer::mcmc::Algorithm;
using infer::mcmc::ChainMethod;
using infer::mcmc::MCMCConfig;

std::string dtype_name(at::ScalarType t) {
  switch (t) {
  case at::kLong:
  case at::kInt:
    return "int64";
  case at::kBool:
    return "bool";
  case at::kFloat:
    return "float32";
  default:
    return "float64";
  }
}

template <typename T> T field(const nlohmann::json& json, const char* name) {
  try {
    return json.at(name).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(std::string("the run's configuration has no valid '") + name + "'");
  }
}

infer::mcmc::SamplerStats stats_from_row(const double* row) {
  infer::mcmc::SamplerStats s;
  s.lp = row[0];
  s.accept_stat = row[1];
  s.step_size = row[2];
  s.tree_depth = static_cast<int64_t>(row[3]);
  s.n_leapfrog = static_cast<int64_t>(row[4]);
  s.diverging = row[5] != 0.0;
  s.energy = row[6];
  return s;
}

} // namespace

nlohmann::json mcmc_config_json(const MCMCConfig& c) {
  const auto& k = c.kernel;
  return {{"algorithm", c.algorithm == Algorithm::HMC ? "hmc" : "nuts"},
          {"num_chains", c.num_chains},
          {"num_warmup", c.num_warmup},
          {"num_samples", c.num_samples},
          {"thin", c.thin},
          {"seed", c.seed},
          {"chain_method", c.chain_method == ChainMethod::Sequential ? "sequential" : "parallel"},
          {"step_size", k.step_size},
          {"adapt_step_size", k.adapt_step_size},
          {"target_accept", k.target_accept},
          {"step_size_jitter", k.step_size_jitter},
          {"adapt_mass_matrix", k.adapt_mass_matrix},
          {"dense_mass", k.dense_mass},
          {"max_tree_depth", k.max_tree_depth},
          {"num_steps", k.num_steps},
          {"trajectory_length", k.trajectory_length},
          {"max_energy_error", k.max_energy_error},
          {"init_buffer", k.windows.init_buffer},
          {"base_window", k.windows.base_window},
          {"term_buffer", k.windows.term_buffer},
          {"gamma", k.dual_averaging.gamma},
          {"t0", k.dual_averaging.t0},
          {"kappa", k.dual_averaging.kappa}};
}

MCMCConfig mcmc_config_from_json(const nlohmann::json& j) {
  MCMCConfig c;
  auto& k = c.kernel;
  c.algorithm = field<std::string>(j, "algorithm") == "hmc" ? Algorithm::HMC : Algorithm::NUTS;
  c.num_chains = field<int64_t>(j, "num_chains");
  c.num_warmup = field<int64_t>(j, "num_warmup");
  c.num_samples = field<int64_t>(j, "num_samples");
  c.thin = field<int64_t>(j, "thin");
  c.seed = field<uint64_t>(j, "seed");
  c.chain_method = field<std::string>(j, "chain_method") == "sequential" ? ChainMethod::Sequential
                                                                         : ChainMethod::Parallel;
  k.step_size = field<double>(j, "step_size");
  k.adapt_step_size = field<bool>(j, "adapt_step_size");
  k.target_accept = field<double>(j, "target_accept");
  k.step_size_jitter = field<double>(j, "step_size_jitter");
  k.adapt_mass_matrix = field<bool>(j, "adapt_mass_matrix");
  k.dense_mass = field<bool>(j, "dense_mass");
  k.max_tree_depth = field<int64_t>(j, "max_tree_depth");
  k.num_steps = field<int64_t>(j, "num_steps");
  k.trajectory_length = field<double>(j, "trajectory_length");
  k.max_energy_error = field<double>(j, "max_energy_error");
  k.windows.init_buffer = field<int64_t>(j, "init_buffer");
  k.windows.base_window = field<int64_t>(j, "base_window");
  k.windows.term_buffer = field<int64_t>(j, "term_buffer");
  k.dual_averaging.gamma = field<double>(j, "gamma");
  k.dual_averaging.t0 = field<double>(j, "t0");
  k.dual_averaging.kappa = field<double>(j, "kappa");
  return c;
}

RunLayout mcmc_layout(const std::vector<std::string>& latent,
                      const std::vector<std::string>& deterministic,
                      const poutine::ValueMap& draw) {
  RunLayout layout;
  for (const auto* names : {&latent, &deterministic})
    for (const auto& name : *names) {
      auto it = draw.find(name);
      if (it == draw.end() || !it->second.defined())
        throw Error("the draw has no value of site '" + name + "'");
      layout.sites.push_back({name, it->second.sizes().vec(), dtype_name(it->second.scalar_type()),
                              names == &deterministic});
    }
  layout.stats = io::cmdstan_sampler_columns();
  return layout;
}

void flatten_draw(const RunLayout& layout, const poutine::ValueMap& draw,
                  std::vector<double>& out) {
  out.resize(static_cast<size_t>(layout.width()));
  size_t offset = 0;
  for (const auto& site : layout.sites) {
    auto it = draw.find(site.name);
    if (it == draw.end() || !it->second.defined())
      throw Error("the draw has no value of site '" + site.name + "'");
    if (it->second.sizes().vec() != site.shape)
      throw Error("site '" + site.name + "' changed shape between draws");
    const at::Tensor flat = it->second.detach().to(at::kDouble).contiguous();
    std::copy(flat.data_ptr<double>(), flat.data_ptr<double>() + site.size(), out.begin() + offset);
    offset += site.size();
  }
}

std::vector<double> stats_row(const infer::mcmc::SamplerStats& s) {
  return {s.lp,
          s.accept_stat,
          s.step_size,
          static_cast<double>(s.tree_depth),
          static_cast<double>(s.n_leapfrog),
          s.diverging ? 1.0 : 0.0,
          s.energy};
}

nlohmann::json chain_info_json(const infer::mcmc::ChainResult& c) {
  nlohmann::json info = {{"seed", c.seed},
                         {"step_size", c.step_size},
                         {"warmup_s", c.warmup_s},
                         {"sampling_s", c.sampling_s},
                         {"num_warmup_run", c.num_warmup_run},
                         {"num_samples_run", c.num_samples_run}};
  if (c.inverse_mass_matrix.defined()) {
    nlohmann::json m = nlohmann::json::object();
    write_tensor(m, c.inverse_mass_matrix.to(at::kDouble));
    info["inverse_mass_matrix"] = m;
  }
  return info;
}

infer::mcmc::MCMCResult stored_mcmc_result(RunReader& reader, int64_t run_id, MCMCConfig& config) {
  const RunInfo info = reader.run(run_id);
  const std::string where = "run " + std::to_string(run_id);
  if (info.algorithm != "nuts" && info.algorithm != "hmc")
    throw Error(where + " is a " + info.algorithm + " run, not MCMC");
  const std::optional<RunLayout> layout = reader.layout(run_id);
  if (!layout)
    throw Error(where + " has no draws yet");
  if (layout->stats.size() != io::cmdstan_sampler_columns().size())
    throw Error(where + ": the stored sampler statistics are not CmdStan's columns");
  try {
    config = mcmc_config_from_json(info.config);
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  }
  const std::vector<nlohmann::json> notes = reader.chain_info(run_id);
  infer::mcmc::MCMCResult result;
  for (const auto& site : layout->sites)
    (site.deterministic ? result.deterministic_sites : result.latent_sites).push_back(site.name);
  result.cancelled = info.status != "completed";
  for (int64_t c = 0; c < info.num_chains; ++c) {
    const ChainDraws draws = reader.draws(run_id, c, Phase::Sampling);
    infer::mcmc::ChainResult chain;
    chain.chain = c;
    const int64_t n = draws.values.size(0);
    int64_t offset = 0;
    for (const auto& site : layout->sites) {
      std::vector<int64_t> shape{n};
      shape.insert(shape.end(), site.shape.begin(), site.shape.end());
      chain.samples[site.name] = draws.values.narrow(1, offset, site.size()).reshape(shape);
      offset += site.size();
    }
    const at::Tensor stats = draws.stats.contiguous();
    for (int64_t d = 0; d < n; ++d)
      chain.stats.push_back(stats_from_row(stats.data_ptr<double>() + d * stats.size(1)));
    chain.num_samples_run = n;
    const nlohmann::json& note = notes[c];
    if (note.is_object()) {
      chain.seed = note.value("seed", uint64_t{0});
      chain.step_size = note.value("step_size", 0.0);
      chain.warmup_s = note.value("warmup_s", 0.0);
      chain.sampling_s = note.value("sampling_s", 0.0);
      chain.num_warmup_run = note.value("num_warmup_run", int64_t{0});
      chain.num_samples_run = note.value("num_samples_run", n);
      if (note.contains("inverse_mass_matrix"))
        chain.inverse_mass_matrix = read_tensor(note["inverse_mass_matrix"]);
    } else {
      // An interrupted run has no chain notes: the warmup draws stored tell how far it got,
      // and the first kept draw the step size warmup left (no jitter by default).
      chain.seed = infer::mcmc::chain_seed(config.seed, c);
      chain.step_size = n > 0 ? chain.stats.front().step_size : 0.0;
      chain.num_warmup_run = reader.draws(run_id, c, Phase::Warmup).values.size(0);
    }
    result.chains.push_back(std::move(chain));
  }
  return result;
}

} // namespace kiln::store
