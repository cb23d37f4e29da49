#pragma once
// The workbench's main window: the Model view in the centre (code and graph side by side) and
// docks around it (Project, Run settings, Diagnostics, Console), movable, their layout kept in
// the settings. It owns the ProjectDocument and wires views to it; the views themselves never
// call each other. Run, Stop and Export are actions whose signals the run controller and the
// exporters connect to; the panels they bring are put in with the set...Widget calls.

#include <cstdint>
#include <functional>

#include <QMainWindow>
#include <QMessageBox>

class QAction;
class QDockWidget;
class QMenu;

namespace kiln::ui {

class CodeEditor;
class ConsoleView;
class ModelAnalyzer;
class ModelView;
class ProjectDocument;
class ProjectTree;
class Settings;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  // The questions the window asks, replaceable so that tests do not block on a dialog.
  struct Prompts {
    // Unsaved changes: QMessageBox::Save, Discard or Cancel.
    std::function<QMessageBox::StandardButton(QWidget* parent, const QString& question)> askToSave;
    std::function<void(QWidget* parent, const QString& message)> showError;
    // A file to open or to create (empty when the user cancels).
    std::function<QString(QWidget* parent, const QString& caption, const QString& filter)>
        openFileName;
    std::function<QString(QWidget* parent, const QString& caption, const QString& filter)>
        saveFileName;
    // A name for a new model (empty when the user cancels).
    std::function<QString(QWidget* parent)> modelName;
  };
  static Prompts dialogPrompts();

  explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
  ~MainWindow() override;

  void setPrompts(Prompts prompts) { m_prompts = std::move(prompts); }
  const Prompts& prompts() const { return m_prompts; }

  ProjectDocument& document() const { return *m_document; }
  ConsoleView& console() const { return *m_console; }
  ModelView& modelView() const { return *m_modelView; }
  CodeEditor& codeEditor() const;
  ModelAnalyzer& analyzer() const;

  // The panels other parts of the workbench bring; the window takes ownership.
  void setGraphWidget(QWidget* graph);
  void setRunSettingsWidget(QWidget* widget);
  void setDiagnosticsWidget(QWidget* widget);

  QDockWidget* projectDock() const { return m_projectDock; }
  QDockWidget* runSettingsDock() const { return m_runSettingsDock; }
  QDockWidget* diagnosticsDock() const { return m_diagnosticsDock; }
  QDockWidget* consoleDock() const { return m_consoleDock; }
  QAction* runAction() const { return m_runAction; }
  QAction* stopAction() const { return m_stopAction; }
  QAction* exportAction() const { return m_exportAction; }
  QMenu* recentProjectsMenu() const { return m_recentMenu; }

  // What the File menu does, callable without its dialogs. Opening or creating asks about
  // unsaved changes first; a failure is reported and leaves the open project open.
  bool openProject(const QString& path);
  bool newProject(const QString& path);
  bool saveProject();
  bool importData(const QString& path);
  bool addModel(const QString& name);

signals:
  void runRequested();
  void stopRequested();
  void exportRequested();
  // A run chosen in the Project dock.
  void runSelected(int64_t runId);
  // A run to compare with the shown one (the Project dock's context menu).
  void compareRequested(int64_t runId);

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void createActions();
  void createDocks();
  QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget,
                       Qt::DockWidgetArea area);
  void setDockContent(QDockWidget* dock, QWidget* widget);
  // True when the user may go on: nothing unsaved, saved, or discarded.
  bool maybeSave();
  void reportError(const QString& message);
  void projectOpened(const QString& path);
  void updateTitle();
  void updateRecentMenu();

  Settings& m_settings;
  Prompts m_prompts;
  ProjectDocument* m_document;
  ModelView* m_modelView;
  ConsoleView* m_console;
  ProjectTree* m_projectTree;
  QDockWidget* m_projectDock = nullptr;
  QDockWidget* m_runSettingsDock = nullptr;
  QDockWidget* m_diagnosticsDock = nullptr;
  QDockWidget* m_consoleDock = nullptr;
  QAction* m_runAction = nullptr;
  QAction* m_stopAction = nullptr;
  QAction* m_exportAction = nullptr;
  QMenu* m_recentMenu = nullptr;
};

} // namespace kiln::ui
