#pragma once
// The whole workbench: the main window with every panel in place — code and graph (with the
// node inspector) in the centre, run settings, diagnostics, project and console docks — and the
// wiring between them, which only this class knows: the analyzer feeds the editor, graph and
// inspector; F5 and the Run button hand the panel's request, with the document's model text and
// dataset, to the run controller; a started run is followed live by the diagnostics, and a run
// chosen in the Project dock is shown as it was stored. kiln-studio's main and the workbench's
// Qt Tests build this.

#include <cstdint>
#include <memory>

#include <QObject>
#include <QString>

namespace kiln::ui {

class DiagnosticsPanel;
class GraphView;
class MainWindow;
class NodeInspector;
class RunController;
class RunSettingsPanel;
class Settings;
class ShapeProbe;
struct ModelAnalysis;

class Workbench : public QObject {
  Q_OBJECT
public:
  explicit Workbench(Settings& settings, QObject* parent = nullptr);
  // A run still going is stopped and kept (finished as cancelled) before the window goes.
  ~Workbench() override;

  MainWindow& window() const { return *m_window; }
  GraphView& graphView() const { return *m_graph; }
  NodeInspector& inspector() const { return *m_inspector; }
  RunSettingsPanel& runSettings() const { return *m_runSettings; }
  RunController& controller() const { return *m_controller; }
  DiagnosticsPanel& diagnostics() const { return *m_diagnostics; }

  // Starts the run the settings describe on the current model and dataset; false (with a
  // message in the console) when there is no project or model, or a run is going.
  bool startRun();
  // Compares the run shown in the diagnostics with run `otherRunId` of the same project.
  void compareWith(qint64 otherRunId);
  // Writes the shown run to `path` in the format its extension names (.json: ArviZ's
  // from_dict; .csv: the long table; a directory: CmdStan CSVs); false with `error` set.
  bool exportShownRun(const QString& path, QString* error);
  qint64 shownRun() const { return m_shownRun; }
  // File > Export: asks for a file (the window's prompts) and exports the shown run to it.
  void exportInteractively();

private:
  void analyzed(const ModelAnalysis& analysis);
  void showRun(qint64 runId);
  void runStarted(qint64 runId);
  void runFinished(qint64 runId, const QString& status, const QString& error);
  void updateDatasets();

  std::unique_ptr<MainWindow> m_window;
  GraphView* m_graph = nullptr;
  NodeInspector* m_inspector = nullptr;
  RunSettingsPanel* m_runSettings = nullptr;
  DiagnosticsPanel* m_diagnostics = nullptr;
  RunController* m_controller = nullptr;
  ShapeProbe* m_shapes = nullptr;
  qint64 m_shownRun = 0;
};

} // namespace kiln::ui
