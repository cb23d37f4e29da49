#pragma once
// How far each chain has come (warmup and sampling draws against the run's plan) and how many
// divergent transitions it has had after warmup; for SVI, the steps taken against the steps
// planned. Follows the model's updates, so it moves while the run goes.

#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace kiln::ui {

class RunModel;

class ChainProgress : public QWidget {
  Q_OBJECT
public:
  explicit ChainProgress(QWidget* parent = nullptr);

  void setModel(const RunModel* model);

  int rowCount() const { return static_cast<int>(m_bars.size()); }
  QProgressBar* bar(int row) const { return m_bars[static_cast<size_t>(row)]; }
  QLabel* divergenceLabel(int row) const { return m_divergences[static_cast<size_t>(row)]; }
  QLabel* statusLabel() const { return m_status; }

private:
  void refresh();
  void ensureRows(int rows);

  const RunModel* m_model = nullptr;
  QGridLayout* m_grid;
  QLabel* m_status;
  std::vector<QLabel*> m_names;
  std::vector<QProgressBar*> m_bars;
  std::vector<QLabel*> m_divergences;
};

} // namespace kiln::ui
