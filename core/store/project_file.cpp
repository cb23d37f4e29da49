#include "core/store/project_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/store/schema.h"
#include "core/store/writer_token.h"
#include "core/util/error.h"

namespace kiln::store {

namespace fs = std::filesystem;

namespace {

// Every SQLite file starts with these 16 bytes.
constexpr char kSqliteMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                   'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};

void check_is_sqlite(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw Error("cannot read '" + path + "'");
  char head[16] = {};
  file.read(head, sizeof(head));
  if (file.gcount() != sizeof(head) || std::memcmp(head, kSqliteMagic, sizeof(head)) != 0)
    throw Error("'" + path + "' is not a Kiln project (it is not a SQLite database)");
}

int pragma_int(Database& db, const std::string& name) {
  Statement s = db.prepare("PRAGMA " + name);
  return s.step() ? static_cast<int>(s.column_int(0)) : 0;
}

// A file nobody has written a table to yet (what SQLite leaves after a failed first open).
bool is_blank(Database& db) {
  Statement s = db.prepare("SELECT count(*) FROM sqlite_master");
  return s.step() && s.column_int(0) == 0;
}

void check_identity(Database& db, int version) {
  const std::string& path = db.path();
  if (pragma_int(db, "application_id") != kApplicationId)
    throw Error("'" + path + "' is a SQLite database but not a Kiln project");
  if (version > kSchemaVersion)
    throw Error("'" + path + "' was written by a newer Kiln (project schema " +
                std::to_string(version) + "; this Kiln reads up to " +
                std::to_string(kSchemaVersion) + "): update Kiln to open it");
  if (version < 1)
    throw Error("'" + path + "' is damaged: it is marked as a Kiln project but has no schema");
  // Reading the schema touches every table's root page: a damaged one fails here.
  Statement tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  tables.step();
  Statement runs = db.prepare("SELECT count(*) FROM runs");
  runs.step();
}

fs::path backup_path(const std::string& path, int version) {
  fs::path backup = path + ".schema-" + std::to_string(version) + ".bak";
  for (int i = 2; fs::exists(backup); ++i)
    backup = path + ".schema-" + std::to_string(version) + "." + std::to_string(i) + ".bak";
  return backup;
}

void quote_into(std::string& sql, const std::string& text) {
  sql += '\'';
  for (char c : text) {
    sql += c;
    if (c == '\'')
      sql += '\'';
  }
  sql += '\'';
}

void mark_interrupted(Database& db) {
  Statement running = db.prepare(
      "SELECT id, writer, (julianday('now') - julianday(heartbeat_at)) * 86400.0 FROM runs "
      "WHERE status = 'running'");
  std::vector<int64_t> dead;
  while (running.step())
    if (!writer_alive(running.column_text(1), running.column_double(2)))
      dead.push_back(running.column_int(0));
  if (dead.empty())
    return;
  Transaction t(db);
  Statement mark = db.prepare("UPDATE runs SET status = 'interrupted', finished_at = heartbeat_at, "
                              "error = ?2 WHERE id = ?1 AND status = 'running'");
  for (int64_t id : dead) {
    mark.bind(1, id).bind(2, std::string(kInterruptedError));
    mark.run();
    mark.reset();
  }
  t.commit();
}

// Builds the new project under a temporary name and links it into place when it is complete,
// so that a kill while creating leaves no half-made project behind (and a project another
// process made meanwhile is kept).
void create_project(const std::string& path) {
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty())
    fs::create_directories(parent, ec);
  if (ec)
    throw Error("cannot make the folder '" + parent.string() + "' for the project (" +
                ec.message() + ")");
  const std::string temporary = path + ".creating-" + std::to_string(::getpid());
  fs::remove(temporary, ec);
  {
    Database db(temporary, Database::Mode::Create);
    db.exec("PRAGMA journal_mode = WAL");
    // Nothing is durable before the link below, so the commit need not sync; closing does.
    db.exec("PRAGMA synchronous = NORMAL");
    Transaction t(db);
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    migrate(db, 0, kSchemaVersion);
    std::string sql = "INSERT INTO project (key, value) VALUES ('created_at', " +
                      std::string(kNowSql) + "), ('created_by', ";
    quote_into(sql, std::string("kiln ") + KILN_VERSION);
    db.exec(sql + ")");
    t.commit();
  } // closing folds the WAL into the file and removes it
  if (::link(temporary.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    // A file system without hard links: rename, which would replace a project made meanwhile.
    fs::rename(temporary, path, ec);
    if (ec)
      throw Error("cannot create the project '" + path + "' (" + ec.message() + ")");
  }
  fs::remove(temporary, ec);
}

} // namespace

std::unique_ptr<Database> open_project(const std::string& path, Access access) {
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (!exists) {
    if (access == Access::Read)
      throw Error("there is no project '" + path + "'");
    create_project(path);
  }
  if (!fs::is_regular_file(path, ec))
    throw Error("'" + path + "' is not a Kiln project (it is not a file)");
  check_is_sqlite(path);
  // A file with no write permission is read-only to Kiln, also for root, who could write it.
  const bool writable =
      ::access(path.c_str(), W_OK) == 0 &&
      (fs::status(path, ec).permissions() & (fs::perms::owner_write | fs::perms::group_write |
                                             fs::perms::others_write)) != fs::perms::none;
  if (access == Access::Write && !writable)
    throw Error("the project '" + path + "' is read-only: Kiln cannot store anything in it");

  // A reader of a writable file still opens it read-write, with query_only set: SQLite then
  // removes the WAL's side files when the last connection closes, which a read-only one cannot.
  auto db = std::make_unique<Database>(path, writable ? Database::Mode::ReadWrite
                                                      : Database::Mode::ReadOnly);
  if (access == Access::Read)
    db->exec("PRAGMA query_only = 1");
  const int version = pragma_int(*db, "user_version");
  if (version == 0 && pragma_int(*db, "application_id") == 0 && is_blank(*db))
    throw Error("'" + path + "' is not a Kiln project (it is an empty SQLite database)");
  if (version >= 1 && version < kSchemaVersion) {
    if (pragma_int(*db, "application_id") != kApplicationId)
      throw Error("'" + path + "' is a SQLite database but not a Kiln project");
    if (access == Access::Read)
      throw Error("the project '" + path + "' has an older schema (" + std::to_string(version) +
                  "); open it once for writing (e.g. kiln run --project) to update it");
    const fs::path backup = backup_path(path, version);
    std::string sql = "VACUUM INTO ";
    quote_into(sql, backup.string());
    db->exec(sql);
    Transaction t(*db);
    migrate(*db, version, kSchemaVersion);
    t.commit();
  }
  check_identity(*db, pragma_int(*db, "user_version"));
  if (access == Access::Write) {
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    mark_interrupted(*db);
  }
  return db;
}

std::string effective_status(const std::string& status, const std::string& writer,
                             double heartbeat_age_s) {
  if (status == "running" && !writer_alive(writer, heartbeat_age_s))
    return "interrupted";
  return status;
}

} // namespace kiln::store
