#include "ui/diagnostics/summary_table.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/diagnostics/run_model.h"
#include "ui/diagnostics/summary_model.h"

namespace kiln::ui {

SummaryTable::SummaryTable(QWidget* parent) : QWidget(parent) {
  m_rows = new SummaryModel(this);
  m_view = new QTableView(this);
  m_view->setModel(m_rows);
  m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setAlternatingRowColors(true);
  m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
  m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_divergences = new QLabel(this);
  m_divergences->setTextFormat(Qt::PlainText);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_view);
  layout->addWidget(m_divergences);
  showDivergences();
}

void SummaryTable::setModel(const RunModel* model) {
  if (m_model)
    disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &RunModel::reset, this, [this] {
      showSummary();
      showDivergences();
    });
    connect(m_model, &RunModel::summaryChanged, this, &SummaryTable::showSummary);
    connect(m_model, &RunModel::updated, this, &SummaryTable::showDivergences);
  }
  showSummary();
  showDivergences();
}

void SummaryTable::showSummary() {
  m_rows->setSummary(m_model && m_model->summary() ? *m_model->summary() : diagnostics::Summary());
}

void SummaryTable::showDivergences() {
  if (!m_model || !m_model->data().isMcmc()) {
    m_divergences->hide();
    return;
  }
  const RunData& data = m_model->data();
  QStringList perChain;
  for (const auto& c : data.chains())
    perChain << QString::number(c.divergences);
  const int64_t total = data.totalDivergences();
  m_divergences->setText(
      (total == 1 ? tr("1 divergent transition after warmup")
                  : tr("%1 divergent transitions after warmup").arg(total)) +
      (perChain.size() > 1 ? tr("  (by chain: %1)").arg(perChain.join(", ")) : QString()));
  m_divergences->setStyleSheet(total > 0 ? "color: #b3261e; font-weight: bold;" : QString());
  m_divergences->show();
}

} // namespace kiln::ui
