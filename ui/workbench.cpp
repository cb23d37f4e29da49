#include "ui/workbench.h"

#include <fstream>

#include <QAction>
#include <QSplitter>

#include "core/diagnostics/summary_format.h"
#include "core/lang/diagnostic.h"
#include "core/lang/model_file.h"
#include "core/store/run_export.h"
#include "core/store/run_reader.h"
#include "core/util/error.h"
#include "ui/code/code_editor.h"
#include "ui/common/qt_text.h"
#include "ui/console/console_view.h"
#include "ui/diagnostics/diagnostics_panel.h"
#include "ui/document/project_document.h"
#include "ui/graph/graph_view.h"
#include "ui/graph/node_inspector.h"
#include "ui/graph/shape_probe.h"
#include "ui/main_window.h"
#include "ui/model/model_analysis.h"
#include "ui/model/model_analyzer.h"
#include "ui/model/model_view.h"
#include "ui/run/run_controller.h"
#include "ui/run/run_settings_panel.h"

namespace kiln::ui {

Workbench::Workbench(Settings& settings, QObject* parent)
    : QObject(parent), m_window(std::make_unique<MainWindow>(settings)) {
  MainWindow& w = *m_window;
  ProjectDocument& doc = w.document();

  // The graph and the inspector share the right side of the Model view.
  auto* side = new QSplitter(Qt::Vertical);
  m_graph = new GraphView(side);
  m_inspector = new NodeInspector(side);
  side->addWidget(m_graph);
  side->addWidget(m_inspector);
  side->setStretchFactor(0, 3);
  side->setStretchFactor(1, 1);
  side->setSizes({480, 160});
  w.setGraphWidget(side);
  // Code and graph share the centre about evenly: a graph squeezed to a strip is unreadable.
  w.modelView().setSizes({620, 520});
  m_shapes = new ShapeProbe(this);
  connect(&w.analyzer(), &ModelAnalyzer::analyzed, this, &Workbench::analyzed);
  connect(m_graph, &GraphView::nodeSelected, m_inspector, &NodeInspector::showNode);
  connect(m_inspector, &NodeInspector::nodeRequested, m_graph, &GraphView::selectNode);
  connect(m_graph, &GraphView::siteActivated, this, [this](const QString&, int line, int column) {
    m_window->codeEditor().goToSpan(line, column);
  });
  connect(m_shapes, &ShapeProbe::shapesReady, m_inspector, &NodeInspector::setShapes);

  m_runSettings = new RunSettingsPanel;
  w.setRunSettingsWidget(m_runSettings);
  m_diagnostics = new DiagnosticsPanel;
  w.setDiagnosticsWidget(m_diagnostics);
  m_controller = new RunController(this);

  connect(&w, &MainWindow::runRequested, this, &Workbench::startRun);
  connect(m_runSettings, &RunSettingsPanel::runRequested, this, &Workbench::startRun);
  connect(&w, &MainWindow::stopRequested, m_controller, &RunController::stop);
  connect(m_runSettings, &RunSettingsPanel::stopRequested, m_controller, &RunController::stop);
  connect(m_controller, &RunController::runningChanged, this, [this](bool running) {
    m_runSettings->setRunning(running);
    m_window->runAction()->setEnabled(!running);
    m_window->stopAction()->setEnabled(running);
  });
  m_window->stopAction()->setEnabled(false);
  connect(m_controller, &RunController::runStarted, this, &Workbench::runStarted);
  connect(m_controller, &RunController::runFinished, this, &Workbench::runFinished);
  connect(&w, &MainWindow::runSelected, this, [this](int64_t id) { showRun(id); });
  connect(&w, &MainWindow::compareRequested, this, &Workbench::compareWith);
  connect(&w, &MainWindow::exportRequested, this, &Workbench::exportInteractively);

  connect(&doc, &ProjectDocument::datasetListChanged, this, &Workbench::updateDatasets);
  connect(&doc, &ProjectDocument::projectOpened, this, &Workbench::updateDatasets);
  connect(&doc, &ProjectDocument::currentDatasetChanged, m_runSettings,
          &RunSettingsPanel::setDataset);
  updateDatasets();
}

Workbench::~Workbench() {
  // The controller finishes a run still going before the window and its document go.
  delete m_controller;
  m_controller = nullptr;
}

void Workbench::updateDatasets() {
  ProjectDocument& doc = m_window->document();
  m_runSettings->setDatasets(doc.datasetNames());
  m_runSettings->setDataset(doc.currentDatasetName());
}

void Workbench::analyzed(const ModelAnalysis& analysis) {
  if (!analysis.graph) {
    m_graph->setStale(true); // the last valid graph stays, greyed
    return;
  }
  m_graph->setGraph(*analysis.graph);
  m_graph->setStale(false);
  m_inspector->setGraph(*analysis.graph);
  ProjectDocument& doc = m_window->document();
  QString error;
  const std::shared_ptr<const lang::DataMap> data = doc.currentData(&error);
  if (!data) {
    m_inspector->clearShapes();
    return;
  }
  try {
    lang::DiagnosticSink sink;
    const std::string name = utf8_text(doc.currentModelName());
    const lang::ModelFile file(lang::Source(name + ".py", utf8_text(analysis.text)), sink);
    if (file.ok())
      m_shapes->probe(file.bind(*data, name + " data"));
  } catch (const std::exception& e) {
    m_inspector->clearShapes(); // the trial run's error is the analyzer's to report
  }
}

bool Workbench::startRun() {
  ProjectDocument& doc = m_window->document();
  ConsoleView& console = m_window->console();
  if (!doc.isOpen() || doc.currentModelName().isEmpty()) {
    console.error(tr("Open a project and choose a model before running."));
    return false;
  }
  if (m_controller->isRunning()) {
    console.warning(tr("A run is going; stop it first (Shift+F5)."));
    return false;
  }
  RunRequest request = m_runSettings->request();
  request.projectPath = doc.path();
  request.modelName = doc.currentModelName();
  request.modelSource = doc.currentModelSource();
  if (!request.datasetName.isEmpty()) {
    const DatasetEntry* dataset = doc.dataset(request.datasetName);
    if (!dataset) {
      console.error(tr("The project has no dataset '%1'.").arg(request.datasetName));
      return false;
    }
    request.datasetFormat = dataset->format;
    request.datasetContent = QString::fromUtf8(dataset->content);
  }
  console.message(tr("Running %1 (%2) on %3...")
                      .arg(request.modelName, request.algorithm.toUpper(),
                           request.datasetName.isEmpty() ? tr("no data") : request.datasetName));
  return m_controller->start(request);
}

void Workbench::runStarted(qint64 runId) {
  m_window->document().reloadRuns();
  showRun(runId);
}

void Workbench::runFinished(qint64 runId, const QString& status, const QString& error) {
  ConsoleView& console = m_window->console();
  if (status == "failed")
    console.error(tr("Run %1 failed: %2").arg(runId).arg(error));
  else
    console.message(tr("Run %1 %2.").arg(runId).arg(status));
  m_window->document().reloadRuns();
}

void Workbench::showRun(qint64 runId) {
  m_shownRun = runId;
  m_diagnostics->showRun(m_window->document().path(), runId);
}

void Workbench::compareWith(qint64 otherRunId) {
  m_diagnostics->compareWith(otherRunId);
}

void Workbench::exportInteractively() {
  MainWindow& w = *m_window;
  const QString path = w.prompts().saveFileName(
      &w, tr("Export the shown run"),
      tr("ArviZ JSON (*.json);;Draws, long CSV (*.csv);;Summary CSV (*summary.csv)"));
  if (path.isEmpty())
    return;
  QString error;
  if (exportShownRun(path, &error))
    w.console().message(tr("Exported run %1 to %2").arg(m_shownRun).arg(path));
  else
    w.prompts().showError(&w, error);
}

bool Workbench::exportShownRun(const QString& path, QString* error) {
  if (m_shownRun == 0) {
    *error = tr("No run is shown to export.");
    return false;
  }
  try {
    store::RunReader reader(utf8_text(m_window->document().path()));
    std::ofstream out(utf8_text(path), std::ios::binary);
    if (!out)
      throw Error("cannot write '" + utf8_text(path) + "'");
    if (path.endsWith(".json"))
      store::write_arviz_json(out, reader, m_shownRun);
    else if (path.endsWith("summary.csv"))
      out << diagnostics::format_summary_csv(store::run_summary(reader, m_shownRun));
    else
      store::write_long_csv(out, reader, m_shownRun);
    out.close();
    if (!out)
      throw Error("writing '" + utf8_text(path) + "' failed");
    return true;
  } catch (const std::exception& e) {
    *error = error_message(e);
    return false;
  }
}

} // namespace kiln::ui
