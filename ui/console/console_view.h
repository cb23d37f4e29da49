#pragma once
// The Console dock: what the workbench has to tell, one line each with its time and level
// (messages, warnings, errors), newest at the bottom. Anyone with a message calls add(); the
// console never asks anyone for anything.

#include <QPlainTextEdit>

namespace kiln::ui {

enum class ConsoleLevel { message, warning, error };

class ConsoleView : public QPlainTextEdit {
  Q_OBJECT
public:
  explicit ConsoleView(QWidget* parent = nullptr);

  // The lines shown, as plain text ("12:03:04 warning: ..."), for tests and copying.
  QStringList lines() const;

public slots:
  void add(kiln::ui::ConsoleLevel level, const QString& text);
  void message(const QString& text) { add(ConsoleLevel::message, text); }
  void warning(const QString& text) { add(ConsoleLevel::warning, text); }
  void error(const QString& text) { add(ConsoleLevel::error, text); }
};

} // namespace kiln::ui
