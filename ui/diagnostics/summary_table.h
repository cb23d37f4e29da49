#pragma once
// The posterior summary as `kiln run` prints it (core/diagnostics/summary.h: the same numbers,
// rounded the same way), one row per scalar, R-hat coloured by the usual thresholds (Vehtari et
// al. 2021: below 1.01 fine, up to 1.05 doubtful, above that the chains disagree), and the
// divergent transitions after warmup below it. Live: it follows the model's summary, which the
// reading thread recomputes while the run goes.

#include <QColor>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace kiln::ui {

class RunModel;

class SummaryTable : public QWidget {
  Q_OBJECT
public:
  explicit SummaryTable(QWidget* parent = nullptr);

  void setModel(const RunModel* model);

  QTableWidget* table() const { return m_table; }
  QLabel* divergenceLabel() const { return m_divergences; }

  // The background of an R-hat cell: none where R-hat is nan (one chain).
  enum class RhatLevel { Unknown, Good, Doubtful, Bad };
  static RhatLevel rhatLevel(double rhat);
  static QColor rhatColor(RhatLevel level);

private:
  void showSummary();
  void showDivergences();

  const RunModel* m_model = nullptr;
  QTableWidget* m_table;
  QLabel* m_divergences;
};

} // namespace kiln::ui
