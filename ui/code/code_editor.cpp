#include "ui/code/code_editor.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QToolTip>
#include <QUndoStack>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexerpython.h>

#include "ui/common/qt_text.h"
#include "ui/document/project_document.h"
#include "ui/model/model_analysis.h"

namespace kiln::ui {

namespace {

const QColor kErrorColor(0xd0, 0x30, 0x30);
const QColor kWarningColor(0xe0, 0x90, 0x20);

// The position just past the call that begins at or after `from`: its matching ')' (strings
// skipped), or the end of the line when the line holds no complete call.
int callEnd(const QByteArray& text, int from) {
  int depth = 0;
  char quote = 0;
  for (int i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0 && --depth == 0) {
      return i + 1;
    } else if (c == '\n' && depth == 0) {
      return i;
    }
  }
  return static_cast<int>(text.size());
}

} // namespace

CodeEditor::CodeEditor(ProjectDocument& document, QWidget* parent)
    : QsciScintilla(parent), m_document(document) {
  setUtf8(true); // Scintilla's positions are then the byte offsets of core's spans
  auto* lexer = new QsciLexerPython(this);
  const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  lexer->setDefaultFont(mono);
  lexer->setFont(mono);
  setLexer(lexer);
  setMarginsFont(mono);
  setMarginType(0, QsciScintilla::NumberMargin);
  setMarginWidth(0, QStringLiteral("00000"));
  setMarginType(1, QsciScintilla::SymbolMargin);
  setMarginWidth(1, 16);
  setMarginMarkerMask(1, (1 << kErrorMarker) | (1 << kWarningMarker));
  markerDefine(QsciScintilla::Circle, kErrorMarker);
  setMarkerBackgroundColor(kErrorColor, kErrorMarker);
  setMarkerForegroundColor(kErrorColor, kErrorMarker);
  markerDefine(QsciScintilla::RightTriangle, kWarningMarker);
  setMarkerBackgroundColor(kWarningColor, kWarningMarker);
  setMarkerForegroundColor(kWarningColor, kWarningMarker);
  indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
  setIndicatorForegroundColor(kErrorColor, kErrorIndicator);
  indicatorDefine(QsciScintilla::SquiggleIndicator, kWarningIndicator);
  setIndicatorForegroundColor(kWarningColor, kWarningIndicator);
  setIndentationsUseTabs(false);
  setIndentationWidth(4);
  setAutoIndent(true);
  setTabWidth(4);
  setCaretLineVisible(true);
  setBraceMatching(QsciScintilla::SloppyBraceMatch);

  SendScintilla(SCI_SETUNDOCOLLECTION, 0L);
  // Undo and redo keys go to the document's history (keyPressEvent), not Scintilla's.
  for (auto command : {QsciCommand::Undo, QsciCommand::Redo}) {
    standardCommands()->find(command)->setKey(0);
    standardCommands()->find(command)->setAlternateKey(0);
  }
  viewport()->installEventFilter(this);

  connect(this, &QsciScintilla::textChanged, this, [this] {
    if (!m_applying)
      m_document.editModelSource(text());
  });
  connect(&m_document, &ProjectDocument::currentModelChanged, this, &CodeEditor::showModel);
  connect(&m_document, &ProjectDocument::modelSourceChanged, this, &CodeEditor::applySource);
  showModel(m_document.currentModelName());
}

void CodeEditor::showModel(const QString& name) {
  m_applying = true;
  setText(m_document.currentModelSource());
  m_applying = false;
  setReadOnly(name.isEmpty());
  clearDiagnostics();
}

void CodeEditor::applySource(const QString& name, const QString& source) {
  if (name != m_document.currentModelName())
    return;
  const QByteArray now = text().toUtf8();
  const QByteArray next = source.toUtf8();
  if (now == next)
    return;
  // Replace only the part that differs, so the view and the caret stay put.
  int prefix = 0;
  while (prefix < now.size() && prefix < next.size() && now[prefix] == next[prefix])
    ++prefix;
  int suffix = 0;
  while (suffix < now.size() - prefix && suffix < next.size() - prefix &&
         now[now.size() - 1 - suffix] == next[next.size() - 1 - suffix])
    ++suffix;
  const QByteArray inserted = next.mid(prefix, next.size() - prefix - suffix);
  m_applying = true;
  SendScintilla(SCI_SETTARGETRANGE, static_cast<unsigned long>(prefix),
                static_cast<long>(now.size() - suffix));
  SendScintilla(SCI_REPLACETARGET, static_cast<unsigned long>(inserted.size()),
                inserted.constData());
  SendScintilla(SCI_GOTOPOS, static_cast<unsigned long>(prefix + inserted.size()));
  m_applying = false;
}

void CodeEditor::clearDiagnostics() {
  m_diagnostics.clear();
  markerDeleteAll(kErrorMarker);
  markerDeleteAll(kWarningMarker);
  const long length = SendScintilla(SCI_GETLENGTH);
  for (int indicator : {kErrorIndicator, kWarningIndicator}) {
    SendScintilla(SCI_SETINDICATORCURRENT, static_cast<unsigned long>(indicator));
    SendScintilla(SCI_INDICATORCLEARRANGE, 0UL, length);
  }
}

void CodeEditor::showAnalysis(const ModelAnalysis& analysis) {
  if (analysis.text != text())
    return;
  clearDiagnostics();
  m_diagnostics = analysis.diagnostics;
  m_analyzedText = analysis.text;
  const long length = SendScintilla(SCI_GETLENGTH);
  for (const auto& d : m_diagnostics) {
    if (d.severity == lang::Severity::note)
      continue;
    const bool error = d.severity == lang::Severity::error;
    markerAdd(static_cast<int>(d.span.line) - 1, error ? kErrorMarker : kWarningMarker);
    long begin = std::min<long>(d.span.begin, length);
    long end = std::min<long>(std::max(d.span.end, d.span.begin + 1), length);
    if (begin == end && begin > 0)
      --begin; // at the end of the text: mark the last character
    SendScintilla(SCI_SETINDICATORCURRENT,
                  static_cast<unsigned long>(error ? kErrorIndicator : kWarningIndicator));
    SendScintilla(SCI_INDICATORFILLRANGE, static_cast<unsigned long>(begin), end - begin);
  }
}

void CodeEditor::goToSpan(int line, int column) {
  const int lineStart = static_cast<int>(
      SendScintilla(SCI_POSITIONFROMLINE, static_cast<unsigned long>(std::max(line - 1, 0))));
  // Columns count characters; Scintilla moves by them with POSITIONRELATIVE.
  const int start = static_cast<int>(SendScintilla(
      SCI_POSITIONRELATIVE, static_cast<unsigned long>(lineStart), std::max(column - 1, 0)));
  const int end = callEnd(text().toUtf8(), start);
  SendScintilla(SCI_SETSEL, static_cast<unsigned long>(start), static_cast<long>(end));
  SendScintilla(SCI_SCROLLCARET);
  setFocus();
}

int CodeEditor::marginsWidth() const {
  int width = 0;
  for (unsigned long margin = 0; margin < 5; ++margin)
    width += static_cast<int>(SendScintilla(SCI_GETMARGINWIDTHN, margin));
  return width;
}

QString CodeEditor::toolTipAt(const QPoint& point) const {
  if (m_diagnostics.empty() || text() != m_analyzedText)
    return {};
  const bool overMargin = point.x() < marginsWidth();
  const long position = SendScintilla(SCI_POSITIONFROMPOINT, static_cast<unsigned long>(point.x()),
                                      static_cast<long>(point.y()));
  const long line = SendScintilla(SCI_LINEFROMPOSITION, static_cast<unsigned long>(position));
  const long close =
      SendScintilla(SCI_POSITIONFROMPOINTCLOSE, static_cast<unsigned long>(point.x()),
                    static_cast<long>(point.y()));
  QStringList messages;
  for (const auto& d : m_diagnostics) {
    const bool hit = overMargin
                         ? static_cast<long>(d.span.line) - 1 == line
                         : close >= 0 && d.span.begin <= close &&
                               close < static_cast<long>(std::max(d.span.end, d.span.begin + 1));
    if (!hit)
      continue;
    QString message = QString("%1: %2").arg(lang::severity_name(d.severity), qt_text(d.message));
    if (!d.suggestion.empty())
      message += "\n" + qt_text(d.suggestion);
    messages << message;
  }
  return messages.join("\n\n");
}

bool CodeEditor::eventFilter(QObject* watched, QEvent* event) {
  if (watched == viewport() && event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QString tip = toolTipAt(help->pos());
    if (tip.isEmpty())
      QToolTip::hideText();
    else
      QToolTip::showText(help->globalPos(), tip, viewport());
    return true;
  }
  return QsciScintilla::eventFilter(watched, event);
}

void CodeEditor::keyPressEvent(QKeyEvent* event) {
  if (event->matches(QKeySequence::Undo)) {
    m_document.undoStack()->undo();
    return;
  }
  if (event->matches(QKeySequence::Redo)) {
    m_document.undoStack()->redo();
    return;
  }
  QsciScintilla::keyPressEvent(event);
}

} // namespace kiln::ui
