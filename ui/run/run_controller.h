#pragma once
// Runs inference off the UI thread: one run at a time, on a worker thread, through core/run's
// execute_run, stored in the project as it goes (committed every ~100 ms, so live plots can read
// it while it runs). The UI hears of it only through queued signals, progress throttled to at
// most 20 updates a second, so the event loop never waits for the sampler. Errors of the model,
// the data or the run arrive as a finished run with status "failed" and the message; nothing
// the request holds can crash the workbench.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include <QObject>
#include <QString>

#include "ui/run/run_request.h"

namespace kiln::ui {

class RunController : public QObject {
  Q_OBJECT

public:
  explicit RunController(QObject* parent = nullptr);
  // A run still going is stopped, kept and finished as cancelled before this returns.
  ~RunController() override;

  bool isRunning() const { return m_running; }
  // The run going or last finished; 0 before its row is stored.
  qint64 runId() const { return m_runId; }

  // Starts `request` on a worker thread; false (and nothing happens) while a run is going.
  bool start(const RunRequest& request);
  // Asks the run to stop after its current iteration or step; what it drew or fitted is kept
  // and the run finishes as cancelled.
  void stop();

signals:
  void runningChanged(bool running);
  void runStarted(qint64 runId);
  // MCMC, per chain: iterations done of `total` (warmup first), and divergences so far.
  void chainProgress(int chain, qint64 iteration, qint64 total, bool warmup, qint64 divergences);
  // SVI: steps done of `total`, and the last step's loss.
  void sviProgress(qint64 step, qint64 total, double loss);
  // status: "completed", "cancelled" or "failed" (with the error: where and what).
  void runFinished(qint64 runId, const QString& status, const QString& error);

private:
  struct ChainState {
    qint64 iteration = 0;
    qint64 total = 0;
    bool warmup = true;
    qint64 divergences = 0;
  };
  struct Progress {
    std::vector<ChainState> chains;
    qint64 step = 0;
    qint64 steps = 0;
    double loss = 0.0;
  };

  void work(run::RunSpec spec);
  // On the worker: keeps the latest progress and posts it when the last post is old enough.
  void progressed(bool force);
  // On the UI thread: emits what was posted.
  void emitProgress(const Progress& progress);
  void finished(qint64 runId, const QString& status, const QString& error);

  bool m_running = false;
  qint64 m_runId = 0;
  std::atomic<bool> m_cancel{false};
  std::thread m_worker;

  std::mutex m_mutex; // guards m_progress and m_lastPost (chains report from several threads)
  Progress m_progress;
  std::chrono::steady_clock::time_point m_lastPost;
};

} // namespace kiln::ui
