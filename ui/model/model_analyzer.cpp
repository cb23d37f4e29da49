#include "ui/model/model_analyzer.h"

namespace kiln::ui {

ModelAnalyzer::ModelAnalyzer(QObject* parent)
    : QObject(parent), m_revision(std::make_shared<std::atomic<uint64_t>>(0)) {
  qRegisterMetaType<kiln::ui::ModelAnalysis>();
  m_debounce.setSingleShot(true);
  m_debounce.setInterval(kDebounceMs);
  connect(&m_debounce, &QTimer::timeout, this, &ModelAnalyzer::start);
  // One worker: analyses run one after another, and a queued one already stale is skipped.
  m_pool.setMaxThreadCount(1);
}

ModelAnalyzer::~ModelAnalyzer() {
  m_pool.clear();
  m_pool.waitForDone();
}

void ModelAnalyzer::setModel(const QString& name, const QString& text) {
  m_name = name;
  m_text = text;
  schedule();
}

void ModelAnalyzer::setText(const QString& text) {
  if (text == m_text)
    return;
  m_text = text;
  schedule();
}

void ModelAnalyzer::setData(std::shared_ptr<const lang::DataMap> data) {
  m_data = std::move(data);
  schedule();
}

void ModelAnalyzer::analyzeNow() {
  ++*m_revision;
  m_debounce.stop();
  start();
}

void ModelAnalyzer::schedule() {
  ++*m_revision;
  m_debounce.start();
}

void ModelAnalyzer::start() {
  const uint64_t revision = *m_revision;
  if (m_name.isEmpty()) { // no model: nothing to check, and nothing stays marked
    ModelAnalysis none;
    none.revision = revision;
    none.text = m_text;
    finish(std::move(none));
    return;
  }
  m_pool.start([this, revision, latest = m_revision, name = m_name, text = m_text, data = m_data] {
    if (*latest != revision)
      return;
    ModelAnalysis analysis = analyze_model(name, text, data);
    analysis.revision = revision;
    // Delivered on the analyzer's thread; dropped with the analyzer if it is gone by then.
    QMetaObject::invokeMethod(
        this, [this, analysis = std::move(analysis)]() mutable { finish(std::move(analysis)); },
        Qt::QueuedConnection);
  });
}

void ModelAnalyzer::finish(ModelAnalysis analysis) {
  if (analysis.revision != *m_revision)
    return;
  m_latest = std::move(analysis);
  emit analyzed(m_latest);
}

} // namespace kiln::ui
