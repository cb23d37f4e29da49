#include "ui/diagnostics/trace_plot.h"

#include "ui/common/qt_text.h"
#include "ui/diagnostics/plot_export.h"
#include "ui/diagnostics/plot_style.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

TracePlot::TracePlot(QWidget* parent) : QCustomPlot(parent) {
  setObjectName("trace");
  applyPlotStyle(*this);
  xAxis->setLabel(tr("iteration"));
  m_band = new QCPItemRect(this);
  m_band->setLayer("background");
  m_band->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
  m_band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_band->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
  m_band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_band->setPen(Qt::NoPen);
  m_band->setBrush(QColor(0, 0, 0, 18));
  m_band->setClipToAxisRect(true);
  m_band->setVisible(false);
  legend->setVisible(true);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  addExportMenu(*this);
}

void TracePlot::setModel(const RunModel* model) {
  if (m_model)
    disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &RunModel::reset, this, &TracePlot::rebuild);
    connect(m_model, &RunModel::updated, this, &TracePlot::addNew);
  }
  rebuild();
}

void TracePlot::setQuantity(const Quantity& quantity) {
  m_quantity = quantity;
  rebuild();
}

QCPGraph* TracePlot::chainGraph(int chain) const {
  return chain >= 0 && chain < graphCount() ? graph(chain) : nullptr;
}

void TracePlot::rebuild() {
  clearGraphs();
  m_shown.clear();
  m_warmupEnd = 0;
  m_band->setVisible(false);
  yAxis->setLabel(qt_text(m_quantity.name));
  addNew();
}

void TracePlot::addNew() {
  if (!m_model || !m_quantity.valid()) {
    replot(rpQueuedReplot);
    return;
  }
  const RunData& data = m_model->data();
  const auto& chains = data.chains();
  if (chains.size() < m_shown.size()) { // read afresh
    rebuild();
    return;
  }
  m_warmupEnd = static_cast<double>(data.plannedWarmup());
  while (m_shown.size() < chains.size()) {
    const int c = static_cast<int>(m_shown.size());
    QCPGraph* g = addGraph();
    QColor color = chainColor(c);
    g->setPen(QPen(color, 1));
    g->setName(tr("chain %1").arg(c));
    m_shown.emplace_back();
  }
  bool added = false;
  for (size_t c = 0; c < chains.size(); ++c) {
    const ChainDraws& chain = chains[c];
    Shown& shown = m_shown[c];
    QVector<QCPGraphData> points;
    points.reserve(
        static_cast<int>(chain.warmup.rows - shown.warmup + chain.sampling.rows - shown.sampling));
    // Warmup points lie left of warmupEnd(): late ones (read in an earlier snapshot than the
    // first sampling draws) still land in order.
    for (; shown.warmup < chain.warmup.rows; ++shown.warmup)
      points.push_back(
          {static_cast<double>(shown.warmup), data.value(m_quantity, chain.warmup, shown.warmup)});
    for (; shown.sampling < chain.sampling.rows; ++shown.sampling)
      points.push_back({m_warmupEnd + static_cast<double>(shown.sampling),
                        data.value(m_quantity, chain.sampling, shown.sampling)});
    if (!points.isEmpty()) {
      graph(static_cast<int>(c))->data()->add(points, true);
      added = true;
    }
  }
  if (m_warmupEnd > 0) {
    m_band->topLeft->setCoords(0, 0);
    m_band->bottomRight->setCoords(m_warmupEnd, 1);
    m_band->setVisible(true);
  }
  if (added) {
    rescaleAxes();
    const double end = m_warmupEnd + std::max<double>(1, data.plannedSamples());
    if (xAxis->range().upper < end && data.isRunning())
      xAxis->setRangeUpper(end); // a live run fills the axis from left to right
  }
  replot(rpQueuedReplot);
}

} // namespace kiln::ui
