#pragma once
// The project file's schema, as the list of migrations that build it: migration k takes a file
// from schema version k - 1 to k, and a new project is an empty file taken from 0 to the
// current version. SQLite's header holds the version (user_version) and marks the file as
// Kiln's (application_id), so both are read without touching a table.

#include <cstdint>

namespace kiln::store {

class Database;

// "KILN" in ASCII.
constexpr int32_t kApplicationId = 0x4B494C4E;
// 1: models, datasets, runs, draw chunks, chains, summaries. 2: metrics and guide parameters
// (SVI).
constexpr int kSchemaVersion = 2;

// Applies migrations from + 1 .. to inside the caller's transaction and sets user_version.
void migrate(Database& db, int from, int to);

} // namespace kiln::store
