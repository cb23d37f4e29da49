#include "ui/document/edit_model_source.h"

#include <QObject>

#include "ui/document/project_document.h"

namespace kiln::ui {

EditModelSource::EditModelSource(ProjectDocument& document, QString model, QString before,
                                 QString after)
    : m_document(document), m_model(std::move(model)), m_before(std::move(before)),
      m_after(std::move(after)) {
  setText(QObject::tr("Edit %1").arg(m_model));
  m_lastEdit.start();
}

void EditModelSource::undo() {
  m_document.setCurrentModel(m_model);
  m_document.setModelSource(m_model, m_before);
}

void EditModelSource::redo() {
  m_document.setCurrentModel(m_model);
  m_document.setModelSource(m_model, m_after);
}

bool EditModelSource::mergeWith(const QUndoCommand* other) {
  const auto* next = static_cast<const EditModelSource*>(other);
  if (next->m_model != m_model || m_lastEdit.elapsed() > kMergeWindowMs)
    return false;
  m_after = next->m_after;
  m_lastEdit.restart();
  return true;
}

} // namespace kiln::ui
