#include "ui/diagnostics/run_model.h"

#include <QElapsedTimer>
#include <QThread>

#include "ui/common/qt_text.h"

namespace kiln::ui {

// Lives on its own thread; every member is touched there only, through queued calls.
class RunReadWorker : public QObject {
public:
  RunReadWorker() { m_thread.start(); }
  ~RunReadWorker() override = default;

  // Moves itself to the thread (from the UI thread, before the first read).
  void attach() { moveToThread(&m_thread); }
  // From the UI thread: ends the thread after the read in progress.
  void stop() {
    m_thread.quit();
    m_thread.wait();
  }

  // On the worker thread: reads what is new of run `runId` (from its start when `generation`
  // is new) and posts it to `model`.
  void read(RunModel* model, quint64 generation, const QString& path, qint64 runId,
            int summaryIntervalMs) {
    auto delta = std::make_shared<RunDelta>();
    std::shared_ptr<diagnostics::Summary> summary;
    QString error;
    try {
      if (generation != m_generation) { // another open(): start from nothing
        m_generation = generation;
        m_mirror = RunData();
        m_summaryClock.invalidate();
        m_summaryFinal = false;
      }
      if (!m_reader || path != m_path) {
        m_reader = std::make_unique<store::RunReader>(utf8_text(path));
        m_path = path;
      }
      *delta = readRunDelta(*m_reader, runId, m_mirror.position());
      m_mirror.apply(*delta);
      summary = summaryFor(*delta, summaryIntervalMs);
    } catch (const std::exception& e) {
      m_reader.reset(); // a damaged or vanished file is opened afresh on the next read
      error = error_message(e);
    }
    QMetaObject::invokeMethod(
        model, [=] { model->received(generation, delta, summary, error); }, Qt::QueuedConnection);
  }

private:
  // A new summary when one is due: the stored one once the run has finished, else one computed
  // from the draws so far, at most every `intervalMs` while the run goes.
  std::shared_ptr<diagnostics::Summary> summaryFor(const RunDelta& delta, int intervalMs) {
    if (!m_mirror.layout())
      return nullptr;
    if (!m_mirror.isRunning()) {
      if (m_summaryFinal)
        return nullptr;
      m_summaryFinal = true;
      return std::make_shared<diagnostics::Summary>(
          m_mirror.storedSummary() ? *m_mirror.storedSummary() : m_mirror.computeSummary());
    }
    m_summaryFinal = false;
    bool grew = false;
    for (const auto& c : delta.chains)
      grew = grew || c.sampling.rows > 0;
    if (!grew || (m_summaryClock.isValid() && m_summaryClock.elapsed() < intervalMs))
      return nullptr;
    m_summaryClock.start();
    return std::make_shared<diagnostics::Summary>(m_mirror.computeSummary());
  }

  QThread m_thread;
  std::unique_ptr<store::RunReader> m_reader;
  QString m_path;
  quint64 m_generation = 0;
  RunData m_mirror; // what the model holds too, for the summary of all draws so far
  QElapsedTimer m_summaryClock;
  bool m_summaryFinal = false;
};

RunModel::RunModel(QObject* parent) : QObject(parent), m_worker(std::make_unique<RunReadWorker>()) {
  m_worker->attach();
  m_timer.setInterval(100);
  connect(&m_timer, &QTimer::timeout, this, &RunModel::refresh);
}

RunModel::~RunModel() {
  m_worker->stop();
}

void RunModel::open(const QString& projectPath, qint64 runId) {
  m_timer.stop();
  m_path = projectPath;
  m_runId = runId;
  m_data = RunData();
  m_summary.reset();
  m_error.clear();
  ++m_generation;
  emit reset();
  m_reading = false;
  refresh();
}

void RunModel::close() {
  m_timer.stop();
  m_runId = 0;
  m_data = RunData();
  m_summary.reset();
  m_error.clear();
  ++m_generation;
  m_reading = false;
  emit reset();
}

void RunModel::refresh() {
  if (m_reading || !isOpen())
    return;
  m_reading = true;
  RunReadWorker* worker = m_worker.get();
  const quint64 generation = m_generation;
  const QString path = m_path;
  const qint64 id = m_runId;
  const int interval = m_summaryIntervalMs;
  QMetaObject::invokeMethod(
      worker, [=] { worker->read(this, generation, path, id, interval); }, Qt::QueuedConnection);
}

void RunModel::received(quint64 generation, const std::shared_ptr<RunDelta>& delta,
                        const std::shared_ptr<diagnostics::Summary>& summary,
                        const QString& error) {
  if (generation != m_generation)
    return;
  m_reading = false;
  if (!error.isEmpty()) {
    m_timer.stop();
    m_error = error;
    emit failed(error);
    return;
  }
  const bool wasLive = m_timer.isActive();
  m_data.apply(*delta);
  if (summary) {
    m_summary = *summary;
    emit summaryChanged();
  }
  emit updated();
  if (m_data.isRunning() && !wasLive) {
    m_timer.start();
  } else if (!m_data.isRunning() && wasLive) {
    m_timer.stop();
    emit finished();
  }
}

} // namespace kiln::ui
