#include "ui/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QUndoStack>

#include "ui/code/code_editor.h"
#include "ui/common/qt_text.h"
#include "ui/console/console_view.h"
#include "ui/document/project_document.h"
#include "ui/model/model_analyzer.h"
#include "ui/model/model_view.h"
#include "ui/project/project_tree.h"
#include "ui/settings.h"

namespace kiln::ui {

namespace {

const char* const kProjectFilter = QT_TRANSLATE_NOOP("MainWindow", "Kiln projects (*.kiln)");
const char* const kDataFilter = QT_TRANSLATE_NOOP("MainWindow", "Data (*.json *.csv)");

// What File > New Model starts from: a model that runs, to be edited.
const char* const kNewModelSource = R"(import torch
import pyro
import pyro.distributions as dist


def model():
    mu = pyro.sample("mu", dist.Normal(0., 1.))
)";

QLabel* placeholder(const QString& text) {
  auto* label = new QLabel(text);
  label->setAlignment(Qt::AlignCenter);
  label->setEnabled(false);
  return label;
}

QString analysisSummary(const ModelAnalysis& analysis) {
  int errors = 0, warnings = 0;
  for (const auto& d : analysis.diagnostics) {
    errors += d.severity == lang::Severity::error;
    warnings += d.severity == lang::Severity::warning;
  }
  if (errors == 0 && warnings == 0)
    return MainWindow::tr("model ok");
  const auto count = [](int n, const char* one, const char* many) {
    return QString("%1 %2").arg(n).arg(n == 1 ? one : many);
  };
  const QString summary =
      count(errors, "error", "errors") + ", " + count(warnings, "warning", "warnings");
  // The first one in words, so the status bar says what to fix without a hover.
  const lang::Diagnostic& first = analysis.diagnostics.front();
  const std::string message = first.message.substr(0, first.message.find('\n'));
  return summary + MainWindow::tr(" — line %1: %2").arg(first.span.line).arg(qt_text(message));
}

} // namespace

MainWindow::Prompts MainWindow::dialogPrompts() {
  Prompts p;
  p.askToSave = [](QWidget* parent, const QString& question) {
    return QMessageBox::question(parent, tr("Unsaved changes"), question,
                                 QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                 QMessageBox::Save);
  };
  p.showError = [](QWidget* parent, const QString& message) {
    QMessageBox::warning(parent, tr("Kiln Studio"), message);
  };
  p.openFileName = [](QWidget* parent, const QString& caption, const QString& filter) {
    return QFileDialog::getOpenFileName(parent, caption, {}, filter);
  };
  p.saveFileName = [](QWidget* parent, const QString& caption, const QString& filter) {
    return QFileDialog::getSaveFileName(parent, caption, {}, filter);
  };
  p.modelName = [](QWidget* parent) {
    return QInputDialog::getText(parent, tr("New model"), tr("Name of the model:"));
  };
  return p;
}

MainWindow::MainWindow(Settings& settings, QWidget* parent)
    : QMainWindow(parent), m_settings(settings), m_prompts(dialogPrompts()),
      m_document(new ProjectDocument(this)), m_modelView(new ModelView(*m_document, this)),
      m_console(new ConsoleView), m_projectTree(new ProjectTree(*m_document)) {
  setObjectName("mainWindow");
  setCentralWidget(m_modelView);
  createDocks();
  createActions();
  statusBar()->showMessage(tr("Open a project (File > Open) or create one (File > New)."));

  connect(m_document, &ProjectDocument::projectOpened, this, &MainWindow::projectOpened);
  connect(m_document, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
  connect(m_document, &ProjectDocument::currentModelChanged, this, &MainWindow::updateTitle);
  connect(m_projectTree, &ProjectTree::runActivated, this, &MainWindow::runSelected);
  connect(m_projectTree, &ProjectTree::runCompareRequested, this, &MainWindow::compareRequested);
  connect(m_modelView, &ModelView::dataProblem, m_console, &ConsoleView::warning);
  connect(&analyzer(), &ModelAnalyzer::analyzed, this, [this](const ModelAnalysis& analysis) {
    if (!m_document->currentModelName().isEmpty())
      statusBar()->showMessage(m_document->currentModelName() + ": " + analysisSummary(analysis));
  });
  connect(&m_settings, &Settings::recentProjectsChanged, this, &MainWindow::updateRecentMenu);
  updateRecentMenu();
  updateTitle();

  if (!restoreGeometry(m_settings.windowGeometry()))
    resize(1500, 950);
  if (!restoreState(m_settings.windowState())) {
    // The first layout: the code and the graph get the room, the side docks what they need.
    resizeDocks({m_projectDock, m_runSettingsDock}, {260, 340}, Qt::Horizontal);
    resizeDocks({m_diagnosticsDock}, {320}, Qt::Vertical);
  }
}

MainWindow::~MainWindow() {
  // The views go before the document they listen to (QObject children die oldest first, and
  // the document is the oldest).
  delete takeCentralWidget();
  delete m_projectDock;
}

CodeEditor& MainWindow::codeEditor() const {
  return m_modelView->editor();
}

ModelAnalyzer& MainWindow::analyzer() const {
  return m_modelView->analyzer();
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget,
                                 Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(objectName); // saveState() finds docks by it
  dock->setWidget(widget);
  addDockWidget(area, dock);
  return dock;
}

void MainWindow::createDocks() {
  setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
  m_projectDock = addDock(tr("Project"), "projectDock", m_projectTree, Qt::LeftDockWidgetArea);
  m_runSettingsDock = addDock(tr("Run settings"), "runSettingsDock",
                              placeholder(tr("Run settings")), Qt::RightDockWidgetArea);
  m_diagnosticsDock =
      addDock(tr("Diagnostics"), "diagnosticsDock",
              placeholder(tr("Diagnostics of the selected run")), Qt::BottomDockWidgetArea);
  m_consoleDock = addDock(tr("Console"), "consoleDock", m_console, Qt::BottomDockWidgetArea);
  tabifyDockWidget(m_diagnosticsDock, m_consoleDock);
  m_diagnosticsDock->raise();
}

void MainWindow::setDockContent(QDockWidget* dock, QWidget* widget) {
  QWidget* old = dock->widget();
  dock->setWidget(widget);
  delete old;
}

void MainWindow::setGraphWidget(QWidget* graph) {
  m_modelView->setGraphWidget(graph);
}

void MainWindow::setRunSettingsWidget(QWidget* widget) {
  setDockContent(m_runSettingsDock, widget);
}

void MainWindow::setDiagnosticsWidget(QWidget* widget) {
  setDockContent(m_diagnosticsDock, widget);
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* newProject = file->addAction(tr("&New Project..."), this, [this] {
    const QString path = m_prompts.saveFileName(this, tr("New project"), tr(kProjectFilter));
    if (!path.isEmpty())
      this->newProject(path.endsWith(".kiln") ? path : path + ".kiln");
  });
  newProject->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
  QAction* open = file->addAction(tr("&Open Project..."), this, [this] {
    const QString path = m_prompts.openFileName(this, tr("Open project"), tr(kProjectFilter));
    if (!path.isEmpty())
      openProject(path);
  });
  open->setShortcut(QKeySequence::Open);
  m_recentMenu = file->addMenu(tr("Recent Projects"));
  QAction* save = file->addAction(tr("&Save"), this, &MainWindow::saveProject);
  save->setShortcut(QKeySequence::Save);
  file->addSeparator();
  QAction* newModel = file->addAction(tr("New &Model..."), this, [this] {
    const QString name = m_prompts.modelName(this);
    if (!name.isEmpty())
      addModel(name);
  });
  newModel->setShortcut(QKeySequence::New);
  file->addAction(tr("&Import Data..."), this, [this] {
    const QString path = m_prompts.openFileName(this, tr("Import data"), tr(kDataFilter));
    if (!path.isEmpty())
      importData(path);
  });
  m_exportAction = file->addAction(tr("&Export..."), this, &MainWindow::exportRequested);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* dock : {m_projectDock, m_runSettingsDock, m_diagnosticsDock, m_consoleDock})
    view->addAction(dock->toggleViewAction());

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  m_runAction = run->addAction(tr("&Run"), this, &MainWindow::runRequested);
  m_runAction->setShortcut(QKeySequence(Qt::Key_F5));
  m_stopAction = run->addAction(tr("&Stop"), this, &MainWindow::stopRequested);
  m_stopAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  for (QAction* a : {m_runAction, m_stopAction})
    a->setShortcutContext(Qt::ApplicationShortcut);
}

bool MainWindow::openProject(const QString& path) {
  if (!maybeSave())
    return false;
  QString error;
  if (!m_document->openProject(path, &error)) {
    reportError(error);
    return false;
  }
  return true;
}

bool MainWindow::newProject(const QString& path) {
  if (!maybeSave())
    return false;
  QString error;
  if (!m_document->newProject(path, &error)) {
    reportError(error);
    return false;
  }
  return true;
}

bool MainWindow::saveProject() {
  QString error;
  if (!m_document->save(&error)) {
    reportError(error);
    return false;
  }
  m_console->message(tr("saved %1").arg(m_document->path()));
  return true;
}

bool MainWindow::importData(const QString& path) {
  QString error;
  if (!m_document->importDataset(path, &error)) {
    reportError(error);
    return false;
  }
  m_console->message(tr("imported %1 (save the project to keep it)").arg(path));
  return true;
}

bool MainWindow::addModel(const QString& name) {
  QString error;
  if (!m_document->addModel(name, kNewModelSource, &error)) {
    reportError(error);
    return false;
  }
  return true;
}

bool MainWindow::maybeSave() {
  if (!m_document->isModified())
    return true;
  QStringList changed;
  for (const QString& name : m_document->modelNames())
    if (m_document->isModelModified(name))
      changed << name;
  const QString question =
      changed.isEmpty()
          ? tr("The project has unsaved changes. Save them?")
          : tr("The project has unsaved changes (%1). Save them?").arg(changed.join(", "));
  switch (m_prompts.askToSave(this, question)) {
  case QMessageBox::Save:
    return saveProject();
  case QMessageBox::Discard:
    return true;
  default:
    return false;
  }
}

void MainWindow::reportError(const QString& message) {
  m_console->error(message);
  m_prompts.showError(this, message);
}

void MainWindow::projectOpened(const QString& path) {
  m_settings.addRecentProject(path);
  m_settings.setLastProject(path);
  m_console->message(tr("opened %1: %2 models, %3 datasets, %4 runs")
                         .arg(path)
                         .arg(m_document->modelNames().size())
                         .arg(m_document->datasetNames().size())
                         .arg(m_document->runs().size()));
  statusBar()->showMessage(path);
  updateTitle();
}

void MainWindow::updateTitle() {
  QString title = tr("Kiln Studio");
  if (m_document->isOpen()) {
    title = QFileInfo(m_document->path()).fileName() + "[*]";
    if (!m_document->currentModelName().isEmpty())
      title += " — " + m_document->currentModelName();
    title += " — " + tr("Kiln Studio");
  }
  setWindowTitle(title);
  setWindowModified(m_document->isModified());
}

void MainWindow::updateRecentMenu() {
  m_recentMenu->clear();
  const QStringList paths = m_settings.recentProjects();
  for (const QString& path : paths)
    m_recentMenu->addAction(path, this, [this, path] { openProject(path); });
  m_recentMenu->setEnabled(!paths.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybeSave()) {
    event->ignore();
    return;
  }
  m_settings.setWindowGeometry(saveGeometry());
  m_settings.setWindowState(saveState());
  event->accept();
}

} // namespace kiln::ui
