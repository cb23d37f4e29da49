#pragma once
// The Code panel: the current model's text in QScintilla with Python highlighting, line
// numbers, and the analyzer's diagnostics as margin symbols (a line with an error or a
// warning) and squiggles under their spans; hovering over either shows the messages.
//
// The text belongs to the ProjectDocument: typing becomes EditModelSource commands, and the
// document's changes (undo, redo, another model) come back as minimal replacements, so the
// caret stays where the user works. Scintilla's own undo is off: one history, the document's.

#include <vector>

#include <Qsci/qsciscintilla.h>

#include "core/lang/diagnostic.h"

namespace kiln::ui {

class ProjectDocument;
struct ModelAnalysis;

class CodeEditor : public QsciScintilla {
  Q_OBJECT
public:
  // Marker and indicator numbers, for tests and for anyone reading markersAtLine().
  static constexpr int kErrorMarker = 0;
  static constexpr int kWarningMarker = 1;
  static constexpr int kErrorIndicator = 8;
  static constexpr int kWarningIndicator = 9;

  explicit CodeEditor(ProjectDocument& document, QWidget* parent = nullptr);

  // Shows `analysis`'s diagnostics when it describes the text shown now; a stale one is
  // ignored (the next will come).
  void showAnalysis(const ModelAnalysis& analysis);
  // Selects the call that starts at 1-based `line` and `column` (a site's pyro.sample(...)
  // as the graph gives it) and scrolls to it.
  void goToSpan(int line, int column);
  // The messages of the diagnostics under a point of the viewport: all of its line over the
  // margin, those whose span covers the character over the text. Empty when there are none.
  QString toolTipAt(const QPoint& point) const;

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

private:
  void showModel(const QString& name);
  void applySource(const QString& name, const QString& source);
  void clearDiagnostics();
  int marginsWidth() const;

  ProjectDocument& m_document;
  std::vector<lang::Diagnostic> m_diagnostics;
  // The text m_diagnostics' spans point into: once it is edited, the spans no longer match the
  // text, and hovering shows nothing until the next analysis (the marks move with the text).
  QString m_analyzedText;
  bool m_applying = false; // the text changes because the document changed, not the user
};

} // namespace kiln::ui
