#pragma once
// The open project (`*.kiln`) as the workbench edits it: one Document that owns the file's path,
// a working copy of its models and datasets, the current model and dataset, and the undo stack;
// views and docks listen to its typed signals and never to each other (Tiled's habit).
//
// The working copy is what the user sees. Edits change it only through undo commands
// (edit_model_source.h, add_model.h, import_dataset.h), which call the model API below. save()
// writes it to the project in one transaction: each model whose text differs from its stored
// version becomes a new model version (the project keeps every version by its hash), each new
// dataset is stored. The project file keeps everything it is given, so a save is where the undo
// history starts again: no undo can take back what the file already holds.
//
// Failures at this boundary are `false` plus a message; the project that was open stays open.

#include <memory>
#include <vector>

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include "core/lang/data_binding.h"
#include "core/store/run_reader.h"

class QTimer;
class QUndoStack;

namespace kiln::ui {

struct ModelEntry {
  QString name;
  QString source;
  // The text of its latest version in the project; empty with stored false for a new model.
  QString storedSource;
  bool stored = false;
};

struct DatasetEntry {
  QString name;
  QString format; // "json" or "csv"
  QByteArray content;
  bool stored = false;
};

class ProjectDocument : public QObject {
  Q_OBJECT
public:
  explicit ProjectDocument(QObject* parent = nullptr);
  ~ProjectDocument() override;

  // Opens an existing project; a missing, foreign, damaged or newer file, or one that cannot
  // be written, leaves the open project as it was and says why in `error`.
  bool openProject(const QString& path, QString* error);
  // Creates an empty project at `path`, which must not exist yet.
  bool newProject(const QString& path, QString* error);
  // Stores the working copy (see above); clears the undo history when it succeeds.
  bool save(QString* error);

  bool isOpen() const { return !m_path.isEmpty(); }
  QString path() const { return m_path; }
  // Some model's text differs from its stored version, or a model or dataset is not stored.
  bool isModified() const;
  QUndoStack* undoStack() const { return m_undoStack.get(); }

  QStringList modelNames() const;
  const ModelEntry* model(const QString& name) const;
  QString currentModelName() const { return m_currentModel; }
  // The current model's text; empty when there is none.
  QString currentModelSource() const;
  bool isModelModified(const QString& name) const;
  // False when there is no such model. Picks the dataset the model's name starts with (the
  // longest such name: lda_svi takes lda), when there is one.
  bool setCurrentModel(const QString& name);
  // The dataset whose name (without extension) is the longest start of `model`'s name; empty
  // when none is.
  QString pairedDataset(const QString& model) const;

  QStringList datasetNames() const;
  const DatasetEntry* dataset(const QString& name) const;
  QString currentDatasetName() const { return m_currentDataset; }
  bool setCurrentDataset(const QString& name);
  // The values of the current dataset, or of the one named; null when there is none or it
  // cannot be read (`error` says why then).
  std::shared_ptr<const lang::DataMap> currentData(QString* error) const;
  std::shared_ptr<const lang::DataMap> datasetValues(const QString& name, QString* error) const;

  // Runs as the project file has them, newest last. They are read again every kRunPollMs
  // while a run is being written and every kIdlePollMs otherwise (a `kiln run` in a terminal
  // shows up too); runsChanged comes when something changed. reloadRuns() reads them now.
  const std::vector<store::RunInfo>& runs() const { return m_runs; }
  static constexpr int kRunPollMs = 1000;
  static constexpr int kIdlePollMs = 5000;
  void reloadRuns();

  // The edits a user makes, each one undo command.
  void editModelSource(const QString& text);
  bool addModel(const QString& name, const QString& source, QString* error);
  // Reads a .json or .csv file as `--data` would (a malformed file is refused with its line)
  // and adds it under its file name; a dataset of that name is replaced.
  bool importDataset(const QString& filePath, QString* error);

  // The model API the undo commands change state through; views do not call these.
  void setModelSource(const QString& name, const QString& source);
  void insertModel(const ModelEntry& entry);
  void removeModel(const QString& name);
  // Returns the entry it replaced, if any.
  std::unique_ptr<DatasetEntry> insertDataset(const DatasetEntry& entry);
  void removeDataset(const QString& name);

signals:
  void projectOpened(const QString& path);
  void modelListChanged();
  void currentModelChanged(const QString& name);
  void modelSourceChanged(const QString& name, const QString& source);
  void datasetListChanged();
  void currentDatasetChanged(const QString& name);
  void runsChanged();
  void modifiedChanged(bool modified);
  void saved();

private:
  ModelEntry* findModel(const QString& name);
  // Reads the runs; emits runsChanged when they differ from those shown, or always with force.
  void readRuns(bool force);
  void updateModified();

  QString m_path;
  std::vector<ModelEntry> m_models;
  std::vector<DatasetEntry> m_datasets;
  QString m_currentModel;
  QString m_currentDataset;
  std::vector<store::RunInfo> m_runs;
  std::unique_ptr<QUndoStack> m_undoStack;
  QTimer* m_runPoll;
  bool m_modified = false;
};

} // namespace kiln::ui
