#include "ui/project/project_tree.h"

#include <QMenu>

#include <QHeaderView>

#include "ui/common/qt_text.h"
#include "ui/document/project_document.h"
#include "ui/project/run_status_icon.h"

namespace kiln::ui {

ProjectTree::ProjectTree(ProjectDocument& document, QWidget* parent)
    : QTreeWidget(parent), m_document(document) {
  setObjectName("projectTree");
  setHeaderHidden(true);
  setColumnCount(1);
  m_models = new QTreeWidgetItem(this, {tr("Models")});
  m_datasets = new QTreeWidgetItem(this, {tr("Datasets")});
  m_runs = new QTreeWidgetItem(this, {tr("Runs")});
  for (auto* top : {m_models, m_datasets, m_runs}) {
    top->setFlags(Qt::ItemIsEnabled);
    top->setExpanded(true);
  }
  connect(&m_document, &ProjectDocument::modelListChanged, this, &ProjectTree::rebuildModels);
  connect(&m_document, &ProjectDocument::modifiedChanged, this, &ProjectTree::updateModelNames);
  connect(&m_document, &ProjectDocument::modelSourceChanged, this, &ProjectTree::updateModelNames);
  connect(&m_document, &ProjectDocument::datasetListChanged, this, &ProjectTree::rebuildDatasets);
  connect(&m_document, &ProjectDocument::runsChanged, this, &ProjectTree::rebuildRuns);
  connect(&m_document, &ProjectDocument::currentModelChanged, this, &ProjectTree::markCurrent);
  connect(&m_document, &ProjectDocument::currentDatasetChanged, this, &ProjectTree::markCurrent);
  connect(this, &QTreeWidget::itemClicked, this, &ProjectTree::activate);
  connect(this, &QTreeWidget::itemActivated, this, &ProjectTree::activate);
  setContextMenuPolicy(Qt::CustomContextMenu);
  connect(this, &QWidget::customContextMenuRequested, this, &ProjectTree::showContextMenu);
  rebuildModels();
  rebuildDatasets();
  rebuildRuns();
}

void ProjectTree::rebuildModels() {
  qDeleteAll(m_models->takeChildren());
  for (const QString& name : m_document.modelNames()) {
    auto* item = new QTreeWidgetItem(m_models);
    item->setData(0, KindRole, static_cast<int>(Kind::model));
    item->setData(0, NameRole, name);
  }
  updateModelNames();
  markCurrent();
}

void ProjectTree::updateModelNames() {
  for (int i = 0; i < m_models->childCount(); ++i) {
    QTreeWidgetItem* item = m_models->child(i);
    const QString name = item->data(0, NameRole).toString();
    item->setText(0, m_document.isModelModified(name) ? name + " *" : name);
  }
}

void ProjectTree::rebuildDatasets() {
  qDeleteAll(m_datasets->takeChildren());
  for (const QString& name : m_document.datasetNames()) {
    auto* item = new QTreeWidgetItem(m_datasets, {name});
    item->setData(0, KindRole, static_cast<int>(Kind::dataset));
    item->setData(0, NameRole, name);
  }
  markCurrent();
}

void ProjectTree::rebuildRuns() {
  qDeleteAll(m_runs->takeChildren());
  const auto& runs = m_document.runs();
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) { // newest first
    const QString status = qt_text(run->status);
    auto* item = new QTreeWidgetItem(m_runs);
    item->setText(0, tr("#%1 %2 · %3 · %4")
                         .arg(run->id)
                         .arg(qt_text(run->model_name), qt_text(run->algorithm), status));
    item->setIcon(0, runStatusIcon(status));
    QString tip = tr("run %1 of %2 (%3), %4\nstarted %5")
                      .arg(run->id)
                      .arg(qt_text(run->model_name), qt_text(run->dataset_name), status,
                           qt_text(run->started_at));
    if (!run->error.empty())
      tip += "\n" + qt_text(run->error);
    item->setToolTip(0, tip);
    item->setData(0, KindRole, static_cast<int>(Kind::run));
    item->setData(0, RunIdRole, QVariant::fromValue<qlonglong>(run->id));
  }
}

void ProjectTree::markCurrent() {
  const QString model = m_document.currentModelName();
  const QString dataset = m_document.currentDatasetName();
  for (auto* top : {m_models, m_datasets})
    for (int i = 0; i < top->childCount(); ++i) {
      QTreeWidgetItem* item = top->child(i);
      const QString current = top == m_models ? model : dataset;
      QFont font = item->font(0);
      font.setBold(item->data(0, NameRole).toString() == current);
      item->setFont(0, font);
    }
}

void ProjectTree::activate(QTreeWidgetItem* item) {
  if (!item)
    return;
  switch (static_cast<Kind>(item->data(0, KindRole).toInt())) {
  case Kind::model:
    m_document.setCurrentModel(item->data(0, NameRole).toString());
    break;
  case Kind::dataset:
    m_document.setCurrentDataset(item->data(0, NameRole).toString());
    break;
  case Kind::run:
    emit runActivated(item->data(0, RunIdRole).toLongLong());
    break;
  }
}

void ProjectTree::showContextMenu(const QPoint& position) {
  QTreeWidgetItem* item = itemAt(position);
  if (!item || item->data(0, KindRole).toInt() != static_cast<int>(Kind::run))
    return;
  const int64_t id = item->data(0, RunIdRole).toLongLong();
  QMenu menu(this);
  menu.addAction(tr("Show"), this, [this, id] { emit runActivated(id); });
  menu.addAction(tr("Compare with the shown run"), this,
                 [this, id] { emit runCompareRequested(id); });
  menu.exec(viewport()->mapToGlobal(position));
}

} // namespace kiln::ui
