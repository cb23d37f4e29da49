#include "ui/run/run_controller.h"

#include <QMetaObject>

#include "ui/common/qt_text.h"

namespace kiln::ui {

namespace {

// At most 20 progress posts a second: a plot redraws at that rate anyway.
constexpr std::chrono::milliseconds kProgressInterval{50};
// How often the project takes what the run drew, so that a reader follows it closely.
constexpr int64_t kCommitMs = 100;

} // namespace

RunController::RunController(QObject* parent) : QObject(parent) {}

RunController::~RunController() {
  m_cancel.store(true);
  if (m_worker.joinable())
    m_worker.join();
}

bool RunController::start(const RunRequest& request) {
  if (m_running)
    return false;
  if (m_worker.joinable())
    m_worker.join(); // the last run's thread, already past its end
  m_running = true;
  m_runId = 0;
  m_cancel.store(false);
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_progress = Progress{};
    m_lastPost = {};
  }
  run::RunSpec spec = request.spec();
  spec.writer.commit_ms = kCommitMs;
  emit runningChanged(true);
  m_worker = std::thread([this, spec = std::move(spec)]() mutable { work(std::move(spec)); });
  return true;
}

void RunController::stop() {
  if (m_running)
    m_cancel.store(true);
}

void RunController::work(run::RunSpec spec) {
  run::RunEvents events;
  events.started = [this](int64_t id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
          m_runId = id;
          emit runStarted(id);
        },
        Qt::QueuedConnection);
  };
  events.mcmc_iteration = [this](const run::McmcIteration& it) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      auto& chains = m_progress.chains;
      if (chains.size() <= static_cast<size_t>(it.info.chain))
        chains.resize(static_cast<size_t>(it.info.chain) + 1);
      chains[static_cast<size_t>(it.info.chain)] = {it.info.iteration + 1, it.total, it.warmup,
                                                    it.divergences};
    }
    progressed(false);
  };
  const int64_t steps = spec.svi.steps;
  events.svi_step = [this, steps](const run::SviStep& step) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_progress.step = step.step;
      m_progress.steps = steps;
      m_progress.loss = step.loss;
    }
    progressed(false);
  };

  const run::RunOutcome outcome = run::execute_run(spec, events, &m_cancel);
  progressed(true); // the last state, whatever the throttle held back
  const QString status = qt_text(store::status_name(outcome.status));
  const QString error = qt_text(outcome.error);
  const qint64 id = outcome.run_id;
  QMetaObject::invokeMethod(
      this, [this, id, status, error] { finished(id, status, error); }, Qt::QueuedConnection);
}

void RunController::progressed(bool force) {
  Progress snapshot;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - m_lastPost < kProgressInterval)
      return;
    m_lastPost = now;
    snapshot = m_progress;
  }
  QMetaObject::invokeMethod(
      this, [this, snapshot] { emitProgress(snapshot); }, Qt::QueuedConnection);
}

void RunController::emitProgress(const Progress& progress) {
  for (size_t c = 0; c < progress.chains.size(); ++c) {
    const ChainState& s = progress.chains[c];
    if (s.total > 0)
      emit chainProgress(static_cast<int>(c), s.iteration, s.total, s.warmup, s.divergences);
  }
  if (progress.steps > 0)
    emit sviProgress(progress.step, progress.steps, progress.loss);
}

void RunController::finished(qint64 runId, const QString& status, const QString& error) {
  if (m_worker.joinable())
    m_worker.join(); // it posted this as its last act
  m_running = false;
  m_runId = runId;
  emit runningChanged(false);
  emit runFinished(runId, status, error);
}

} // namespace kiln::ui
