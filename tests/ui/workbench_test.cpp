// The workbench as a person uses it, through its widgets: open the demo project, break the code
// (a marker appears, the graph greys) and fix it, run NUTS on eight schools with F5 while the
// event loop is watched (no wait over 100 ms), check the plots against the stored draws, run SVI
// on the LDA example and stop it with Shift+F5 (kept, cancelled), reopen the first run from the
// Project dock, and export it.
#include <QtTest/QtTest>

#include <algorithm>
#include <chrono>
#include <functional>

#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSettings>
#include <QSpinBox>
#include <QUndoStack>

#include "core/store/run_reader.h"
#include "ui/common/aten.h"
#include "ui/code/code_editor.h"
#include "ui/diagnostics/diagnostics_panel.h"
#include "ui/diagnostics/run_model.h"
#include "ui/document/demo_project.h"
#include "ui/document/project_document.h"
#include "ui/graph/graph_view.h"
#include "ui/main_window.h"
#include "ui/run/run_controller.h"
#include "ui/run/run_settings_panel.h"
#include "ui/settings.h"
#include "ui/workbench.h"

using namespace kiln::ui;

namespace {

// Runs the event loop until `done`, returning the longest time it went without serving a 10 ms
// timer (what a person sees as a freeze).
qint64 longestGap(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer clock, since;
  clock.start();
  since.start();
  qint64 gap = 0;
  QTimer timer;
  timer.setInterval(10);
  QObject::connect(&timer, &QTimer::timeout, [&] { gap = std::max(gap, since.restart()); });
  timer.start();
  while (!done() && clock.elapsed() < timeoutMs)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  return gap;
}

void setSpin(RunSettingsPanel& panel, const char* name, int value) {
  auto* box = panel.findChild<QSpinBox*>(name);
  QVERIFY2(box, name);
  box->setValue(value);
}

void setCombo(RunSettingsPanel& panel, const char* name, const QString& text) {
  auto* box = panel.findChild<QComboBox*>(name);
  QVERIFY2(box, name);
  const int i = box->findText(text, Qt::MatchFixedString);
  QVERIFY2(i >= 0, qPrintable(text));
  box->setCurrentIndex(i);
}

} // namespace

class WorkbenchTest : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath("demo.kiln");
    QString error;
    QVERIFY2(ensureDemoProject(m_project, KILN_SOURCE_DIR "/examples", &error), qPrintable(error));
    m_store = std::make_unique<QSettings>(m_dir.filePath("settings.ini"), QSettings::IniFormat);
    m_settings = std::make_unique<Settings>(*m_store);
    m_bench = std::make_unique<Workbench>(*m_settings);
    MainWindow::Prompts prompts = MainWindow::dialogPrompts();
    prompts.askToSave = [](QWidget*, const QString&) { return QMessageBox::Discard; };
    prompts.showError = [this](QWidget*, const QString& message) { m_errors << message; };
    m_bench->window().setPrompts(prompts);
    m_bench->window().resize(1600, 1000);
    m_bench->window().show();
    QVERIFY(m_bench->window().openProject(m_project));
  }

  void brokenCodeMarksTheLineAndGreysTheGraph() {
    ProjectDocument& doc = m_bench->window().document();
    QVERIFY(doc.setCurrentModel("eight_schools_noncentered"));
    GraphView& graph = m_bench->graphView();
    QTRY_VERIFY_WITH_TIMEOUT(!graph.nodeItems().empty() && !graph.isStale(), 10000);
    CodeEditor& editor = m_bench->window().codeEditor();
    const QString good = editor.text();
    // An unknown name on the line of the first sample site.
    const int line = good.split('\n').indexOf(QRegularExpression(".*pyro\\.sample.*"));
    QVERIFY(line >= 0);
    editor.setCursorPosition(line, 0);
    editor.setFocus();
    QTest::keyClicks(editor.viewport(), "undefined_name + ");
    QTRY_VERIFY_WITH_TIMEOUT(editor.markersAtLine(line) & (1 << CodeEditor::kErrorMarker), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(graph.isStale(), 10000);
    QVERIFY(!graph.nodeItems().empty()); // the last valid graph stays
    // Fixed by undo: the marker goes and the graph is live again.
    while (editor.text() != good && doc.undoStack()->canUndo())
      doc.undoStack()->undo();
    QCOMPARE(editor.text(), good);
    QTRY_VERIFY_WITH_TIMEOUT(!(editor.markersAtLine(line) & (1 << CodeEditor::kErrorMarker)),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(!graph.isStale(), 10000);
  }

  void nutsRunsLiveWithoutFreezingAndPlotsTheStoredDraws() {
    RunSettingsPanel& panel = m_bench->runSettings();
    setCombo(panel, "algorithm", "NUTS");
    setSpin(panel, "chains", 2);
    setSpin(panel, "warmup", 300);
    setSpin(panel, "samples", 300);
    RunController& controller = m_bench->controller();
    QSignalSpy finished(&controller, &RunController::runFinished);
    QTest::keyClick(&m_bench->window(), Qt::Key_F5);
    QVERIFY(controller.isRunning());
    const qint64 gap = longestGap([&] { return !finished.isEmpty(); }, 120000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(1).toString(), QString("completed"));
    qInfo("NUTS: the event loop's longest wait was %lld ms", gap);
    QVERIFY2(gap <= 100, qPrintable(QString("the event loop waited %1 ms").arg(gap)));
    m_nutsRun = finished.at(0).at(0).toLongLong();
    QCOMPARE(m_bench->shownRun(), m_nutsRun);

    // The trace plot's data are the stored draws.
    DiagnosticsPanel& diagnostics = m_bench->diagnostics();
    QTRY_VERIFY_WITH_TIMEOUT(!diagnostics.isLive(), 10000);
    kiln::store::RunReader reader(m_project.toStdString());
    const auto stored = reader.draws(m_nutsRun, 0, kiln::store::Phase::Sampling);
    QCOMPARE(stored.values.size(0), int64_t{300});
    const RunData& data = diagnostics.model()->data();
    QCOMPARE(data.chains().size(), size_t{2});
    const PhaseDraws& shown = data.chains()[0].sampling;
    QCOMPARE(shown.rows, int64_t{300});
    const at::Tensor values = stored.values.contiguous();
    QVERIFY(std::equal(shown.values.begin(), shown.values.end(), values.data_ptr<double>()));
  }

  void sviOnLdaStopsAndKeepsWhatItFitted() {
    ProjectDocument& doc = m_bench->window().document();
    QVERIFY(doc.setCurrentModel("lda_svi"));
    RunSettingsPanel& panel = m_bench->runSettings();
    setCombo(panel, "algorithm", "SVI");
    setCombo(panel, "elbo", "TraceEnum_ELBO");
    setCombo(panel, "guide", "AutoDelta");
    setSpin(panel, "steps", 100000);
    RunController& controller = m_bench->controller();
    QSignalSpy started(&controller, &RunController::runStarted);
    QSignalSpy progress(&controller, &RunController::sviProgress);
    QSignalSpy finished(&controller, &RunController::runFinished);
    QTest::keyClick(&m_bench->window(), Qt::Key_F5);
    const qint64 gap = longestGap([&] { return progress.size() >= 3; }, 120000);
    QVERIFY2(progress.size() >= 3, "no SVI progress");
    QTest::keyClick(&m_bench->window(), Qt::Key_F5, Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    qInfo("SVI: the event loop's longest wait was %lld ms", gap);
    QVERIFY2(gap <= 100, qPrintable(QString("the event loop waited %1 ms").arg(gap)));
    QCOMPARE(finished.at(0).at(1).toString(), QString("cancelled"));
    kiln::store::RunReader reader(m_project.toStdString());
    const qint64 id = finished.at(0).at(0).toLongLong();
    QCOMPARE(QString::fromStdString(reader.run(id).status), QString("cancelled"));
    QVERIFY(!reader.metrics(id).empty());
  }

  void reopenedRunShowsWhatWasStoredAndExports() {
    emit m_bench->window().runSelected(m_nutsRun);
    QCOMPARE(m_bench->shownRun(), m_nutsRun);
    DiagnosticsPanel& diagnostics = m_bench->diagnostics();
    QTRY_VERIFY_WITH_TIMEOUT(diagnostics.model()->data().chains().size() == 2, 10000);
    QVERIFY(!diagnostics.isLive());
    const QString out = m_dir.filePath("run.json");
    QString error;
    QVERIFY2(m_bench->exportShownRun(out, &error), qPrintable(error));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonDocument json = QJsonDocument::fromJson(file.readAll());
    QVERIFY(json.object().contains("posterior"));
    QVERIFY(m_errors.isEmpty());
  }

  void cleanupTestCase() { m_bench.reset(); }

private:
  QTemporaryDir m_dir;
  QString m_project;
  std::unique_ptr<QSettings> m_store;
  std::unique_ptr<Settings> m_settings;
  std::unique_ptr<Workbench> m_bench;
  QStringList m_errors;
  qint64 m_nutsRun = 0;
};

QTEST_MAIN(WorkbenchTest)
#include "workbench_test.moc"
