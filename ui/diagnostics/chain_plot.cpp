#include "ui/diagnostics/chain_plot.h"

#include "ui/diagnostics/plot_export.h"
#include "ui/diagnostics/plot_style.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

ChainPlot::ChainPlot(QWidget* parent) : QCustomPlot(parent) {
  applyPlotStyle(*this);
  legend->setVisible(true);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  addExportMenu(*this);
}

void ChainPlot::setModel(const RunModel* model) {
  if (m_model)
    disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &RunModel::reset, this, &ChainPlot::changed);
    connect(m_model, &RunModel::updated, this, &ChainPlot::changed);
  }
  changed();
}

void ChainPlot::setQuantity(const Quantity& quantity) {
  m_quantity = quantity;
  changed();
}

void ChainPlot::changed() {
  m_stale = true;
  if (isVisible())
    recompute();
}

void ChainPlot::showEvent(QShowEvent* event) {
  QCustomPlot::showEvent(event);
  if (m_stale)
    recompute();
}

void ChainPlot::recompute() {
  m_stale = false;
  std::vector<double> x;
  int64_t draws = 0, chains = 0;
  if (m_model && m_quantity.valid()) {
    x = m_model->data().samplingMatrix(m_quantity, draws);
    chains = static_cast<int64_t>(m_model->data().chains().size());
  }
  plotChains(x, chains, draws);
  replot(rpQueuedReplot);
}

} // namespace kiln::ui
