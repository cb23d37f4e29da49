#include "core/store/sqlite.h"

#include <cmath>
#include <limits>

#include <sqlite3.h>

#include "core/util/error.h"

namespace kiln::store {

namespace {

// The words a person needs for SQLite's error classes; the rest keep SQLite's message.
std::string explain(int code, const std::string& path, const std::string& message) {
  switch (code & 0xff) {
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return "'" + path + "' is damaged or not a Kiln project (SQLite: " + message + ")";
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return "the project '" + path +
           "' is busy: another process is writing to it and did not let go in time (SQLite: " +
           message + ")";
  case SQLITE_READONLY:
    return "the project '" + path + "' is read-only (SQLite: " + message + ")";
  case SQLITE_FULL:
    return "the disk holding '" + path + "' is full (SQLite: " + message + ")";
  case SQLITE_CANTOPEN:
    return "cannot open '" + path + "' (SQLite: " + message + ")";
  default:
    return "project '" + path + "': " + message;
  }
}

} // namespace

Database::Database(const std::string& path, Mode mode, int busy_timeout_ms)
    : path_(path), mode_(mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == Mode::Create)
    flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(explain(rc, path, message));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Database::~Database() {
  sqlite3_close_v2(db_);
}

void Database::fail(int code, const std::string& what) const {
  const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  throw Error(explain(code, path_, what.empty() ? message : what + ": " + message));
}

void Database::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw Error(explain(rc, path_, text));
  }
}

Statement Database::prepare(const std::string& sql) {
  return Statement(*this, sql);
}

int64_t Database::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_);
}

int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

Statement::Statement(Database& db, const std::string& sql) : db_(&db), sql_(sql) {
  const int rc = sqlite3_prepare_v2(db.db_, sql.c_str(), -1, &stmt_, nullptr);
  if (rc != SQLITE_OK)
    db.fail(rc, "");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
  other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK)
    db_->fail(rc, "");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  const int rc = std::isnan(value) ? sqlite3_bind_null(stmt_, index)
                                   : sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK)
    db_->fail(rc, "");
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK)
    db_->fail(rc, "");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, size_t bytes) {
  // SQLite reads a null pointer as NULL; an empty blob stays a blob.
  static const char empty = 0;
  const int rc = sqlite3_bind_blob64(stmt_, index, bytes ? data : &empty, bytes, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK)
    db_->fail(rc, "");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK)
    db_->fail(rc, "");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  sqlite3_reset(stmt_);
  db_->fail(rc, "");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

double Statement::column_double(int index) const {
  if (column_is_null(index))
    return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, index);
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(stmt_, index)))
              : std::string();
}

std::vector<unsigned char> Statement::column_blob(int index) const {
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, index));
  const int bytes = sqlite3_column_bytes(stmt_, index);
  return data ? std::vector<unsigned char>(data, data + bytes) : std::vector<unsigned char>();
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (const Error&) {
      // SQLite rolls back by itself after some errors; nothing is left to undo then.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  db_.exec("BEGIN");
}

ReadTransaction::~ReadTransaction() {
  try {
    db_.exec("COMMIT");
  } catch (const Error&) {
    // A read transaction has nothing to lose; the connection is left usable by SQLite.
  }
}

} // namespace kiln::store
