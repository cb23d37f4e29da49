#pragma once
// A new model in the project's working copy, made current; undo removes it and makes the model
// that was current before current again.

#include <QString>
#include <QUndoCommand>

#include "ui/document/project_document.h"

namespace kiln::ui {

class AddModel : public QUndoCommand {
public:
  AddModel(ProjectDocument& document, ModelEntry model);
  void undo() override;
  void redo() override;

private:
  ProjectDocument& m_document;
  ModelEntry m_model;
  QString m_previousModel;
};

} // namespace kiln::ui
