#pragma once
// A small RAII layer over SQLite's C API for the project file: a connection, a prepared
// statement and a transaction. Every failure is a kiln::Error that names the file and says what
// SQLite reported, so no caller checks a return code.

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kiln::store {

class Statement;

class Database {
public:
  enum class Mode { ReadOnly, ReadWrite, Create };

  // Opens `path`; Create makes the file when it is missing. Waits up to busy_timeout_ms for a
  // lock another connection holds before a statement fails.
  Database(const std::string& path, Mode mode, int busy_timeout_ms = 5000);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return mode_ == Mode::ReadOnly; }

  // Runs one or more statements that return no rows.
  void exec(const std::string& sql);
  Statement prepare(const std::string& sql);
  int64_t last_insert_id() const;
  int64_t changes() const;

  // The kiln::Error for SQLite's current error on this connection, `what` saying what Kiln was
  // doing. Corruption and "not a database" read as a damaged project.
  [[noreturn]] void fail(int code, const std::string& what) const;

private:
  friend class Statement;
  std::string path_;
  Mode mode_;
  sqlite3* db_ = nullptr;
};

class Statement {
public:
  Statement(Database& db, const std::string& sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // Parameters count from 1, as in SQLite. A NaN double is stored as NULL (SQLite's own rule)
  // and reads back as NaN through column_double.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind_blob(int index, const void* data, size_t bytes);
  Statement& bind_null(int index);

  // Advances to the next row: false when there is none (the statement is done).
  bool step();
  // Runs a statement that returns no rows.
  void run();
  // Clears the bindings and rewinds, to run the statement again.
  void reset();

  bool column_is_null(int index) const;
  int64_t column_int(int index) const;
  double column_double(int index) const; // NaN for NULL
  std::string column_text(int index) const;
  std::vector<unsigned char> column_blob(int index) const;

private:
  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// BEGIN IMMEDIATE (takes the write lock now, waiting up to the busy timeout), COMMIT on
// commit(), ROLLBACK when it ends without one (an exception on the way).
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

private:
  Database& db_;
  bool done_ = false;
};

// BEGIN (deferred): one consistent snapshot for a reader across several statements.
class ReadTransaction {
public:
  explicit ReadTransaction(Database& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
  Database& db_;
};

} // namespace kiln::store
