#include "ui/diagnostics/summary_model.h"

#include <cmath>

#include "ui/common/qt_text.h"

namespace kiln::ui {

namespace {

double field(const diagnostics::SummaryRow& row, int column) {
  const double values[] = {row.mean,    row.sd,       row.hdi_lower, row.hdi_upper, row.mcse_mean,
                           row.mcse_sd, row.ess_bulk, row.ess_tail,  row.r_hat};
  return values[column];
}

// As format_summary_text rounds: 3 decimals, 2 for r_hat, whole numbers for the ESS.
QString cellText(double value, int column) {
  if (std::isnan(value))
    return QStringLiteral("nan");
  const int decimals = column == SummaryModel::kRhatColumn ? 2
                       : (column == 6 || column == 7)      ? 0
                                                           : 3;
  return QString::number(value, 'f', decimals);
}

} // namespace

void SummaryModel::setSummary(const diagnostics::Summary& summary) {
  const bool sameShape =
      summary.rows.size() == m_summary.rows.size() && summary.hdi_prob == m_summary.hdi_prob;
  if (!sameShape) {
    beginResetModel();
    m_summary = summary;
    endResetModel();
    return;
  }
  m_summary = summary;
  if (rowCount() > 0)
    emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
  emit headerDataChanged(Qt::Vertical, 0, std::max(0, rowCount() - 1));
}

int SummaryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_summary.rows.size());
}

int SummaryModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 9;
}

SummaryModel::RhatLevel SummaryModel::rhatLevel(double rhat) {
  if (std::isnan(rhat))
    return RhatLevel::Unknown;
  return rhat < 1.01 ? RhatLevel::Good : rhat < 1.05 ? RhatLevel::Doubtful : RhatLevel::Bad;
}

QColor SummaryModel::rhatColor(RhatLevel level) {
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

QVariant SummaryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
    return {};
  const auto& row = m_summary.rows[static_cast<size_t>(index.row())];
  const double value = field(row, index.column());
  switch (role) {
  case Qt::DisplayRole:
    return cellText(value, index.column());
  case Qt::TextAlignmentRole:
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  case Qt::ToolTipRole:
    if (index.column() == kRhatColumn) {
      switch (rhatLevel(value)) {
      case RhatLevel::Bad:
        return tr("R-hat %1 ≥ 1.05: the chains disagree").arg(value);
      case RhatLevel::Doubtful:
        return tr("R-hat %1 ≥ 1.01: run longer to be sure").arg(value);
      case RhatLevel::Good:
        return tr("R-hat %1 < 1.01").arg(value);
      case RhatLevel::Unknown:
        return tr("R-hat needs two or more chains");
      }
    }
    return QString::number(value, 'g', 17);
  case Qt::BackgroundRole:
    if (index.column() == kRhatColumn && rhatLevel(value) != RhatLevel::Unknown)
      return rhatColor(rhatLevel(value));
    return {};
  default:
    return {};
  }
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole)
    return {};
  if (orientation == Qt::Horizontal) {
    const auto columns = m_summary.columns();
    return section < static_cast<int>(columns.size()) ? qt_text(columns[section]) : QVariant();
  }
  return section < rowCount() ? qt_text(m_summary.rows[static_cast<size_t>(section)].name)
                              : QVariant();
}

} // namespace kiln::ui
