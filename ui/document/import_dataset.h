#pragma once
// A data file added to the project's working copy under its name, made the current dataset;
// undo puts back the dataset it replaced (if any) and the dataset that was current.

#include <memory>

#include <QString>
#include <QUndoCommand>

#include "ui/document/project_document.h"

namespace kiln::ui {

class ImportDataset : public QUndoCommand {
public:
  ImportDataset(ProjectDocument& document, DatasetEntry dataset);
  void undo() override;
  void redo() override;

private:
  ProjectDocument& m_document;
  DatasetEntry m_dataset;
  std::unique_ptr<DatasetEntry> m_replaced;
  QString m_previousDataset;
};

} // namespace kiln::ui
