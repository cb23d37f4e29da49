#pragma once
// The run the diagnostics show, on the UI thread: the plots listen to it and never to each other.
// Reading happens on a worker thread of its own (a RunReader kept open there); the UI thread only
// appends what a read found and tells the views. While the run's status is running, a timer asks
// for what is new ten times a second; a read is asked for only when the previous one is back, so
// a slow disk slows the frame rate, never the UI. The summary of a running run is recomputed on
// the worker (at most every summaryIntervalMs); a finished run shows the summary it stored.

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

#include "ui/diagnostics/run_data.h"

namespace kiln::ui {

class RunReadWorker;

class RunModel : public QObject {
  Q_OBJECT
public:
  explicit RunModel(QObject* parent = nullptr);
  ~RunModel() override;

  // Starts reading run `runId` of the project at `projectPath`: reset() at once, then
  // updated() when the first read is back, or failed() with a message.
  void open(const QString& projectPath, qint64 runId);
  // Forgets the run (reset(), nothing shown).
  void close();

  const QString& projectPath() const { return m_path; }
  qint64 runId() const { return m_runId; }
  bool isOpen() const { return m_runId > 0; }
  // Whether the timer is following a running run.
  bool isLive() const { return m_timer.isActive(); }
  bool isReading() const { return m_reading; }
  const RunData& data() const { return m_data; }
  // The summary shown: stored, or computed from the draws so far; none before any draws.
  const std::optional<diagnostics::Summary>& summary() const { return m_summary; }
  QString errorMessage() const { return m_error; }

  void setRefreshIntervalMs(int ms) { m_timer.setInterval(ms); }
  void setSummaryIntervalMs(int ms) { m_summaryIntervalMs = ms; }

public slots:
  // Asks for what is new; ignored while a read is out or nothing is open.
  void refresh();

signals:
  void reset();
  // New draws, metrics or status are in data(); views add what they have not shown yet.
  void updated();
  void summaryChanged();
  // The run is no longer running (it completed, failed, was cancelled or interrupted).
  void finished();
  void failed(const QString& message);

private:
  friend class RunReadWorker;
  void received(quint64 generation, const std::shared_ptr<RunDelta>& delta,
                const std::shared_ptr<diagnostics::Summary>& summary, const QString& error);

  QString m_path;
  qint64 m_runId = 0;
  RunData m_data;
  std::optional<diagnostics::Summary> m_summary;
  QString m_error;
  QTimer m_timer;
  bool m_reading = false;
  quint64 m_generation = 0; // which open() a read belongs to; stale answers are dropped
  int m_summaryIntervalMs = 1000;
  std::unique_ptr<RunReadWorker> m_worker;
};

} // namespace kiln::ui
