#include "ui/console/console_view.h"

#include <QFontDatabase>
#include <QTime>

namespace kiln::ui {

namespace {

// Messages are capped so that a chatty run cannot grow the console without end.
constexpr int kMaxBlocks = 5000;

} // namespace

ConsoleView::ConsoleView(QWidget* parent) : QPlainTextEdit(parent) {
  setReadOnly(true);
  setMaximumBlockCount(kMaxBlocks);
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  setObjectName("console");
}

QStringList ConsoleView::lines() const {
  return toPlainText().split('\n', Qt::SkipEmptyParts);
}

void ConsoleView::add(ConsoleLevel level, const QString& text) {
  const char* colour = level == ConsoleLevel::error     ? "#c03030"
                       : level == ConsoleLevel::warning ? "#b07000"
                                                        : "";
  const char* name = level == ConsoleLevel::error     ? "error: "
                     : level == ConsoleLevel::warning ? "warning: "
                                                      : "";
  // A message of several lines (a model's traceback) keeps its lines, each escaped.
  QString body = QString(name + text).toHtmlEscaped();
  body.replace('\n', "<br>&nbsp;&nbsp;");
  const QString stamp = QTime::currentTime().toString("HH:mm:ss");
  appendHtml(
      QString("<span style=\"color:#808080\">%1</span> <span%2>%3</span>")
          .arg(stamp, *colour ? QString(" style=\"color:%1\"").arg(colour) : QString(), body));
}

} // namespace kiln::ui
