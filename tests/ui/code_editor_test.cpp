#include <QtTest/QtTest>

#include <QToolTip>
#include <QUndoStack>

#include "ui/code/code_editor.h"
#include "ui/document/project_document.h"
#include "ui/model/model_analyzer.h"
#include "ui/model/model_view.h"

using kiln::ui::CodeEditor;
using kiln::ui::ModelAnalyzer;
using kiln::ui::ProjectDocument;

namespace {

const QString kModel = "import pyro\n"
                       "import pyro.distributions as dist\n"
                       "\n"
                       "def model():\n"
                       "    mu = pyro.sample(\"mu\", dist.Normal(0., 1.))\n";

QPoint pointAt(const CodeEditor& editor, long position) {
  const int x = static_cast<int>(
      editor.SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0UL, position));
  const int y = static_cast<int>(
      editor.SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, position));
  return {x + 2, y + 4};
}

} // namespace

class CodeEditorTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  std::unique_ptr<ProjectDocument> m_document;
  std::unique_ptr<kiln::ui::ModelView> m_view;

  CodeEditor& editor() { return m_view->editor(); }
  ModelAnalyzer& analyzer() { return m_view->analyzer(); }

private slots:
  void init() {
    m_document = std::make_unique<ProjectDocument>();
    QString error;
    QVERIFY(m_document->newProject(m_dir.filePath(QTest::currentTestFunction() + QString(".kiln")),
                                   &error));
    QVERIFY(m_document->addModel("normal", kModel, &error));
    m_view = std::make_unique<kiln::ui::ModelView>(*m_document);
    m_view->resize(900, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
  }
  void cleanup() {
    m_view.reset();
    m_document.reset();
  }

  void shows_the_current_model() {
    QCOMPARE(editor().text(), kModel);
    QVERIFY(!editor().isReadOnly());
  }

  void typing_an_error_marks_its_line_and_fixing_it_clears_it() {
    QSignalSpy analyzed(&analyzer(), &ModelAnalyzer::analyzed);
    editor().setFocus();
    editor().setCursorPosition(4, editor().text(4).size() - 1); // before the line break
    QTest::keyClick(&editor(), Qt::Key_Return); // auto-indent keeps the body's indent
    QTest::keyClicks(&editor(), "x = undefined_name");
    // Typing went through the document.
    QVERIFY2(m_document->currentModelSource().endsWith("    x = undefined_name\n"),
             qPrintable(m_document->currentModelSource()));
    QCOMPARE(m_document->currentModelSource(), editor().text());

    QTRY_VERIFY_WITH_TIMEOUT(editor().markersAtLine(5) & (1 << CodeEditor::kErrorMarker), 3000);
    QCOMPARE(editor().markersAtLine(4), 0u);
    const long name = editor().text().toUtf8().indexOf("undefined_name");
    QVERIFY(editor().SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                                   static_cast<unsigned long>(CodeEditor::kErrorIndicator),
                                   name + 3));
    QVERIFY(!editor().SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                                    static_cast<unsigned long>(CodeEditor::kErrorIndicator), 5L));

    // Hover: over the squiggle, and over the margin symbol of its line.
    const QPoint overName = pointAt(editor(), name + 3);
    QVERIFY2(editor().toolTipAt(overName).contains("undefined_name"),
             qPrintable(editor().toolTipAt(overName)));
    QVERIFY(editor().toolTipAt(overName).startsWith("error: "));
    QVERIFY(editor().toolTipAt(QPoint(4, overName.y())).contains("undefined_name"));
    QVERIFY(editor().toolTipAt(pointAt(editor(), 2)).isEmpty());
    QHelpEvent hover(QEvent::ToolTip, overName, editor().viewport()->mapToGlobal(overName));
    QApplication::sendEvent(editor().viewport(), &hover);
    QTRY_VERIFY(QToolTip::text().contains("undefined_name"));

    // Undo (the editor's own key) takes the typing back, through the document.
    QTest::keyClick(&editor(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(editor().text(), kModel);
    QCOMPARE(m_document->currentModelSource(), kModel);
    QTRY_VERIFY_WITH_TIMEOUT(!(editor().markersAtLine(5) & (1 << CodeEditor::kErrorMarker)), 3000);
    QTest::keyClick(&editor(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(editor().text().endsWith("undefined_name\n"));
  }

  void a_warning_gets_its_own_marker() {
    // pyro.sample with an observation passed positionally: the checker warns.
    m_document->editModelSource(kModel + "    pyro.sample(\"y\", dist.Normal(mu, 1.), 2.)\n");
    QTRY_VERIFY_WITH_TIMEOUT(editor().markersAtLine(5) & (1 << CodeEditor::kWarningMarker), 3000);
    QVERIFY(!(editor().markersAtLine(5) & (1 << CodeEditor::kErrorMarker)));
  }

  void go_to_span_selects_the_sites_call() {
    editor().goToSpan(5, 10);
    QCOMPARE(editor().selectedText(), QString("pyro.sample(\"mu\", dist.Normal(0., 1.))"));
    int line = 0, index = 0;
    editor().getCursorPosition(&line, &index);
    QCOMPARE(line, 4);
  }

  void changes_from_the_document_put_the_caret_after_the_change() {
    editor().setCursorPosition(4, 4);
    m_document->editModelSource("# a comment\n" + kModel);
    int line = 0, index = 0;
    editor().getCursorPosition(&line, &index);
    QCOMPARE(editor().text(), "# a comment\n" + kModel);
    QCOMPARE(line, 1); // just after the inserted text, as an undo shows it
    QCOMPARE(index, 0);
    m_document->undoStack()->undo();
    QCOMPARE(editor().text(), kModel);
  }

  void another_model_replaces_the_text_and_its_markers() {
    m_document->editModelSource(kModel + "    y = nope\n");
    QTRY_VERIFY_WITH_TIMEOUT(editor().markersAtLine(5) & (1 << CodeEditor::kErrorMarker), 3000);
    QString error;
    QVERIFY(m_document->addModel("other", "def model():\n    pass\n", &error));
    QCOMPARE(editor().text(), QString("def model():\n    pass\n"));
    QCOMPARE(editor().markersAtLine(5), 0u);
    QVERIFY(m_document->setCurrentModel("normal"));
    QCOMPARE(editor().text(), kModel + "    y = nope\n"); // unsaved text is kept
  }
};

QTEST_MAIN(CodeEditorTest)
#include "code_editor_test.moc"
