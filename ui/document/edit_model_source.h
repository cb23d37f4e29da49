#pragma once
// A change of a model's text. Typing pushes one per change; changes of the same model less
// than kMergeWindowMs apart merge, so an undo takes back a burst of typing, not a character.
// Undo and redo make the model current again, so the user sees what changed.

#include <QElapsedTimer>
#include <QString>
#include <QUndoCommand>

namespace kiln::ui {

class ProjectDocument;

class EditModelSource : public QUndoCommand {
public:
  static constexpr int kMergeWindowMs = 1000;

  EditModelSource(ProjectDocument& document, QString model, QString before, QString after);
  void undo() override;
  void redo() override;
  int id() const override { return kId; }
  bool mergeWith(const QUndoCommand* other) override;

private:
  static constexpr int kId = 1;
  ProjectDocument& m_document;
  QString m_model;
  QString m_before;
  QString m_after;
  QElapsedTimer m_lastEdit;
};

} // namespace kiln::ui
