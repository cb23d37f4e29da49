#include "ui/document/project_document.h"

#include <algorithm>
#include <map>

#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <QUndoStack>

#include "core/io/data_file.h"
#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/sqlite.h"
#include "ui/common/qt_text.h"
#include "ui/document/add_model.h"
#include "ui/document/dataset_values.h"
#include "ui/document/edit_model_source.h"
#include "ui/document/import_dataset.h"
#include "ui/document/model_version_graph.h"

namespace kiln::ui {

namespace {

// What a project holds, read in one go so that a failure changes nothing.
struct ProjectContent {
  std::vector<ModelEntry> models;
  std::vector<DatasetEntry> datasets;
};

ProjectContent read_content(store::Database& db) {
  ProjectContent content;
  std::map<std::string, int64_t> latest; // by name; versions come oldest first
  for (const auto& v : store::list_model_versions(db))
    latest[v.model_name] = v.id;
  for (const auto& [name, id] : latest) {
    const QString source = qt_text(store::model_version_source(db, id));
    content.models.push_back({qt_text(name), source, source, true});
  }
  std::map<std::string, store::DatasetInfo> datasets; // the newest of each name
  for (const auto& d : store::list_datasets(db))
    datasets[d.name] = d;
  for (const auto& [name, d] : datasets) {
    const std::string bytes = store::dataset_content(db, d.id);
    content.datasets.push_back({qt_text(name), qt_text(d.format),
                                QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())),
                                true});
  }
  return content;
}

} // namespace

ProjectDocument::ProjectDocument(QObject* parent)
    : QObject(parent), m_undoStack(std::make_unique<QUndoStack>()), m_runPoll(new QTimer(this)) {
  m_runPoll->setSingleShot(true);
  connect(m_runPoll, &QTimer::timeout, this, &ProjectDocument::reloadRuns);
}

ProjectDocument::~ProjectDocument() = default;

bool ProjectDocument::openProject(const QString& path, QString* error) {
  if (!QFileInfo::exists(path)) {
    *error = tr("cannot open '%1': there is no such file").arg(path);
    return false;
  }
  ProjectContent content;
  try {
    auto db = store::open_project(utf8_text(path), store::Access::Write);
    content = read_content(*db);
  } catch (const std::exception& e) {
    *error = error_message(e);
    return false;
  }
  m_path = QFileInfo(path).absoluteFilePath();
  m_models = std::move(content.models);
  m_datasets = std::move(content.datasets);
  m_currentModel.clear();
  m_currentDataset.clear();
  m_undoStack->clear();
  emit projectOpened(m_path);
  emit modelListChanged();
  emit datasetListChanged();
  m_runs.clear();
  readRuns(true);
  if (!m_models.empty())
    setCurrentModel(m_models.front().name);
  else
    emit currentModelChanged({});
  if (m_currentDataset.isEmpty())
    emit currentDatasetChanged({});
  updateModified();
  return true;
}

bool ProjectDocument::newProject(const QString& path, QString* error) {
  if (QFileInfo::exists(path)) {
    *error = tr("cannot create '%1': the file exists already (open it instead)").arg(path);
    return false;
  }
  try {
    store::open_project(utf8_text(path), store::Access::Write);
  } catch (const std::exception& e) {
    *error = error_message(e);
    return false;
  }
  return openProject(path, error);
}

bool ProjectDocument::save(QString* error) {
  if (!isOpen()) {
    *error = tr("no project is open");
    return false;
  }
  try {
    auto db = store::open_project(utf8_text(m_path), store::Access::Write);
    store::Transaction transaction(*db);
    for (const auto& m : m_models) {
      if (m.stored && m.source == m.storedSource)
        continue;
      const std::string name = utf8_text(m.name);
      const std::string source = utf8_text(m.source);
      // The graph with the model's own data (plate sizes), where it has some that reads.
      QString dataError;
      const auto data = datasetValues(
          m.name == m_currentModel ? m_currentDataset : pairedDataset(m.name), &dataError);
      store::ensure_model_version(*db, name, source, model_version_graph(name, source, data.get()));
    }
    for (const auto& d : m_datasets)
      if (!d.stored)
        store::ensure_dataset(*db, utf8_text(d.name), utf8_text(d.format), d.content.toStdString());
    transaction.commit();
  } catch (const std::exception& e) {
    *error = tr("cannot save '%1': %2").arg(m_path, error_message(e));
    return false;
  }
  for (auto& m : m_models) {
    m.storedSource = m.source;
    m.stored = true;
  }
  for (auto& d : m_datasets)
    d.stored = true;
  m_undoStack->clear();
  updateModified();
  emit modelListChanged();
  emit datasetListChanged();
  emit saved();
  return true;
}

bool ProjectDocument::isModified() const {
  return std::any_of(m_models.begin(), m_models.end(),
                     [](const ModelEntry& m) { return !m.stored || m.source != m.storedSource; }) ||
         std::any_of(m_datasets.begin(), m_datasets.end(),
                     [](const DatasetEntry& d) { return !d.stored; });
}

QStringList ProjectDocument::modelNames() const {
  QStringList names;
  for (const auto& m : m_models)
    names << m.name;
  return names;
}

const ModelEntry* ProjectDocument::model(const QString& name) const {
  for (const auto& m : m_models)
    if (m.name == name)
      return &m;
  return nullptr;
}

ModelEntry* ProjectDocument::findModel(const QString& name) {
  return const_cast<ModelEntry*>(std::as_const(*this).model(name));
}

QString ProjectDocument::currentModelSource() const {
  const ModelEntry* m = model(m_currentModel);
  return m ? m->source : QString();
}

bool ProjectDocument::isModelModified(const QString& name) const {
  const ModelEntry* m = model(name);
  return m && (!m->stored || m->source != m->storedSource);
}

bool ProjectDocument::setCurrentModel(const QString& name) {
  if (!name.isEmpty() && !model(name))
    return false;
  if (name == m_currentModel)
    return true;
  m_currentModel = name;
  emit currentModelChanged(name);
  const QString paired = pairedDataset(name);
  if (!paired.isEmpty())
    setCurrentDataset(paired);
  return true;
}

QString ProjectDocument::pairedDataset(const QString& model) const {
  QString best;
  for (const auto& d : m_datasets) {
    const QString stem = QFileInfo(d.name).completeBaseName();
    if (model.startsWith(stem) && stem.size() > QFileInfo(best).completeBaseName().size())
      best = d.name;
  }
  return best;
}

QStringList ProjectDocument::datasetNames() const {
  QStringList names;
  for (const auto& d : m_datasets)
    names << d.name;
  return names;
}

const DatasetEntry* ProjectDocument::dataset(const QString& name) const {
  for (const auto& d : m_datasets)
    if (d.name == name)
      return &d;
  return nullptr;
}

bool ProjectDocument::setCurrentDataset(const QString& name) {
  if (!name.isEmpty() && !dataset(name))
    return false;
  if (name == m_currentDataset)
    return true;
  m_currentDataset = name;
  emit currentDatasetChanged(name);
  return true;
}

std::shared_ptr<const lang::DataMap> ProjectDocument::currentData(QString* error) const {
  return datasetValues(m_currentDataset, error);
}

std::shared_ptr<const lang::DataMap> ProjectDocument::datasetValues(const QString& name,
                                                                    QString* error) const {
  const DatasetEntry* d = dataset(name);
  if (!d)
    return nullptr;
  try {
    return std::make_shared<const lang::DataMap>(
        dataset_values(utf8_text(d->format), d->content.toStdString(), utf8_text(d->name)));
  } catch (const std::exception& e) {
    *error = error_message(e);
    return nullptr;
  }
}

void ProjectDocument::reloadRuns() {
  readRuns(false);
}

void ProjectDocument::readRuns(bool force) {
  if (!isOpen())
    return;
  std::vector<store::RunInfo> runs;
  try {
    store::RunReader reader(utf8_text(m_path));
    runs = reader.runs();
  } catch (const std::exception&) {
    // The project was readable when it opened; a reader that fails now (the file moved, or
    // is busy) keeps the runs last read rather than showing none, and tries again.
    m_runPoll->start(kRunPollMs);
    if (force)
      emit runsChanged();
    return;
  }
  const auto same = [](const store::RunInfo& a, const store::RunInfo& b) {
    return a.id == b.id && a.status == b.status && a.num_draws == b.num_draws &&
           a.finished_at == b.finished_at;
  };
  const bool changed =
      runs.size() != m_runs.size() || !std::equal(runs.begin(), runs.end(), m_runs.begin(), same);
  m_runs = std::move(runs);
  if (changed || force)
    emit runsChanged();
  const bool running = std::any_of(m_runs.begin(), m_runs.end(),
                                   [](const store::RunInfo& r) { return r.status == "running"; });
  m_runPoll->start(running ? kRunPollMs : kIdlePollMs);
}

void ProjectDocument::editModelSource(const QString& text) {
  const ModelEntry* m = model(m_currentModel);
  if (!m || m->source == text)
    return;
  m_undoStack->push(new EditModelSource(*this, m->name, m->source, text));
}

bool ProjectDocument::addModel(const QString& name, const QString& source, QString* error) {
  if (!isOpen()) {
    *error = tr("open or create a project first");
    return false;
  }
  if (name.trimmed().isEmpty() || name != name.trimmed()) {
    *error = tr("a model needs a name without spaces around it");
    return false;
  }
  if (model(name)) {
    *error = tr("the project has a model '%1' already").arg(name);
    return false;
  }
  m_undoStack->push(new AddModel(*this, {name, source, {}, false}));
  return true;
}

bool ProjectDocument::importDataset(const QString& filePath, QString* error) {
  if (!isOpen()) {
    *error = tr("open or create a project first");
    return false;
  }
  QFile file(filePath);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = tr("cannot read '%1': %2").arg(filePath, file.errorString());
    return false;
  }
  try {
    io::load_data(utf8_text(filePath)); // refuses a malformed file, with its line
  } catch (const std::exception& e) {
    *error = error_message(e);
    return false;
  }
  const QFileInfo info(filePath);
  m_undoStack->push(
      new ImportDataset(*this, {info.fileName(), info.suffix().toLower(), file.readAll(), false}));
  return true;
}

void ProjectDocument::setModelSource(const QString& name, const QString& source) {
  ModelEntry* m = findModel(name);
  if (!m || m->source == source)
    return;
  m->source = source;
  emit modelSourceChanged(name, source);
  updateModified();
}

void ProjectDocument::insertModel(const ModelEntry& entry) {
  m_models.push_back(entry);
  std::sort(m_models.begin(), m_models.end(),
            [](const ModelEntry& a, const ModelEntry& b) { return a.name < b.name; });
  emit modelListChanged();
  updateModified();
}

void ProjectDocument::removeModel(const QString& name) {
  m_models.erase(std::remove_if(m_models.begin(), m_models.end(),
                                [&](const ModelEntry& m) { return m.name == name; }),
                 m_models.end());
  if (m_currentModel == name)
    setCurrentModel({});
  emit modelListChanged();
  updateModified();
}

std::unique_ptr<DatasetEntry> ProjectDocument::insertDataset(const DatasetEntry& entry) {
  std::unique_ptr<DatasetEntry> replaced;
  for (auto it = m_datasets.begin(); it != m_datasets.end(); ++it)
    if (it->name == entry.name) {
      replaced = std::make_unique<DatasetEntry>(*it);
      m_datasets.erase(it);
      break;
    }
  m_datasets.push_back(entry);
  std::sort(m_datasets.begin(), m_datasets.end(),
            [](const DatasetEntry& a, const DatasetEntry& b) { return a.name < b.name; });
  emit datasetListChanged();
  if (replaced && m_currentDataset == entry.name)
    emit currentDatasetChanged(entry.name); // same name, new values
  updateModified();
  return replaced;
}

void ProjectDocument::removeDataset(const QString& name) {
  m_datasets.erase(std::remove_if(m_datasets.begin(), m_datasets.end(),
                                  [&](const DatasetEntry& d) { return d.name == name; }),
                   m_datasets.end());
  if (m_currentDataset == name)
    setCurrentDataset({});
  emit datasetListChanged();
  updateModified();
}

void ProjectDocument::updateModified() {
  const bool modified = isModified();
  if (modified == m_modified)
    return;
  m_modified = modified;
  emit modifiedChanged(modified);
}

} // namespace kiln::ui
