#include "core/store/run_export.h"

#include <cmath>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/io/data_file.h"
#include "core/io/draws_csv.h"
#include "core/store/run_reader.h"
#include "core/util/error.h"

namespace kiln::store {

namespace {

// ArviZ's names for CmdStan's sampler columns (as from_cmdstan renames them).
const char* arviz_stat_name(const std::string& cmdstan) {
  static const std::pair<const char*, const char*> names[] = {{"lp__", "lp"},
                                                              {"accept_stat__", "acceptance_rate"},
                                                              {"stepsize__", "step_size"},
                                                              {"treedepth__", "tree_depth"},
                                                              {"n_leapfrog__", "n_steps"},
                                                              {"divergent__", "diverging"},
                                                              {"energy__", "energy"}};
  for (const auto& [from, to] : names)
    if (cmdstan == from)
      return to;
  return nullptr;
}

nlohmann::json number(double x) {
  if (std::isfinite(x))
    return x;
  return io::format_double(x);
}

// The entries of `t` (contiguous float64) from `offset` as nested lists of shape dims[d..].
nlohmann::json nested(const double* data, const std::vector<int64_t>& dims, size_t d) {
  if (d == dims.size())
    return number(*data);
  int64_t stride = 1;
  for (size_t i = d + 1; i < dims.size(); ++i)
    stride *= dims[i];
  nlohmann::json out = nlohmann::json::array();
  for (int64_t i = 0; i < dims[d]; ++i)
    out.push_back(nested(data + i * stride, dims, d + 1));
  return out;
}

nlohmann::json tensor_lists(const at::Tensor& t) {
  const at::Tensor c = t.detach().to(at::kDouble).contiguous();
  return nested(c.data_ptr<double>(), c.sizes().vec(), 0);
}

nlohmann::json observed_data(RunReader& reader, int64_t run_id, const RunInfo& info) {
  if (info.dataset_id == 0)
    return nlohmann::json::object();
  const std::string content = reader.dataset_content(run_id);
  if (info.dataset_name.size() >= 4 &&
      info.dataset_name.compare(info.dataset_name.size() - 4, 4, ".csv") == 0) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : io::data_from_csv(content, info.dataset_name))
      if (const auto* t = value.get_if<at::Tensor>())
        out[name] = tensor_lists(*t);
    return out;
  }
  auto json = nlohmann::json::parse(content, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw Error("run " + std::to_string(run_id) + ": its stored dataset '" + info.dataset_name +
                "' is not a JSON object");
  return json;
}

} // namespace

void write_arviz_json(std::ostream& out, RunReader& reader, int64_t run_id) {
  const RunInfo info = reader.run(run_id);
  nlohmann::json posterior = nlohmann::json::object();
  for (const auto& [name, draws] : reader.site_draws(run_id))
    posterior[name] = tensor_lists(draws);
  nlohmann::json stats = nlohmann::json::object();
  if (const auto layout = reader.layout(run_id)) {
    std::vector<at::Tensor> chains;
    int64_t shortest = -1;
    for (int64_t c = 0; c < info.num_chains; ++c) {
      chains.push_back(reader.draws(run_id, c, Phase::Sampling).stats);
      shortest = shortest < 0 ? chains.back().size(0) : std::min(shortest, chains.back().size(0));
    }
    for (auto& c : chains)
      c = c.narrow(0, 0, shortest);
    const at::Tensor all = at::stack(chains); // [chains, draws, stats]
    for (size_t s = 0; s < layout->stats.size(); ++s) {
      const char* arviz = arviz_stat_name(layout->stats[s]);
      const std::string name = arviz ? arviz : layout->stats[s];
      stats[name] = tensor_lists(all.select(2, static_cast<int64_t>(s)));
    }
    // ArviZ keeps divergences as booleans.
    if (stats.contains("diverging"))
      for (auto& chain : stats["diverging"])
        for (auto& d : chain)
          d = d.get<double>() != 0.0;
  }
  nlohmann::json doc = {{"posterior", posterior},
                        {"sample_stats", stats},
                        {"observed_data", observed_data(reader, run_id, info)},
                        {"attrs",
                         {{"run", info.id},
                          {"model", info.model_name},
                          {"algorithm", info.algorithm},
                          {"seed", info.seed},
                          {"status", info.status},
                          {"kiln_version", info.kiln_version}}}};
  out << doc.dump(1) << "\n";
}

void write_long_csv(std::ostream& out, RunReader& reader, int64_t run_id) {
  const RunInfo info = reader.run(run_id);
  const auto layout = reader.layout(run_id);
  std::vector<std::string> header{"chain", "draw"};
  if (layout)
    for (const auto& site : layout->sites)
      for (auto& name : io::flat_names(site.name, site.shape))
        header.push_back(std::move(name));
  io::write_csv_line(out, header);
  if (!layout)
    return;
  for (int64_t c = 0; c < info.num_chains; ++c) {
    const at::Tensor values = reader.draws(run_id, c, Phase::Sampling).values;
    const int64_t n = values.size(0);
    // Each site's entries in CmdStan's (column-major) order, as flat_names names them.
    std::vector<at::Tensor> sites;
    int64_t offset = 0;
    for (const auto& site : layout->sites) {
      std::vector<int64_t> shape{n};
      shape.insert(shape.end(), site.shape.begin(), site.shape.end());
      at::Tensor t = values.narrow(1, offset, site.size()).reshape(shape);
      std::vector<int64_t> order{0};
      for (int64_t d = t.dim() - 1; d >= 1; --d)
        order.push_back(d);
      sites.push_back(t.permute(order).contiguous().reshape({n, site.size()}));
      offset += site.size();
    }
    std::vector<double> row;
    for (int64_t d = 0; d < n; ++d) {
      row = {static_cast<double>(c + 1), static_cast<double>(d + 1)};
      for (const at::Tensor& s : sites) {
        const double* data = s.data_ptr<double>() + d * s.size(1);
        row.insert(row.end(), data, data + s.size(1));
      }
      io::write_csv_line(out, row);
    }
  }
}

diagnostics::Summary run_summary(RunReader& reader, int64_t run_id) {
  if (auto stored = reader.summary(run_id))
    return *stored;
  auto sites = reader.site_draws(run_id);
  if (sites.empty() || sites.front().second.size(1) == 0)
    return {};
  for (auto& site : sites)
    site.second = site.second.to(at::kDouble);
  return diagnostics::summarize(sites);
}

} // namespace kiln::store
