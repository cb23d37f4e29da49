#pragma once
// The draws of one quantity against the iteration, one line per chain, the warmup shaded:
// chains that mix look like one band; a chain stuck elsewhere or a trend shows at once. Each
// update adds only the draws not yet shown.

#include <vector>

#include <qcustomplot.h>

#include "ui/diagnostics/run_data.h"

namespace kiln::ui {

class RunModel;

class TracePlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit TracePlot(QWidget* parent = nullptr);

  void setModel(const RunModel* model);
  void setQuantity(const Quantity& quantity);
  const Quantity& quantity() const { return m_quantity; }

  // Chain c's warmup draws at x = 0, 1, ... then its sampling draws from x = warmupEnd().
  QCPGraph* chainGraph(int chain) const;
  double warmupEnd() const { return m_warmupEnd; }
  // The shaded warmup band.
  QCPItemRect* warmupBand() const { return m_band; }

private:
  struct Shown {
    int64_t warmup = 0;
    int64_t sampling = 0;
  };
  void rebuild();
  void addNew();

  const RunModel* m_model = nullptr;
  Quantity m_quantity;
  std::vector<Shown> m_shown;
  double m_warmupEnd = 0;
  QCPItemRect* m_band = nullptr;
};

} // namespace kiln::ui
