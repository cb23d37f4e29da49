#include "ui/diagnostics/chain_progress.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

#include "ui/common/qt_text.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

ChainProgress::ChainProgress(QWidget* parent) : QWidget(parent) {
  m_status = new QLabel(this);
  m_status->setTextFormat(Qt::PlainText);
  m_status->setWordWrap(true);
  m_grid = new QGridLayout;
  m_grid->setHorizontalSpacing(8);
  m_grid->setVerticalSpacing(3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_status);
  layout->addLayout(m_grid);
  refresh();
}

void ChainProgress::setModel(const RunModel* model) {
  if (m_model)
    disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &RunModel::reset, this, &ChainProgress::refresh);
    connect(m_model, &RunModel::updated, this, &ChainProgress::refresh);
    connect(m_model, &RunModel::failed, this, &ChainProgress::refresh);
  }
  refresh();
}

void ChainProgress::ensureRows(int rows) {
  while (rowCount() > rows) {
    delete m_names.back();
    delete m_bars.back();
    delete m_divergences.back();
    m_names.pop_back();
    m_bars.pop_back();
    m_divergences.pop_back();
  }
  while (rowCount() < rows) {
    const int r = rowCount();
    auto* name = new QLabel(this);
    auto* bar = new QProgressBar(this);
    bar->setTextVisible(true);
    bar->setAlignment(Qt::AlignCenter);
    bar->setMinimumWidth(bar->fontMetrics().horizontalAdvance("sampling 00000/00000") + 24);
    auto* div = new QLabel(this);
    div->setMinimumWidth(div->fontMetrics().horizontalAdvance("000 divergent"));
    m_grid->addWidget(name, r, 0);
    m_grid->addWidget(bar, r, 1);
    m_grid->addWidget(div, r, 2);
    m_names.push_back(name);
    m_bars.push_back(bar);
    m_divergences.push_back(div);
  }
}

void ChainProgress::refresh() {
  if (!m_model || !m_model->isOpen()) {
    ensureRows(0);
    m_status->setText(tr("No run shown"));
    return;
  }
  if (!m_model->errorMessage().isEmpty()) {
    m_status->setText(m_model->errorMessage());
    return;
  }
  const RunData& data = m_model->data();
  const store::RunInfo& info = data.info();
  QString status = tr("Run %1 · %2 · %3")
                       .arg(info.id)
                       .arg(qt_text(info.algorithm).toUpper(), qt_text(info.status));
  if (!info.error.empty())
    status += " — " + qt_text(info.error);
  m_status->setText(status);
  if (!data.isMcmc()) {
    ensureRows(1);
    const int64_t planned = data.plannedSteps();
    const int64_t done =
        data.lossSteps().empty() ? 0 : static_cast<int64_t>(data.lossSteps().back());
    m_names[0]->setText(tr("steps"));
    m_bars[0]->setRange(0, static_cast<int>(std::max<int64_t>(planned, done)));
    m_bars[0]->setValue(static_cast<int>(done));
    m_bars[0]->setFormat(tr("%1/%2").arg(done).arg(planned));
    m_divergences[0]->clear();
    return;
  }
  const auto& chains = data.chains();
  ensureRows(static_cast<int>(info.num_chains));
  const int64_t warmup = data.plannedWarmup(), samples = data.plannedSamples();
  for (int c = 0; c < rowCount(); ++c) {
    const bool has = c < static_cast<int>(chains.size());
    const int64_t w = has ? chains[static_cast<size_t>(c)].warmup.rows : 0;
    const int64_t s = has ? chains[static_cast<size_t>(c)].sampling.rows : 0;
    const int64_t div = has ? chains[static_cast<size_t>(c)].divergences : 0;
    m_names[static_cast<size_t>(c)]->setText(tr("chain %1").arg(c));
    QProgressBar* bar = m_bars[static_cast<size_t>(c)];
    bar->setRange(0, static_cast<int>(std::max<int64_t>(1, std::max(warmup + samples, w + s))));
    bar->setValue(static_cast<int>(w + s));
    bar->setFormat(s > 0 || w >= warmup ? tr("sampling %1/%2").arg(s).arg(samples)
                                        : tr("warmup %1/%2").arg(w).arg(warmup));
    QLabel* label = m_divergences[static_cast<size_t>(c)];
    label->setText(tr("%1 divergent").arg(div));
    label->setStyleSheet(div > 0 ? "color: #b3261e;" : "color: #666;");
  }
}

} // namespace kiln::ui
