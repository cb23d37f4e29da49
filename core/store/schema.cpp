#include "core/store/schema.h"

#include <string>

#include "core/store/sqlite.h"
#include "core/util/error.h"

namespace kiln::store {

namespace {

// Timestamps are UTC ISO 8601 text, as SQLite's strftime writes them. Draws and sampler
// statistics are chunks: `draws` holds num_draws rows of the run's layout width and `stats`
// num_draws rows of its statistics, float64 little-endian, row-major; the layout is stored
// once, in runs.layout_json. A chunk is one transaction, so a reader sees it whole or not.
const char* kVersion1 = R"sql(
CREATE TABLE project (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE model_versions (
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES models(id),
  source TEXT NOT NULL,
  graph_json TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (model_id, content_hash)
);
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  content BLOB NOT NULL,
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (name, content_hash)
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  model_version_id INTEGER NOT NULL REFERENCES model_versions(id),
  dataset_id INTEGER REFERENCES datasets(id),
  algorithm TEXT NOT NULL,
  config_json TEXT NOT NULL,
  seed INTEGER NOT NULL,
  num_chains INTEGER NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT,
  kiln_version TEXT NOT NULL,
  writer TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  layout_json TEXT,
  summary_hdi_prob REAL
);
CREATE TABLE chains (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  chain INTEGER NOT NULL,
  info_json TEXT NOT NULL,
  PRIMARY KEY (run_id, chain)
);
CREATE TABLE draw_chunks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  chain INTEGER NOT NULL,
  phase INTEGER NOT NULL,
  first_draw INTEGER NOT NULL,
  num_draws INTEGER NOT NULL,
  draws BLOB NOT NULL,
  stats BLOB NOT NULL,
  UNIQUE (run_id, chain, phase, first_draw)
);
CREATE TABLE summary_rows (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  mean REAL, sd REAL, hdi_lower REAL, hdi_upper REAL, mcse_mean REAL, mcse_sd REAL,
  ess_bulk REAL, ess_tail REAL, r_hat REAL,
  PRIMARY KEY (run_id, position)
);
)sql";

const char* kVersion2 = R"sql(
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;
CREATE TABLE guide_params (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  params_json TEXT NOT NULL
);
)sql";

const char* const kMigrations[] = {kVersion1, kVersion2};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion,
              "one migration per schema version");

} // namespace

void migrate(Database& db, int from, int to) {
  if (from < 0 || to > kSchemaVersion || from > to)
    throw Error("project '" + db.path() + "': no migration from schema " + std::to_string(from) +
                " to " + std::to_string(to));
  for (int v = from + 1; v <= to; ++v)
    db.exec(kMigrations[v - 1]);
  db.exec("PRAGMA user_version = " + std::to_string(to));
}

} // namespace kiln::store
