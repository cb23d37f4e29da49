#pragma once
// Reads the runs of a project, also while they are written: every call sees whole chunks as of
// its own snapshot, and reading never blocks the writer (WAL). Opening never writes to the file.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include "core/diagnostics/summary.h"
#include "core/store/run_layout.h"

namespace kiln::store {

class Database;

struct RunInfo {
  int64_t id = 0;
  std::string model_name;
  int64_t model_version_id = 0;
  std::string content_hash;
  std::string dataset_name; // empty without a dataset
  int64_t dataset_id = 0;   // 0 without a dataset
  std::string algorithm;
  nlohmann::json config;
  uint64_t seed = 0;
  int64_t num_chains = 0;
  std::string status; // as a reader sees it: 'running' with a dead writer reads 'interrupted'
  std::string started_at, finished_at, error, kiln_version;
  int64_t num_draws = 0; // committed sampling draws, all chains
};

// One chain's committed draws of one phase, read in one snapshot: draws [n, width] and stats
// [n, stats] float64, and where each chunk started (for checks that nothing is torn).
struct ChainDraws {
  at::Tensor values;
  at::Tensor stats;
  std::vector<std::pair<int64_t, int64_t>> chunks; // (first_draw, num_draws)
};

struct Metric {
  int64_t step;
  std::string name;
  double value;
};

class RunReader {
public:
  explicit RunReader(const std::string& project_path);
  ~RunReader();
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  std::vector<RunInfo> runs();
  // Throws kiln::Error naming the project when there is no run `id`.
  RunInfo run(int64_t id);
  // nullopt before the writer has set it.
  std::optional<RunLayout> layout(int64_t id);
  // From the chunk that starts at `from_draw` on (a count of draws read before: the workbench
  // reads only what is new); values and stats then hold draws from_draw, from_draw + 1, ...
  ChainDraws draws(int64_t id, int64_t chain, Phase phase, int64_t from_draw = 0);
  // Per site, the sampling draws of every chain: [chains, draws, ...shape] in the site's dtype,
  // chains cut to the shortest.
  std::vector<std::pair<std::string, at::Tensor>> site_draws(int64_t id);
  // The metrics of steps after `after_step`, by name then step.
  std::vector<Metric> metrics(int64_t id, int64_t after_step = -1);
  // null when the run stored none.
  nlohmann::json guide_params(int64_t id);
  std::vector<nlohmann::json> chain_info(int64_t id); // by chain; null where missing
  std::optional<diagnostics::Summary> summary(int64_t id);
  std::string model_source(int64_t id);
  // The dataset's text, empty when the run had none.
  std::string dataset_content(int64_t id);

private:
  std::string path_;
  std::unique_ptr<Database> db_;
};

} // namespace kiln::store
