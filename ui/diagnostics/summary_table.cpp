#include "ui/diagnostics/summary_table.h"

#include <cmath>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/common/qt_text.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

namespace {

// As format_summary_text rounds: 3 decimals, 2 for r_hat, whole numbers for the ESS.
QString cellText(double value, int column) {
  if (std::isnan(value))
    return QStringLiteral("nan");
  const int decimals = column == 8 ? 2 : (column == 6 || column == 7) ? 0 : 3;
  return QString::number(value, 'f', decimals);
}

double field(const diagnostics::SummaryRow& row, int column) {
  const double values[] = {row.mean,    row.sd,       row.hdi_lower, row.hdi_upper, row.mcse_mean,
                           row.mcse_sd, row.ess_bulk, row.ess_tail,  row.r_hat};
  return values[column];
}

} // namespace

SummaryTable::SummaryTable(QWidget* parent) : QWidget(parent) {
  m_table = new QTableWidget(this);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setAlternatingRowColors(true);
  m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_divergences = new QLabel(this);
  m_divergences->setTextFormat(Qt::PlainText);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_table);
  layout->addWidget(m_divergences);
  showSummary();
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

SummaryTable::RhatLevel SummaryTable::rhatLevel(double rhat) {
  if (std::isnan(rhat))
    return RhatLevel::Unknown;
  return rhat < 1.01 ? RhatLevel::Good : rhat < 1.05 ? RhatLevel::Doubtful : RhatLevel::Bad;
}

QColor SummaryTable::rhatColor(RhatLevel level) {
  switch (level) {
  case RhatLevel::Good:
    return QColor(0xd9, 0xf0, 0xd3);
  case RhatLevel::Doubtful:
    return QColor(0xfd, 0xe7, 0xa9);
  case RhatLevel::Bad:
    return QColor(0xf6, 0xc0, 0xbb);
  case RhatLevel::Unknown:
    break;
  }
  return QColor();
}

void SummaryTable::showSummary() {
  const diagnostics::Summary empty;
  const diagnostics::Summary& summary = m_model && m_model->summary() ? *m_model->summary() : empty;
  const auto columns = summary.columns();
  const int rows = static_cast<int>(summary.rows.size());
  if (m_table->columnCount() != static_cast<int>(columns.size())) {
    m_table->setColumnCount(static_cast<int>(columns.size()));
    QStringList headers;
    for (const auto& c : columns)
      headers << qt_text(c);
    m_table->setHorizontalHeaderLabels(headers);
  }
  if (m_table->rowCount() != rows) {
    m_table->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
      m_table->setVerticalHeaderItem(r, new QTableWidgetItem);
      for (int c = 0; c < m_table->columnCount(); ++c) {
        auto* item = new QTableWidgetItem;
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(r, c, item);
      }
    }
  }
  for (int r = 0; r < rows; ++r) {
    const auto& row = summary.rows[static_cast<size_t>(r)];
    m_table->verticalHeaderItem(r)->setText(qt_text(row.name));
    for (int c = 0; c < m_table->columnCount(); ++c)
      m_table->item(r, c)->setText(cellText(field(row, c), c));
    const RhatLevel level = rhatLevel(row.r_hat);
    QTableWidgetItem* rhat = m_table->item(r, 8);
    rhat->setBackground(level == RhatLevel::Unknown ? QBrush() : QBrush(rhatColor(level)));
    rhat->setToolTip(level == RhatLevel::Bad        ? tr("R-hat ≥ 1.05: the chains disagree")
                     : level == RhatLevel::Doubtful ? tr("R-hat ≥ 1.01: run longer to be sure")
                     : level == RhatLevel::Good     ? tr("R-hat < 1.01")
                                                    : tr("R-hat needs two or more chains"));
  }
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
