#include "ui/diagnostics/autocorr_plot.h"

#include "ui/common/aten.h"

#include "core/diagnostics/autocovariance.h"
#include "ui/diagnostics/plot_style.h"

namespace kiln::ui {

AutocorrPlot::AutocorrPlot(QWidget* parent) : ChainPlot(parent) {
  setObjectName("autocorrelation");
  xAxis->setLabel(tr("lag"));
  yAxis->setLabel(tr("autocorrelation"));
  yAxis->grid()->setZeroLinePen(QPen(QColor(0x88, 0x88, 0x88), 0));
}

QCPGraph* AutocorrPlot::chainGraph(int chain) const {
  return chain >= 0 && chain < graphCount() ? graph(chain) : nullptr;
}

void AutocorrPlot::plotChains(const std::vector<double>& x, int64_t chains, int64_t draws) {
  clearGraphs();
  xAxis->setRange(0, kMaxLag);
  yAxis->setRange(-0.25, 1.05);
  if (draws < 2 || chains == 0)
    return;
  const at::Tensor rho = diagnostics::autocorrelation(
      at::from_blob(const_cast<double*>(x.data()), {chains, draws}, at::kDouble));
  const int64_t lags = std::min(draws - 1, kMaxLag) + 1;
  for (int64_t c = 0; c < chains; ++c) {
    const double* r = rho[c].data_ptr<double>();
    QVector<QCPGraphData> points(static_cast<int>(lags));
    for (int64_t k = 0; k < lags; ++k)
      points[static_cast<int>(k)] = {static_cast<double>(k), r[k]};
    QCPGraph* g = addGraph();
    g->setPen(QPen(chainColor(static_cast<int>(c)), 1.5));
    g->setName(tr("chain %1").arg(c));
    g->data()->set(points, true);
  }
  xAxis->setRange(0, static_cast<double>(lags - 1));
}

} // namespace kiln::ui
