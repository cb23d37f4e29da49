#pragma once
// What the rank and autocorrelation plots share: one quantity's sampling draws per chain,
// recomputed from all draws on an update while shown, and only marked out of date while hidden.

#include <qcustomplot.h>

#include "ui/diagnostics/run_data.h"

namespace kiln::ui {

class RunModel;

class ChainPlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit ChainPlot(QWidget* parent = nullptr);

  void setModel(const RunModel* model);
  void setQuantity(const Quantity& quantity);
  const Quantity& quantity() const { return m_quantity; }

  // Recomputes from the model's draws now.
  void recompute();

protected:
  // Draws the plot of `chains` rows of `draws` sampling draws (row-major; chains cut to the
  // shortest); called with no draws too, to clear.
  virtual void plotChains(const std::vector<double>& x, int64_t chains, int64_t draws) = 0;
  void showEvent(QShowEvent* event) override;

private:
  void changed();

  const RunModel* m_model = nullptr;
  Quantity m_quantity;
  bool m_stale = true;
};

} // namespace kiln::ui
