#pragma once
// The Project dock: the open project's models (a '*' after one with unsaved text), datasets and
// runs (with their status icons), kept in step with the ProjectDocument. Choosing a model or a
// dataset makes it current in the document; choosing a run is announced, for the views that
// show runs.

#include <cstdint>

#include <QTreeWidget>

namespace kiln::ui {

class ProjectDocument;

class ProjectTree : public QTreeWidget {
  Q_OBJECT
public:
  enum ItemRole { KindRole = Qt::UserRole + 1, NameRole, RunIdRole };
  enum class Kind { model = 1, dataset, run };

  explicit ProjectTree(ProjectDocument& document, QWidget* parent = nullptr);

signals:
  void runActivated(int64_t runId);
  // "Compare with the shown run" from a run's context menu.
  void runCompareRequested(int64_t runId);

private:
  void rebuildModels();
  void updateModelNames();
  void rebuildDatasets();
  void rebuildRuns();
  void markCurrent();
  void activate(QTreeWidgetItem* item);
  void showContextMenu(const QPoint& position);

  ProjectDocument& m_document;
  QTreeWidgetItem* m_models;
  QTreeWidgetItem* m_datasets;
  QTreeWidgetItem* m_runs;
};

} // namespace kiln::ui
