#include "core/store/run_writer.h"

#include <chrono>

#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/sqlite.h"
#include "core/store/writer_token.h"
#include "core/util/error.h"

namespace kiln::store {

namespace {

std::string now(const std::string& sql) {
  std::string out = sql;
  for (size_t at = out.find("NOW"); at != std::string::npos; at = out.find("NOW"))
    out.replace(at, 3, kNowSql);
  return out;
}

} // namespace

bool RunWriter::Pending::empty() const {
  return chunks.empty() && metrics.empty() && chain_info.empty() && !guide_params && !summary;
}

RunWriter::RunWriter(const std::string& project_path, const RunStart& start, WriterOptions options)
    : path_(project_path), options_(options), db_(open_project(project_path, Access::Write)) {
  if (start.num_chains < 1)
    throw Error("a run needs at least one chain");
  Transaction t(*db_);
  const int64_t version =
      ensure_model_version(*db_, start.model_name, start.model_source, start.graph.dump());
  Statement insert = db_->prepare(
      now("INSERT INTO runs (model_version_id, dataset_id, algorithm, config_json, seed, "
          "num_chains, status, started_at, kiln_version, writer, heartbeat_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', NOW, ?7, ?8, NOW)"));
  insert.bind(1, version);
  if (start.dataset_name.empty())
    insert.bind_null(2);
  else
    insert.bind(
        2, ensure_dataset(*db_, start.dataset_name, start.dataset_format, start.dataset_content));
  insert.bind(3, start.algorithm)
      .bind(4, start.config.dump())
      .bind(5, static_cast<int64_t>(start.seed))
      .bind(6, start.num_chains)
      .bind(7, std::string(KILN_VERSION))
      .bind(8, current_writer_token());
  insert.run();
  run_id_ = db_->last_insert_id();
  t.commit();
  thread_ = std::thread([this] { flusher(); });
}

RunWriter::~RunWriter() {
  try {
    if (!finished_)
      finish(RunStatus::Failed, "the run ended without finishing");
  } catch (...) {
    // Nothing can be reported from a destructor; the next open marks the run interrupted.
  }
  stop_flusher();
}

void RunWriter::set_layout(const RunLayout& layout) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (has_layout_)
    throw Error("run " + std::to_string(run_id_) + ": the layout is set once");
  layout_ = layout;
  has_layout_ = true;
  std::lock_guard<std::mutex> commit_lock(commit_mutex_);
  db_->prepare("UPDATE runs SET layout_json = ?1 WHERE id = ?2")
      .bind(1, layout.to_json().dump())
      .bind(2, run_id_)
      .run();
}

void RunWriter::rethrow_error() {
  if (error_)
    std::rethrow_exception(error_);
}

void RunWriter::append(int64_t chain, Phase phase, const double* values, const double* stats) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rethrow_error();
    if (!has_layout_)
      throw Error("run " + std::to_string(run_id_) + ": set the layout before the first draw");
    const auto key = std::make_pair(chain, static_cast<int>(phase));
    Chunk& chunk = pending_.chunks[key];
    if (chunk.num_draws == 0)
      chunk.first_draw = next_draw_[key];
    chunk.values.insert(chunk.values.end(), values, values + layout_.width());
    chunk.stats.insert(chunk.stats.end(), stats, stats + layout_.stats.size());
    ++chunk.num_draws;
    ++next_draw_[key];
    wake = ++pending_.draws >= options_.commit_draws;
  }
  if (wake)
    wake_.notify_one();
}

void RunWriter::add_metric(int64_t step, const std::string& name, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  rethrow_error();
  pending_.metrics.push_back({step, name, value});
}

void RunWriter::set_guide_params(const nlohmann::json& params) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.guide_params = std::make_unique<nlohmann::json>(params);
}

void RunWriter::set_chain_info(int64_t chain, const nlohmann::json& info) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.chain_info[chain] = info;
}

void RunWriter::set_summary(const diagnostics::Summary& summary) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.summary = std::make_unique<diagnostics::Summary>(summary);
}

void RunWriter::commit(Pending& p) {
  std::lock_guard<std::mutex> commit_lock(commit_mutex_);
  Transaction t(*db_);
  if (!p.chunks.empty()) {
    Statement s = db_->prepare("INSERT INTO draw_chunks "
                               "(run_id, chain, phase, first_draw, num_draws, draws, stats) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const auto& [key, chunk] : p.chunks) {
      s.bind(1, run_id_)
          .bind(2, key.first)
          .bind(3, static_cast<int64_t>(key.second))
          .bind(4, chunk.first_draw)
          .bind(5, chunk.num_draws)
          .bind_blob(6, chunk.values.data(), chunk.values.size() * sizeof(double))
          .bind_blob(7, chunk.stats.data(), chunk.stats.size() * sizeof(double));
      s.run();
      s.reset();
    }
  }
  if (!p.metrics.empty()) {
    Statement s = db_->prepare(
        "INSERT OR REPLACE INTO metrics (run_id, name, step, value) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& m : p.metrics) {
      s.bind(1, run_id_).bind(2, m.name).bind(3, m.step).bind(4, m.value);
      s.run();
      s.reset();
    }
  }
  if (!p.chain_info.empty()) {
    Statement s = db_->prepare(
        "INSERT OR REPLACE INTO chains (run_id, chain, info_json) VALUES (?1, ?2, ?3)");
    for (const auto& [chain, info] : p.chain_info) {
      s.bind(1, run_id_).bind(2, chain).bind(3, info.dump());
      s.run();
      s.reset();
    }
  }
  if (p.guide_params)
    db_->prepare("INSERT OR REPLACE INTO guide_params (run_id, params_json) VALUES (?1, ?2)")
        .bind(1, run_id_)
        .bind(2, p.guide_params->dump())
        .run();
  if (p.summary) {
    db_->prepare("DELETE FROM summary_rows WHERE run_id = ?1").bind(1, run_id_).run();
    db_->prepare("UPDATE runs SET summary_hdi_prob = ?1 WHERE id = ?2")
        .bind(1, p.summary->hdi_prob)
        .bind(2, run_id_)
        .run();
    Statement s = db_->prepare(
        "INSERT INTO summary_rows (run_id, position, name, mean, sd, hdi_lower, hdi_upper, "
        "mcse_mean, mcse_sd, ess_bulk, ess_tail, r_hat) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    int64_t position = 0;
    for (const auto& r : p.summary->rows) {
      s.bind(1, run_id_).bind(2, position++).bind(3, r.name);
      const double values[] = {r.mean,    r.sd,       r.hdi_lower, r.hdi_upper, r.mcse_mean,
                               r.mcse_sd, r.ess_bulk, r.ess_tail,  r.r_hat};
      for (int i = 0; i < 9; ++i)
        s.bind(4 + i, values[i]);
      s.run();
      s.reset();
    }
  }
  db_->prepare(now("UPDATE runs SET heartbeat_at = NOW WHERE id = ?1")).bind(1, run_id_).run();
  t.commit();
}

void RunWriter::flusher() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock<std::mutex> lock(mutex_);
  Clock::time_point last = Clock::now();
  while (!stopping_ && !error_) {
    const auto due = last + std::chrono::milliseconds(options_.commit_ms);
    wake_.wait_until(lock, due,
                     [&] { return stopping_ || pending_.draws >= options_.commit_draws; });
    if (stopping_)
      break;
    if (pending_.empty() && Clock::now() < due)
      continue;
    Pending batch;
    std::swap(batch, pending_);
    last = Clock::now();
    if (batch.empty())
      continue;
    lock.unlock();
    try {
      commit(batch);
    } catch (...) {
      lock.lock();
      error_ = std::current_exception();
      break;
    }
    lock.lock();
  }
}

void RunWriter::stop_flusher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable())
    thread_.join();
}

void RunWriter::flush() {
  Pending batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rethrow_error();
    std::swap(batch, pending_);
  }
  if (!batch.empty())
    commit(batch);
}

void RunWriter::finish(RunStatus status, const std::string& error) {
  if (finished_)
    throw Error("run " + std::to_string(run_id_) + " is already finished");
  stop_flusher();
  finished_ = true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rethrow_error();
  }
  flush();
  Statement s =
      db_->prepare(now("UPDATE runs SET status = ?1, finished_at = NOW, error = ?2 WHERE id = ?3"));
  s.bind(1, status_name(status));
  if (error.empty())
    s.bind_null(2);
  else
    s.bind(2, error);
  s.bind(3, run_id_);
  s.run();
}

} // namespace kiln::store
