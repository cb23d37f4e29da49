#pragma once
// Streams one run into a project file while it runs: the run's row first (status running), then
// draws and sampler statistics per chain, metrics, guide parameters, chain notes and the
// summary, and at the end its status. Appending copies into memory and returns; a background
// thread commits what is buffered every `commit_draws` draws or `commit_ms` milliseconds, one
// transaction at a time, so the sampler never waits for the disk and a kill loses at most what
// the last commit had not taken.
//
//   store::RunWriter writer(path, start);
//   writer.set_layout(layout);                       // before the first draw
//   writer.append(chain, store::Phase::Sampling, values, stats);   // from any thread
//   writer.finish(store::RunStatus::Completed);

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostics/summary.h"
#include "core/store/run_layout.h"

namespace kiln::store {

class Database;

// What a run is of and how it was configured.
struct RunStart {
  std::string model_name;   // "coin_flip": model versions are grouped by name
  std::string model_source; // the model file's text; versions are told apart by its hash
  nlohmann::json graph = nlohmann::json::object(); // the model graph's layout, for the workbench
  // The data the run saw; no dataset when dataset_name is empty.
  std::string dataset_name;
  std::string dataset_format; // "json", "csv"
  std::string dataset_content;
  std::string algorithm; // "nuts", "hmc", "svi"
  nlohmann::json config = nlohmann::json::object();
  uint64_t seed = 0;
  int64_t num_chains = 1;
};

struct WriterOptions {
  int64_t commit_draws = 256; // commit once this many draws are buffered (all chains together)
  int64_t commit_ms = 250;    // or once this much time has passed with something buffered
};

class RunWriter {
public:
  // Opens (or creates) the project and stores the run's row, committed before this returns.
  RunWriter(const std::string& project_path, const RunStart& start, WriterOptions options = {});
  // An unfinished run is finished as failed ("ended without finishing"); errors are swallowed.
  ~RunWriter();
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  int64_t run_id() const { return run_id_; }
  const std::string& project_path() const { return path_; }

  // Once, before the first draw.
  void set_layout(const RunLayout& layout);
  // One draw of `chain`: layout().width() values and layout().stats.size() statistics. Draws
  // of a chain and phase are numbered in the order they arrive. Thread-safe; rethrows an error
  // the committing thread met.
  void append(int64_t chain, Phase phase, const double* values, const double* stats);
  // One streamed value, e.g. ("loss", step, elbo_loss).
  void add_metric(int64_t step, const std::string& name, double value);
  void set_guide_params(const nlohmann::json& params);
  // What a chain ended with (its seed, adapted step size and mass matrix, timings).
  void set_chain_info(int64_t chain, const nlohmann::json& info);
  void set_summary(const diagnostics::Summary& summary);

  // Commits everything buffered now, on the caller's thread.
  void flush();
  // Commits everything and sets the status (and the error message of a failed run).
  void finish(RunStatus status, const std::string& error = {});

private:
  struct Chunk {
    int64_t first_draw = 0;
    int64_t num_draws = 0;
    std::vector<double> values, stats;
  };
  struct Metric {
    int64_t step;
    std::string name;
    double value;
  };
  // What the next commit writes; swapped out under the mutex, written without it.
  struct Pending {
    std::map<std::pair<int64_t, int>, Chunk> chunks; // by (chain, phase)
    std::vector<Metric> metrics;
    std::map<int64_t, nlohmann::json> chain_info;
    std::unique_ptr<nlohmann::json> guide_params;
    std::unique_ptr<diagnostics::Summary> summary;
    int64_t draws = 0;
    bool empty() const;
  };

  void commit(Pending& pending);
  void flusher();
  void stop_flusher();
  void rethrow_error();

  std::string path_;
  WriterOptions options_;
  std::unique_ptr<Database> db_;
  int64_t run_id_ = 0;
  RunLayout layout_;
  bool has_layout_ = false;
  bool finished_ = false;

  std::mutex mutex_;
  std::condition_variable wake_;
  Pending pending_;
  std::map<std::pair<int64_t, int>, int64_t> next_draw_; // per (chain, phase)
  std::exception_ptr error_;
  bool stopping_ = false;
  std::mutex commit_mutex_; // one commit at a time: the flusher's or flush()'s
  std::thread thread_;
};

} // namespace kiln::store
