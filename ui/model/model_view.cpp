#include "ui/model/model_view.h"

#include <QLabel>

#include "ui/code/code_editor.h"
#include "ui/document/project_document.h"
#include "ui/model/model_analyzer.h"

namespace kiln::ui {

ModelView::ModelView(ProjectDocument& document, QWidget* parent)
    : QSplitter(Qt::Horizontal, parent), m_document(document),
      m_editor(new CodeEditor(document, this)), m_analyzer(new ModelAnalyzer(this)) {
  setObjectName("modelView");
  auto* placeholder = new QLabel(tr("The model graph appears here."), this);
  placeholder->setAlignment(Qt::AlignCenter);
  placeholder->setEnabled(false);
  addWidget(m_editor);
  addWidget(placeholder);
  setStretchFactor(0, 1);
  setStretchFactor(1, 1);
  setChildrenCollapsible(false);

  connect(&m_document, &ProjectDocument::currentModelChanged, this, [this](const QString& name) {
    m_analyzer->setModel(name, m_document.currentModelSource());
  });
  connect(&m_document, &ProjectDocument::modelSourceChanged, this,
          [this](const QString& name, const QString& source) {
            if (name == m_document.currentModelName())
              m_analyzer->setText(source);
          });
  connect(&m_document, &ProjectDocument::currentDatasetChanged, this, &ModelView::updateData);
  connect(m_analyzer, &ModelAnalyzer::analyzed, m_editor, &CodeEditor::showAnalysis);
  updateData();
  m_analyzer->setModel(m_document.currentModelName(), m_document.currentModelSource());
}

void ModelView::setGraphWidget(QWidget* graph) {
  delete replaceWidget(1, graph);
}

void ModelView::updateData() {
  QString error;
  auto data = m_document.currentData(&error);
  if (!error.isEmpty())
    emit dataProblem(error);
  m_analyzer->setData(std::move(data));
}

} // namespace kiln::ui
