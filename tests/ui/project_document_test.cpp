#include <QtTest/QtTest>

#include <QUndoStack>

#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/sqlite.h"
#include "tests/support/kiln_process.h"
#include "ui/document/demo_project.h"
#include "ui/document/edit_model_source.h"
#include "ui/document/project_document.h"

using kiln::ui::ProjectDocument;

namespace {

const QString kExamples = QStringLiteral(KILN_SOURCE_DIR "/examples");

void writeFile(const QString& path, const QByteArray& content) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(content);
}

QByteArray readFile(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class ProjectDocumentTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  QString path(const QString& name) const { return m_dir.filePath(name); }

private slots:
  void new_project_is_empty_and_a_saved_model_reopens() {
    ProjectDocument document;
    QSignalSpy opened(&document, &ProjectDocument::projectOpened);
    QString error;
    QVERIFY2(document.newProject(path("new.kiln"), &error), qPrintable(error));
    QCOMPARE(opened.count(), 1);
    QVERIFY(document.modelNames().isEmpty());
    QVERIFY(!document.isModified());

    QVERIFY(document.addModel("coin", "def model():\n    pass\n", &error));
    QCOMPARE(document.currentModelName(), QString("coin"));
    QVERIFY(document.isModified());
    QVERIFY(document.save(&error));
    QVERIFY(!document.isModified());

    ProjectDocument again;
    QVERIFY(again.openProject(path("new.kiln"), &error));
    QCOMPARE(again.modelNames(), QStringList{"coin"});
    QCOMPARE(again.currentModelSource(), QString("def model():\n    pass\n"));
  }

  void an_existing_file_is_not_made_a_new_project() {
    writeFile(path("exists.kiln"), "something");
    ProjectDocument document;
    QString error;
    QVERIFY(!document.newProject(path("exists.kiln"), &error));
    QVERIFY2(error.contains("exists"), qPrintable(error));
    QCOMPARE(readFile(path("exists.kiln")), QByteArray("something"));
  }

  void edits_undo_and_redo_and_saving_stores_a_new_version() {
    ProjectDocument document;
    QString error;
    QVERIFY(document.newProject(path("edits.kiln"), &error));
    QVERIFY(document.addModel("m", "a = 1\n", &error));
    QVERIFY(document.save(&error));
    QCOMPARE(document.undoStack()->count(), 0); // a save is where the history starts

    QSignalSpy sourceChanged(&document, &ProjectDocument::modelSourceChanged);
    QSignalSpy modified(&document, &ProjectDocument::modifiedChanged);
    document.editModelSource("a = 12\n");
    document.editModelSource("a = 123\n"); // typing on: merges with the edit before
    QCOMPARE(document.undoStack()->count(), 1);
    QCOMPARE(document.currentModelSource(), QString("a = 123\n"));
    QVERIFY(document.isModified());
    QVERIFY(document.isModelModified("m"));
    QCOMPARE(modified.count(), 1);

    document.undoStack()->undo();
    QCOMPARE(document.currentModelSource(), QString("a = 1\n"));
    QVERIFY(!document.isModified());
    document.undoStack()->redo();
    QCOMPARE(document.currentModelSource(), QString("a = 123\n"));
    QCOMPARE(sourceChanged.count(), 4);
    QCOMPARE(sourceChanged.last().at(1).toString(), QString("a = 123\n"));

    QVERIFY(document.save(&error));
    auto db =
        kiln::store::open_project(path("edits.kiln").toStdString(), kiln::store::Access::Read);
    const auto versions = kiln::store::model_versions(*db, "m");
    QCOMPARE(versions.size(), size_t(2));
    QCOMPARE(kiln::store::model_version_source(*db, versions.back().id), std::string("a = 123\n"));
  }

  void edits_merge_only_while_typing_goes_on() {
    ProjectDocument document;
    QString error;
    QVERIFY(document.newProject(path("pause.kiln"), &error));
    QVERIFY(document.addModel("m", "", &error));
    document.editModelSource("x");
    QTest::qWait(kiln::ui::EditModelSource::kMergeWindowMs + 100);
    document.editModelSource("xy");
    // AddModel, then two edits a pause apart.
    QCOMPARE(document.undoStack()->count(), 3);
    document.undoStack()->undo();
    QCOMPARE(document.currentModelSource(), QString("x"));
  }

  void adding_a_model_undoes_and_names_must_be_new() {
    ProjectDocument document;
    QString error;
    QVERIFY(document.newProject(path("add.kiln"), &error));
    QVERIFY(document.addModel("first", "", &error));
    QVERIFY(!document.addModel("first", "", &error));
    QVERIFY2(error.contains("first"), qPrintable(error));
    QVERIFY(!document.addModel(" padded", "", &error));
    QVERIFY(document.addModel("second", "", &error));
    QCOMPARE(document.currentModelName(), QString("second"));
    document.undoStack()->undo();
    QCOMPARE(document.modelNames(), QStringList{"first"});
    QCOMPARE(document.currentModelName(), QString("first"));
  }

  void a_damaged_or_foreign_file_keeps_the_open_project() {
    ProjectDocument document;
    QString error;
    QVERIFY(document.newProject(path("good.kiln"), &error));
    QVERIFY(document.addModel("kept", "", &error));
    QVERIFY(document.save(&error));

    // Not SQLite at all.
    QByteArray garbage(4096, 'x');
    writeFile(path("damaged.kiln"), garbage);
    QSignalSpy opened(&document, &ProjectDocument::projectOpened);
    QVERIFY(!document.openProject(path("damaged.kiln"), &error));
    QVERIFY2(error.contains("damaged.kiln"), qPrintable(error));
    // Another program's SQLite file.
    {
      kiln::store::Database other(path("foreign.kiln").toStdString(),
                                  kiln::store::Database::Mode::Create);
      other.exec("CREATE TABLE notes (text TEXT)");
    }
    QVERIFY(!document.openProject(path("foreign.kiln"), &error));
    QVERIFY2(error.contains("foreign.kiln"), qPrintable(error));
    QVERIFY(!document.openProject(path("missing.kiln"), &error));
    QVERIFY2(error.contains("no such file"), qPrintable(error));

    QCOMPARE(opened.count(), 0);
    QCOMPARE(document.path(), QFileInfo(path("good.kiln")).absoluteFilePath());
    QCOMPARE(document.modelNames(), QStringList{"kept"});
    QCOMPARE(readFile(path("damaged.kiln")), garbage); // untouched
  }

  void imported_data_is_checked_and_undoes() {
    ProjectDocument document;
    QString error;
    QVERIFY(document.newProject(path("data.kiln"), &error));
    writeFile(path("bad.csv"), "x,y\n1,2\n3\n");
    QVERIFY(!document.importDataset(path("bad.csv"), &error));
    QVERIFY2(error.contains("bad.csv:3"), qPrintable(error)); // the file and its line
    QVERIFY(document.datasetNames().isEmpty());

    writeFile(path("good.csv"), "x,y\n1,2.5\n3,4\n");
    QVERIFY(document.importDataset(path("good.csv"), &error));
    QCOMPARE(document.currentDatasetName(), QString("good.csv"));
    const auto data = document.currentData(&error);
    QVERIFY(data);
    QCOMPARE(data->count("y"), size_t(1));
    QVERIFY(document.isModified());
    document.undoStack()->undo();
    QVERIFY(document.datasetNames().isEmpty());
    QVERIFY(document.currentDatasetName().isEmpty());
    QVERIFY(!document.isModified());
    document.undoStack()->redo();
    QVERIFY(document.save(&error));
    ProjectDocument again;
    QVERIFY(again.openProject(path("data.kiln"), &error));
    QCOMPARE(again.datasetNames(), QStringList{"good.csv"});
  }

  void the_demo_project_pairs_each_model_with_its_dataset() {
    QString error;
    const QString demo = path("demo/demo.kiln");
    QVERIFY2(kiln::ui::ensureDemoProject(demo, kExamples, &error), qPrintable(error));
    const QByteArray made = readFile(demo);
    QVERIFY(kiln::ui::ensureDemoProject(demo, kExamples, &error)); // there already: kept
    QCOMPARE(readFile(demo), made);
    QVERIFY(!QFileInfo::exists(demo + ".partial"));

    ProjectDocument document;
    QVERIFY2(document.openProject(demo, &error), qPrintable(error));
    for (const char* model :
         {"eight_schools_noncentered", "linear_regression", "lda_svi", "gmm_svi"})
      QVERIFY2(document.modelNames().contains(model), model);
    QVERIFY(document.setCurrentModel("lda_svi"));
    QCOMPARE(document.currentDatasetName(), QString("lda.json"));
    QVERIFY(document.setCurrentModel("eight_schools_noncentered"));
    QCOMPARE(document.currentDatasetName(), QString("eight_schools.json"));
    QCOMPARE(document.currentModelSource().toUtf8(),
             readFile(kExamples + "/eight_schools_noncentered.py"));
    const auto data = document.currentData(&error);
    QVERIFY(data && data->count("sigma") == 1);

    QVERIFY(!kiln::ui::ensureDemoProject(path("nowhere/demo.kiln"), "", &error));
    QVERIFY2(error.contains("KILN_EXAMPLES_DIR"), qPrintable(error));
  }

  void runs_are_listed_with_their_status_and_new_ones_show_up() {
    const QString project = path("runs.kiln");
    const QStringList run{"run",       kExamples + "/coin_flip.py",
                          "--data",    kExamples + "/coin_flip.json",
                          "--project", project,
                          "--chains",  "1",
                          "--warmup",  "50",
                          "--draws",   "50"};
    auto r = kiln::test::run_kiln(run);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    ProjectDocument document;
    QSignalSpy runsChanged(&document, &ProjectDocument::runsChanged);
    QString error;
    QVERIFY(document.openProject(project, &error));
    QCOMPARE(runsChanged.count(), 1);
    QCOMPARE(document.runs().size(), size_t(1));
    QCOMPARE(document.runs()[0].status, std::string("completed"));
    QCOMPARE(document.modelNames(), QStringList{"coin_flip"});
    QCOMPARE(document.currentDatasetName(), QString("coin_flip.json"));

    // Nothing changed: reading again announces nothing.
    document.reloadRuns();
    QCOMPARE(runsChanged.count(), 1);
    // A run written by another program while the project is open appears by itself.
    r = kiln::test::run_kiln(run);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QTRY_COMPARE_WITH_TIMEOUT(document.runs().size(), size_t(2),
                              ProjectDocument::kIdlePollMs + 3000);
    QCOMPARE(runsChanged.count(), 2);
  }
};

QTEST_MAIN(ProjectDocumentTest)
#include "project_document_test.moc"
