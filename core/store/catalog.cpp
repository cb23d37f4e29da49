#include "core/store/catalog.h"

#include "core/store/project_file.h"
#include "core/store/sha256.h"
#include "core/store/sqlite.h"
#include "core/util/error.h"

namespace kiln::store {

namespace {

std::string now_sql(const std::string& sql) {
  std::string out = sql;
  const std::string mark = "NOW";
  for (size_t at = out.find(mark); at != std::string::npos; at = out.find(mark))
    out.replace(at, mark.size(), kNowSql);
  return out;
}

ModelVersionInfo version_row(const Statement& s) {
  return {s.column_int(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_int(4)};
}

const char* kVersionColumns = "SELECT v.id, m.name, v.content_hash, v.created_at, "
                              "(SELECT count(*) FROM runs r WHERE r.model_version_id = v.id) "
                              "FROM model_versions v JOIN models m ON m.id = v.model_id ";

} // namespace

int64_t ensure_model_version(Database& db, const std::string& name, const std::string& source,
                             const std::string& graph_json) {
  db.prepare(now_sql("INSERT OR IGNORE INTO models (name, created_at) VALUES (?1, NOW)"))
      .bind(1, name)
      .run();
  Statement model = db.prepare("SELECT id FROM models WHERE name = ?1");
  model.bind(1, name);
  model.step();
  const int64_t model_id = model.column_int(0);
  const std::string hash = sha256_hex(source);
  db.prepare(now_sql("INSERT OR IGNORE INTO model_versions "
                     "(model_id, source, graph_json, content_hash, created_at) "
                     "VALUES (?1, ?2, ?3, ?4, NOW)"))
      .bind(1, model_id)
      .bind(2, source)
      .bind(3, graph_json)
      .bind(4, hash)
      .run();
  Statement version =
      db.prepare("SELECT id FROM model_versions WHERE model_id = ?1 AND content_hash = ?2");
  version.bind(1, model_id).bind(2, hash);
  version.step();
  return version.column_int(0);
}

int64_t ensure_dataset(Database& db, const std::string& name, const std::string& format,
                       const std::string& content) {
  const std::string hash = sha256_hex(content);
  db.prepare(now_sql("INSERT OR IGNORE INTO datasets "
                     "(name, format, content, content_hash, created_at) "
                     "VALUES (?1, ?2, ?3, ?4, NOW)"))
      .bind(1, name)
      .bind(2, format)
      .bind_blob(3, content.data(), content.size())
      .bind(4, hash)
      .run();
  Statement s = db.prepare("SELECT id FROM datasets WHERE name = ?1 AND content_hash = ?2");
  s.bind(1, name).bind(2, hash);
  s.step();
  return s.column_int(0);
}

std::vector<ModelVersionInfo> list_model_versions(Database& db) {
  Statement s = db.prepare(std::string(kVersionColumns) + "ORDER BY m.name, v.id");
  std::vector<ModelVersionInfo> out;
  while (s.step())
    out.push_back(version_row(s));
  return out;
}

std::vector<ModelVersionInfo> model_versions(Database& db, const std::string& name) {
  Statement s = db.prepare(std::string(kVersionColumns) + "WHERE m.name = ?1 ORDER BY v.id");
  s.bind(1, name);
  std::vector<ModelVersionInfo> out;
  while (s.step())
    out.push_back(version_row(s));
  return out;
}

std::string model_version_source(Database& db, int64_t version_id) {
  Statement s = db.prepare("SELECT source FROM model_versions WHERE id = ?1");
  s.bind(1, version_id);
  if (!s.step())
    throw Error("project '" + db.path() + "' has no model version " + std::to_string(version_id));
  return s.column_text(0);
}

std::vector<DatasetInfo> list_datasets(Database& db) {
  Statement s = db.prepare("SELECT id, name, format, content_hash, length(content), created_at "
                           "FROM datasets ORDER BY name, id");
  std::vector<DatasetInfo> out;
  while (s.step())
    out.push_back({s.column_int(0), s.column_text(1), s.column_text(2), s.column_text(3),
                   s.column_int(4), s.column_text(5)});
  return out;
}

std::string dataset_content(Database& db, int64_t dataset_id) {
  Statement s = db.prepare("SELECT content FROM datasets WHERE id = ?1");
  s.bind(1, dataset_id);
  if (!s.step())
    throw Error("project '" + db.path() + "' has no dataset " + std::to_string(dataset_id));
  const auto bytes = s.column_blob(0);
  return std::string(bytes.begin(), bytes.end());
}

void delete_run(Database& db, int64_t run_id) {
  Transaction t(db);
  Statement run = db.prepare("SELECT status, writer, "
                             "(julianday('now') - julianday(heartbeat_at)) * 86400.0 "
                             "FROM runs WHERE id = ?1");
  run.bind(1, run_id);
  if (!run.step())
    throw Error("project '" + db.path() + "' has no run " + std::to_string(run_id));
  if (effective_status(run.column_text(0), run.column_text(1), run.column_double(2)) == "running")
    throw Error("run " + std::to_string(run_id) + " is still being written; stop it first");
  for (const char* table : {"draw_chunks", "chains", "summary_rows", "metrics", "guide_params"})
    db.prepare(std::string("DELETE FROM ") + table + " WHERE run_id = ?1").bind(1, run_id).run();
  db.prepare("DELETE FROM runs WHERE id = ?1").bind(1, run_id).run();
  t.commit();
}

} // namespace kiln::store
