#include "core/store/run_reader.h"

#include <cstring>

#include <ATen/ATen.h>

#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/sqlite.h"
#include "core/util/error.h"

namespace kiln::store {

namespace {

const char* kRunColumns =
    "SELECT r.id, m.name, r.model_version_id, v.content_hash, coalesce(d.name, ''), "
    "coalesce(r.dataset_id, 0), r.algorithm, r.config_json, r.seed, r.num_chains, r.status, "
    "r.writer, (julianday('now') - julianday(r.heartbeat_at)) * 86400.0, r.started_at, "
    "coalesce(r.finished_at, ''), coalesce(r.error, ''), r.kiln_version, "
    "(SELECT coalesce(sum(c.num_draws), 0) FROM draw_chunks c "
    " WHERE c.run_id = r.id AND c.phase = 1) "
    "FROM runs r JOIN model_versions v ON v.id = r.model_version_id "
    "JOIN models m ON m.id = v.model_id LEFT JOIN datasets d ON d.id = r.dataset_id ";

RunInfo run_row(const Statement& s, const std::string& path) {
  RunInfo r;
  r.id = s.column_int(0);
  r.model_name = s.column_text(1);
  r.model_version_id = s.column_int(2);
  r.content_hash = s.column_text(3);
  r.dataset_name = s.column_text(4);
  r.dataset_id = s.column_int(5);
  r.algorithm = s.column_text(6);
  r.config = nlohmann::json::parse(s.column_text(7), nullptr, false);
  if (r.config.is_discarded())
    throw Error("'" + path + "': run " + std::to_string(r.id) + " has a damaged configuration");
  r.seed = static_cast<uint64_t>(s.column_int(8));
  r.num_chains = s.column_int(9);
  r.status = effective_status(s.column_text(10), s.column_text(11), s.column_double(12));
  r.started_at = s.column_text(13);
  r.finished_at = s.column_text(14);
  r.error = s.column_text(15);
  if (r.status == "interrupted" && r.error.empty())
    r.error = kInterruptedError; // its writer died; no one has marked it yet
  r.kiln_version = s.column_text(16);
  r.num_draws = s.column_int(17);
  return r;
}

// Copies a float64 blob into `out` at `offset` doubles; its size must be `count` doubles.
void copy_blob(const std::vector<unsigned char>& blob, double* out, int64_t count,
               const std::string& where) {
  if (blob.size() != static_cast<size_t>(count) * sizeof(double))
    throw Error(where + ": a chunk of draws has " + std::to_string(blob.size()) +
                " bytes where its size says " + std::to_string(count * sizeof(double)));
  if (count > 0)
    std::memcpy(out, blob.data(), blob.size());
}

} // namespace

RunReader::RunReader(const std::string& project_path)
    : path_(project_path), db_(open_project(project_path, Access::Read)) {}

RunReader::~RunReader() = default;

std::vector<RunInfo> RunReader::runs() {
  Statement s = db_->prepare(std::string(kRunColumns) + "ORDER BY r.id");
  std::vector<RunInfo> out;
  while (s.step())
    out.push_back(run_row(s, path_));
  return out;
}

RunInfo RunReader::run(int64_t id) {
  Statement s = db_->prepare(std::string(kRunColumns) + "WHERE r.id = ?1");
  s.bind(1, id);
  if (!s.step())
    throw Error("project '" + path_ + "' has no run " + std::to_string(id));
  return run_row(s, path_);
}

std::optional<RunLayout> RunReader::layout(int64_t id) {
  Statement s = db_->prepare("SELECT layout_json FROM runs WHERE id = ?1");
  s.bind(1, id);
  if (!s.step())
    throw Error("project '" + path_ + "' has no run " + std::to_string(id));
  if (s.column_is_null(0))
    return std::nullopt;
  const auto json = nlohmann::json::parse(s.column_text(0), nullptr, false);
  const std::string where = "'" + path_ + "', run " + std::to_string(id);
  if (json.is_discarded())
    throw Error(where + ": the stored layout is damaged");
  return RunLayout::from_json(json, where);
}

ChainDraws RunReader::draws(int64_t id, int64_t chain, Phase phase, int64_t from_draw) {
  ReadTransaction snapshot(*db_);
  const std::optional<RunLayout> lay = layout(id);
  const int64_t width = lay ? lay->width() : 0;
  const int64_t nstats = lay ? static_cast<int64_t>(lay->stats.size()) : 0;
  Statement s = db_->prepare("SELECT first_draw, num_draws, draws, stats FROM draw_chunks "
                             "WHERE run_id = ?1 AND chain = ?2 AND phase = ?3 AND first_draw >= ?4 "
                             "ORDER BY first_draw");
  s.bind(1, id).bind(2, chain).bind(3, static_cast<int64_t>(phase)).bind(4, from_draw);
  std::vector<double> values, stats;
  ChainDraws out;
  const std::string where = "'" + path_ + "', run " + std::to_string(id);
  int64_t have = from_draw;
  while (s.step()) {
    const int64_t first = s.column_int(0), n = s.column_int(1);
    if (first != have || n < 0)
      throw Error(where + ": chain " + std::to_string(chain) + " has a gap in its draws at " +
                  std::to_string(have));
    const int64_t row = first - from_draw;
    values.resize(values.size() + n * width);
    stats.resize(stats.size() + n * nstats);
    copy_blob(s.column_blob(2), values.data() + row * width, n * width, where);
    copy_blob(s.column_blob(3), stats.data() + row * nstats, n * nstats, where);
    out.chunks.emplace_back(first, n);
    have = first + n;
  }
  const int64_t total = have - from_draw;
  out.values = at::from_blob(values.data(), {total, width}, at::kDouble).clone();
  out.stats = at::from_blob(stats.data(), {total, nstats}, at::kDouble).clone();
  return out;
}

std::vector<std::pair<std::string, at::Tensor>> RunReader::site_draws(int64_t id) {
  const RunInfo info = run(id);
  const std::optional<RunLayout> lay = layout(id);
  std::vector<std::pair<std::string, at::Tensor>> out;
  if (!lay)
    return out;
  std::vector<at::Tensor> chains;
  int64_t shortest = -1;
  for (int64_t c = 0; c < info.num_chains; ++c) {
    chains.push_back(draws(id, c, Phase::Sampling).values);
    shortest = shortest < 0 ? chains.back().size(0) : std::min(shortest, chains.back().size(0));
  }
  for (auto& c : chains)
    c = c.narrow(0, 0, shortest);
  const at::Tensor all = at::stack(chains); // [chains, draws, width]
  int64_t offset = 0;
  for (const auto& site : lay->sites) {
    std::vector<int64_t> shape{info.num_chains, shortest};
    shape.insert(shape.end(), site.shape.begin(), site.shape.end());
    at::Tensor t = all.narrow(2, offset, site.size()).contiguous().reshape(shape);
    if (site.dtype == "int64")
      t = t.to(at::kLong);
    else if (site.dtype == "bool")
      t = t.to(at::kBool);
    else if (site.dtype == "float32")
      t = t.to(at::kFloat);
    out.emplace_back(site.name, t);
    offset += site.size();
  }
  return out;
}

std::vector<Metric> RunReader::metrics(int64_t id, int64_t after_step) {
  Statement s =
      db_->prepare("SELECT step, name, value FROM metrics WHERE run_id = ?1 AND step > ?2 "
                   "ORDER BY name, step");
  s.bind(1, id).bind(2, after_step);
  std::vector<Metric> out;
  while (s.step())
    out.push_back({s.column_int(0), s.column_text(1), s.column_double(2)});
  return out;
}

nlohmann::json RunReader::guide_params(int64_t id) {
  Statement s = db_->prepare("SELECT params_json FROM guide_params WHERE run_id = ?1");
  s.bind(1, id);
  if (!s.step())
    return nullptr;
  auto json = nlohmann::json::parse(s.column_text(0), nullptr, false);
  if (json.is_discarded())
    throw Error("'" + path_ + "', run " + std::to_string(id) + ": damaged guide parameters");
  return json;
}

std::vector<nlohmann::json> RunReader::chain_info(int64_t id) {
  const RunInfo info = run(id);
  std::vector<nlohmann::json> out(static_cast<size_t>(info.num_chains));
  Statement s = db_->prepare("SELECT chain, info_json FROM chains WHERE run_id = ?1");
  s.bind(1, id);
  while (s.step()) {
    const int64_t c = s.column_int(0);
    if (c >= 0 && c < info.num_chains)
      out[c] = nlohmann::json::parse(s.column_text(1), nullptr, false);
  }
  return out;
}

std::optional<diagnostics::Summary> RunReader::summary(int64_t id) {
  ReadTransaction snapshot(*db_);
  Statement hdi = db_->prepare("SELECT summary_hdi_prob FROM runs WHERE id = ?1");
  hdi.bind(1, id);
  if (!hdi.step() || hdi.column_is_null(0))
    return std::nullopt;
  diagnostics::Summary summary;
  summary.hdi_prob = hdi.column_double(0);
  Statement s = db_->prepare("SELECT name, mean, sd, hdi_lower, hdi_upper, mcse_mean, mcse_sd, "
                             "ess_bulk, ess_tail, r_hat FROM summary_rows WHERE run_id = ?1 "
                             "ORDER BY position");
  s.bind(1, id);
  while (s.step())
    summary.rows.push_back({s.column_text(0), s.column_double(1), s.column_double(2),
                            s.column_double(3), s.column_double(4), s.column_double(5),
                            s.column_double(6), s.column_double(7), s.column_double(8),
                            s.column_double(9)});
  return summary;
}

std::string RunReader::model_source(int64_t id) {
  return model_version_source(*db_, run(id).model_version_id);
}

std::string RunReader::dataset_content(int64_t id) {
  const RunInfo info = run(id);
  return info.dataset_id == 0 ? std::string() : store::dataset_content(*db_, info.dataset_id);
}

} // namespace kiln::store
