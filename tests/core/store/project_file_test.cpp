// Opening project files: a new project's schema, and the files Kiln must refuse without changing
// a byte (not SQLite, another program's SQLite database, damaged, from a newer Kiln, read-only),
// migration of an older schema after a backup, and runs whose writer died read as interrupted.
#include <QtTest/QtTest>

#include <filesystem>

#include "core/store/project_file.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"
#include "core/util/error.h"

using namespace kiln::store;

namespace {

QByteArray bytes_of(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void write_bytes(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(bytes);
}

int64_t pragma(Database& db, const std::string& name) {
  Statement s = db.prepare("PRAGMA " + name);
  return s.step() ? s.column_int(0) : -1;
}

// The message open_project throws, or "" when it opens.
QString open_error(const QString& path, Access access) {
  try {
    open_project(path.toStdString(), access);
    return {};
  } catch (const kiln::Error& e) {
    return QString::fromStdString(e.what());
  }
}

RunStart start_of(const std::string& model) {
  RunStart start;
  start.model_name = model;
  start.model_source = "def model():\n    pass\n";
  start.algorithm = "nuts";
  start.num_chains = 1;
  return start;
}

// A project with one finished run, closed (its WAL folded back into the file).
void make_project(const QString& path) {
  RunWriter writer(path.toStdString(), start_of("m"));
  writer.finish(RunStatus::Completed);
}

} // namespace

class ProjectFileTest : public QObject {
  Q_OBJECT

private slots:
  void newProjectIsMarkedAndVersioned() {
    const QString path = dir_.filePath("new/sub/p.kiln");
    auto db = open_project(path.toStdString(), Access::Write);
    QCOMPARE(pragma(*db, "application_id"), int64_t{kApplicationId});
    QCOMPARE(pragma(*db, "user_version"), int64_t{kSchemaVersion});
    Statement mode = db->prepare("PRAGMA journal_mode");
    QVERIFY(mode.step());
    QCOMPARE(mode.column_text(0), std::string("wal"));
    Statement check = db->prepare("PRAGMA integrity_check");
    QVERIFY(check.step());
    QCOMPARE(check.column_text(0), std::string("ok"));
  }

  void readingAMissingProjectCreatesNothing() {
    const QString path = dir_.filePath("missing.kiln");
    QVERIFY(open_error(path, Access::Read).contains("there is no project"));
    QVERIFY(!QFile::exists(path));
  }

  void foreignFilesAreRefusedUnchanged() {
    const QString text = dir_.filePath("notes.kiln");
    write_bytes(text, "this is not a database\n");
    for (Access a : {Access::Read, Access::Write})
      QVERIFY2(open_error(text, a).contains("is not a Kiln project (it is not a SQLite database)"),
               qPrintable(open_error(text, a)));
    QCOMPARE(bytes_of(text), QByteArray("this is not a database\n"));

    const QString empty = dir_.filePath("empty.kiln");
    write_bytes(empty, "");
    QVERIFY(open_error(empty, Access::Write).contains("not a Kiln project"));
    QCOMPARE(bytes_of(empty), QByteArray());

    const QString other = dir_.filePath("other.sqlite");
    {
      Database db(other.toStdString(), Database::Mode::Create);
      db.exec("CREATE TABLE things (x INTEGER); INSERT INTO things VALUES (1)");
    }
    const QByteArray before = bytes_of(other);
    for (Access a : {Access::Read, Access::Write})
      QVERIFY2(open_error(other, a).contains("is a SQLite database but not a Kiln project"),
               qPrintable(open_error(other, a)));
    QCOMPARE(bytes_of(other), before);
  }

  void futureVersionIsRefusedUnchanged() {
    const QString path = dir_.filePath("future.kiln");
    make_project(path);
    {
      Database db(path.toStdString(), Database::Mode::ReadWrite);
      db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
    }
    const QByteArray before = bytes_of(path);
    for (Access a : {Access::Read, Access::Write}) {
      const QString message = open_error(path, a);
      QVERIFY2(message.contains("was written by a newer Kiln (project schema 3; this Kiln reads "
                                "up to 2): update Kiln to open it"),
               qPrintable(message));
    }
    QCOMPARE(bytes_of(path), before);
  }

  void damagedFileIsRefusedUnchanged() {
    const QString path = dir_.filePath("damaged.kiln");
    make_project(path);
    QByteArray bytes = bytes_of(path);
    // Page 1 holds the file header (100 bytes) and then the schema table's b-tree page:
    // garbage there leaves a file that starts as SQLite and is marked as Kiln's, but is broken.
    for (int i = 100; i < 1000; ++i)
      bytes[i] = static_cast<char>(0xA5);
    write_bytes(path, bytes);
    for (Access a : {Access::Read, Access::Write}) {
      const QString message = open_error(path, a);
      QVERIFY2(message.contains("is damaged or not a Kiln project"), qPrintable(message));
    }
    QCOMPARE(bytes_of(path), bytes);
  }

  void readOnlyFileIsReadButNotWritten() {
    const QString path = dir_.filePath("readonly.kiln");
    make_project(path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
    const QByteArray before = bytes_of(path);
    const QString message = open_error(path, Access::Write);
    QVERIFY2(message.contains("is read-only: Kiln cannot store anything in it"),
             qPrintable(message));
    try {
      RunWriter writer(path.toStdString(), start_of("m"));
      QFAIL("a run was started in a read-only project");
    } catch (const kiln::Error& e) {
      QVERIFY(QString(e.what()).contains("read-only"));
    }
    RunReader reader(path.toStdString());
    QCOMPARE(reader.runs().size(), size_t{1});
    QCOMPARE(bytes_of(path), before);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
  }

  void olderSchemaIsMigratedAfterABackup() {
    const QString path = dir_.filePath("old.kiln");
    {
      // A project as schema 1 left it: no metrics or guide parameters tables.
      Database db(path.toStdString(), Database::Mode::Create);
      db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
      migrate(db, 0, 1);
      db.exec("INSERT INTO models (name, created_at) VALUES ('old', 'then')");
    }
    QVERIFY(open_error(path, Access::Read).contains("has an older schema (1)"));
    auto db = open_project(path.toStdString(), Access::Write);
    QCOMPARE(pragma(*db, "user_version"), int64_t{kSchemaVersion});
    db->exec("INSERT INTO metrics (run_id, name, step, value) VALUES (1, 'loss', 0, 1.5)");
    Statement model = db->prepare("SELECT name FROM models");
    QVERIFY(model.step());
    QCOMPARE(model.column_text(0), std::string("old"));

    const QString backup = path + ".schema-1.bak";
    QVERIFY(QFile::exists(backup));
    Database old(backup.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(pragma(old, "user_version"), int64_t{1});
    Statement old_model = old.prepare("SELECT name FROM models");
    QVERIFY(old_model.step());
    QCOMPARE(old_model.column_text(0), std::string("old"));
  }

  void runOfADeadWriterIsInterrupted() {
    const QString path = dir_.filePath("dead.kiln");
    make_project(path);
    {
      // A run whose writer is a process id that cannot exist (above Linux's pid_max).
      Database db(path.toStdString(), Database::Mode::ReadWrite);
      db.exec("UPDATE runs SET status = 'running', finished_at = NULL, "
              "writer = (SELECT substr(writer, 1, instr(writer, ' ')) || '99999999 1') "
              "WHERE id = 1");
    }
    {
      RunReader reader(path.toStdString()); // a reader sees it so and writes nothing
      QCOMPARE(reader.run(1).status, std::string("interrupted"));
    }
    {
      Database db(path.toStdString(), Database::Mode::ReadOnly);
      Statement s = db.prepare("SELECT status FROM runs WHERE id = 1");
      QVERIFY(s.step());
      QCOMPARE(s.column_text(0), std::string("running"));
    }
    auto db = open_project(path.toStdString(), Access::Write);
    Statement s = db->prepare("SELECT status, error FROM runs WHERE id = 1");
    QVERIFY(s.step());
    QCOMPARE(s.column_text(0), std::string("interrupted"));
    QVERIFY(!s.column_text(1).empty());
  }

  void aRunOfThisProcessIsNotInterrupted() {
    const QString path = dir_.filePath("alive.kiln");
    RunWriter writer(path.toStdString(), start_of("m"));
    open_project(path.toStdString(), Access::Write);
    RunReader reader(path.toStdString());
    QCOMPARE(reader.run(writer.run_id()).status, std::string("running"));
    writer.finish(RunStatus::Completed);
    QCOMPARE(reader.run(writer.run_id()).status, std::string("completed"));
  }

private:
  QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(ProjectFileTest)
#include "project_file_test.moc"
