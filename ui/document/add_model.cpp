#include "ui/document/add_model.h"

#include <QObject>

namespace kiln::ui {

AddModel::AddModel(ProjectDocument& document, ModelEntry model)
    : m_document(document), m_model(std::move(model)),
      m_previousModel(document.currentModelName()) {
  setText(QObject::tr("Add model %1").arg(m_model.name));
}

void AddModel::undo() {
  m_document.removeModel(m_model.name);
  m_document.setCurrentModel(m_previousModel);
}

void AddModel::redo() {
  m_document.insertModel(m_model);
  m_document.setCurrentModel(m_model.name);
}

} // namespace kiln::ui
