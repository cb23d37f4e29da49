#pragma once
// Checks the model as the user types: a change starts a ~300 ms timer, and when the typing
// pauses the text is analyzed (model_analysis.h) on a worker thread, so the UI never waits for
// the checker, a trial run or the graph. A result whose text has changed since is dropped, so
// `analyzed` always describes the text the editor holds.

#include <atomic>
#include <memory>

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include "ui/model/model_analysis.h"

namespace kiln::ui {

class ModelAnalyzer : public QObject {
  Q_OBJECT
public:
  static constexpr int kDebounceMs = 300;

  explicit ModelAnalyzer(QObject* parent = nullptr);
  // Waits for an analysis under way (they are short: parsing, checking, one trial run).
  ~ModelAnalyzer() override;

  // The model being edited: its name, its text and the data it is checked against (may be
  // null). Each change schedules an analysis.
  void setModel(const QString& name, const QString& text);
  void setText(const QString& text);
  void setData(std::shared_ptr<const lang::DataMap> data);
  // Analyzes now, without waiting for the typing to pause.
  void analyzeNow();

  // The last result emitted; revision 0 before the first.
  const ModelAnalysis& latest() const { return m_latest; }

signals:
  void analyzed(const kiln::ui::ModelAnalysis& analysis);

private:
  void schedule();
  void start();
  void finish(ModelAnalysis analysis);

  QString m_name;
  QString m_text;
  std::shared_ptr<const lang::DataMap> m_data;
  // Bumped by every change; shared with the worker, which skips work already stale.
  std::shared_ptr<std::atomic<uint64_t>> m_revision;
  ModelAnalysis m_latest;
  QTimer m_debounce;
  QThreadPool m_pool;
};

} // namespace kiln::ui
