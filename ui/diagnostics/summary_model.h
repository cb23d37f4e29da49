#pragma once
// The summary as a Qt table model: rows are computed on demand from the summary held, so a run
// with thousands of scalars costs only the rows on screen, and a live update is one
// dataChanged, not thousands of items rewritten.

#include <QAbstractTableModel>
#include <QColor>

#include "ui/common/tensor.h" // first: core headers below use tensors

#include "core/diagnostics/summary.h"

namespace kiln::ui {

class SummaryModel : public QAbstractTableModel {
  Q_OBJECT
public:
  using QAbstractTableModel::QAbstractTableModel;

  void setSummary(const diagnostics::Summary& summary);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  // Display: rounded as `kiln run` prints (3 decimals, 2 for r_hat, whole ESS); the R-hat
  // column's background by rhatLevel; ToolTip: the full value.
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  static constexpr int kRhatColumn = 8;
  // Vehtari et al. 2021: below 1.01 fine, up to 1.05 doubtful, above that the chains disagree;
  // unknown (nan) with one chain.
  enum class RhatLevel { Unknown, Good, Doubtful, Bad };
  static RhatLevel rhatLevel(double rhat);
  static QColor rhatColor(RhatLevel level);

private:
  diagnostics::Summary m_summary;
};

} // namespace kiln::ui
