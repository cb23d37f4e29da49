#pragma once
// The posterior summary as `kiln run` prints it (core/diagnostics/summary.h: the same numbers,
// rounded the same way), one row per scalar, R-hat coloured at 1.01 / 1.05 (SummaryModel), and
// the divergent transitions after warmup below it. Live: it follows the run model's summary,
// which the reading thread recomputes while the run goes.

#include <QWidget>

class QLabel;
class QTableView;

namespace kiln::ui {

class RunModel;
class SummaryModel;

class SummaryTable : public QWidget {
  Q_OBJECT
public:
  explicit SummaryTable(QWidget* parent = nullptr);

  void setModel(const RunModel* model);

  QTableView* view() const { return m_view; }
  SummaryModel* summaryModel() const { return m_rows; }
  QLabel* divergenceLabel() const { return m_divergences; }

private:
  void showSummary();
  void showDivergences();

  const RunModel* m_model = nullptr;
  SummaryModel* m_rows;
  QTableView* m_view;
  QLabel* m_divergences;
};

} // namespace kiln::ui
