#pragma once
// The posterior of one quantity: a histogram of the sampling draws of every chain (as a
// density), a Gaussian kernel density estimate over it, and the 94% highest density interval
// from core/diagnostics/hdi.h, the same interval as the summary table's. Recomputed from all
// draws on each update while shown; hidden, it only notes that it is out of date.

#include <qcustomplot.h>

#include "ui/diagnostics/run_data.h" // first: it brings in tensors for Qt code

#include "core/diagnostics/hdi.h"

namespace kiln::ui {

class RunModel;

class PosteriorPlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit PosteriorPlot(QWidget* parent = nullptr);

  void setModel(const RunModel* model);
  void setQuantity(const Quantity& quantity);
  const Quantity& quantity() const { return m_quantity; }

  // Recomputes from the model's draws now (done on updates while the plot is visible).
  void recompute();
  // The colour of the bars and the density (a compared run's differs).
  void setColor(const QColor& color);
  // The range of the draws with the density's tails; empty before any draws.
  QCPRange dataRange() const;

  QCPBars* histogram() const { return m_bars; }
  QCPGraph* density() const { return m_density; }
  // The interval drawn; nan bounds without draws.
  diagnostics::Interval hdi() const { return m_hdi; }
  QCPItemStraightLine* hdiLine(int side) const { return m_hdiLines[side]; }
  // Draws pooled over chains (cut to the shortest chain) that the histogram counts.
  int64_t drawCount() const { return m_count; }

signals:
  // Drawn afresh from the draws.
  void recomputed();

protected:
  void showEvent(QShowEvent* event) override;

private:
  void changed();

  const RunModel* m_model = nullptr;
  Quantity m_quantity;
  QCPBars* m_bars;
  QCPGraph* m_density;
  QCPItemStraightLine* m_hdiLines[2];
  QCPItemLine* m_hdiBar;
  QCPItemText* m_hdiText;
  diagnostics::Interval m_hdi{std::nan(""), std::nan("")};
  int64_t m_count = 0;
  bool m_stale = true;
};

} // namespace kiln::ui
