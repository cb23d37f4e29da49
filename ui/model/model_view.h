#pragma once
// The Model view, the window's centre: the Code panel and the Graph side by side in a
// splitter, and the analyzer that checks the current model as it is edited. It connects the
// document to the analyzer and the analyzer to the editor; the graph widget (set by whoever
// builds it) listens to analyzer() itself.

#include <QSplitter>

namespace kiln::ui {

class CodeEditor;
class ModelAnalyzer;
class ProjectDocument;

class ModelView : public QSplitter {
  Q_OBJECT
public:
  explicit ModelView(ProjectDocument& document, QWidget* parent = nullptr);

  CodeEditor& editor() const { return *m_editor; }
  ModelAnalyzer& analyzer() const { return *m_analyzer; }
  // Puts `graph` right of the code, in place of the placeholder or the graph set before (which
  // is deleted); the view takes ownership.
  void setGraphWidget(QWidget* graph);

signals:
  // The current dataset cannot be read as data; the model is checked without data.
  void dataProblem(const QString& message);

private:
  void updateData();

  ProjectDocument& m_document;
  CodeEditor* m_editor;
  ModelAnalyzer* m_analyzer;
};

} // namespace kiln::ui
