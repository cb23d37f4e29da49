#include "ui/document/import_dataset.h"

#include <QObject>

namespace kiln::ui {

ImportDataset::ImportDataset(ProjectDocument& document, DatasetEntry dataset)
    : m_document(document), m_dataset(std::move(dataset)),
      m_previousDataset(document.currentDatasetName()) {
  setText(QObject::tr("Import %1").arg(m_dataset.name));
}

void ImportDataset::undo() {
  m_document.removeDataset(m_dataset.name);
  if (m_replaced)
    m_document.insertDataset(*m_replaced);
  m_replaced.reset();
  m_document.setCurrentDataset(m_previousDataset);
}

void ImportDataset::redo() {
  m_replaced = m_document.insertDataset(m_dataset);
  m_document.setCurrentDataset(m_dataset.name);
}

} // namespace kiln::ui
