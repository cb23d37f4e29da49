#pragma once
// The models and datasets of a project, and removing runs: what `kiln models`, `kiln datasets`
// and `kiln runs delete` do, and what a new run records before its draws.

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::store {

class Database;

struct ModelVersionInfo {
  int64_t id = 0;
  std::string model_name;
  std::string content_hash; // SHA-256 of the source
  std::string created_at;
  int64_t num_runs = 0;
};

struct DatasetInfo {
  int64_t id = 0;
  std::string name;
  std::string format;
  std::string content_hash;
  int64_t bytes = 0;
  std::string created_at;
};

// The id of the version of model `name` with this source, added (with the model) when new.
// Call inside a transaction.
int64_t ensure_model_version(Database& db, const std::string& name, const std::string& source,
                             const std::string& graph_json);
// The id of dataset `name` with this content, added when new. Call inside a transaction.
int64_t ensure_dataset(Database& db, const std::string& name, const std::string& format,
                       const std::string& content);

// Every model version, by model name then age.
std::vector<ModelVersionInfo> list_model_versions(Database& db);
// The versions of model `name`, oldest first; empty when there is no such model.
std::vector<ModelVersionInfo> model_versions(Database& db, const std::string& name);
std::string model_version_source(Database& db, int64_t version_id);
std::vector<DatasetInfo> list_datasets(Database& db);
std::string dataset_content(Database& db, int64_t dataset_id);

// Removes a run and everything it produced, in one transaction. Throws kiln::Error when there
// is no such run or it is still being written.
void delete_run(Database& db, int64_t run_id);

} // namespace kiln::store
