#include "ui/diagnostics/posterior_plot.h"

#include <algorithm>
#include <cmath>

#include "ui/common/aten.h"

#include "ui/common/qt_text.h"
#include "ui/diagnostics/plot_export.h"
#include "ui/diagnostics/plot_style.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

namespace {

constexpr int kGridPoints = 200;
constexpr int kFineBins = 512;

// Silverman's rule of thumb (1986, eq. 3.31): 0.9 min(sd, IQR / 1.34) n^(-1/5).
double bandwidth(const std::vector<double>& sorted) {
  const double n = static_cast<double>(sorted.size());
  double mean = 0, ss = 0;
  for (double x : sorted)
    mean += x / n;
  for (double x : sorted)
    ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / std::max(1.0, n - 1));
  const double iqr =
      sorted[static_cast<size_t>(0.75 * (n - 1))] - sorted[static_cast<size_t>(0.25 * (n - 1))];
  const double spread = iqr > 0 ? std::min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * std::pow(n, -0.2);
}

} // namespace

PosteriorPlot::PosteriorPlot(QWidget* parent) : QCustomPlot(parent) {
  setObjectName("posterior");
  applyPlotStyle(*this);
  yAxis->setLabel(tr("density"));
  m_bars = new QCPBars(xAxis, yAxis);
  m_bars->setWidthType(QCPBars::wtPlotCoords);
  m_density = addGraph();
  setColor(chainColor(0));
  for (auto*& line : m_hdiLines) {
    line = new QCPItemStraightLine(this);
    line->setPen(QPen(QColor(0x33, 0x33, 0x33), 1, Qt::DashLine));
    line->setVisible(false);
  }
  m_hdiBar = new QCPItemLine(this);
  m_hdiBar->setPen(QPen(QColor(0x22, 0x22, 0x22), 4));
  m_hdiBar->setVisible(false);
  m_hdiText = new QCPItemText(this);
  m_hdiText->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
  m_hdiText->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  m_hdiText->setColor(QColor(0x22, 0x22, 0x22));
  m_hdiText->setVisible(false);
  addExportMenu(*this);
}

void PosteriorPlot::setModel(const RunModel* model) {
  if (m_model)
    disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &RunModel::reset, this, &PosteriorPlot::changed);
    connect(m_model, &RunModel::updated, this, &PosteriorPlot::changed);
  }
  changed();
}

void PosteriorPlot::setQuantity(const Quantity& quantity) {
  m_quantity = quantity;
  changed();
}

void PosteriorPlot::setColor(const QColor& color) {
  QColor edge = color, fill = color;
  edge.setAlpha(120);
  fill.setAlpha(70);
  m_bars->setPen(QPen(edge, 0));
  m_bars->setBrush(fill);
  m_density->setPen(QPen(color.darker(140), 2));
  replot(rpQueuedReplot);
}

QCPRange PosteriorPlot::dataRange() const {
  bool found = false;
  QCPRange range = m_density->data()->keyRange(found);
  if (!found)
    range = m_bars->data()->keyRange(found);
  return found ? range : QCPRange();
}

void PosteriorPlot::changed() {
  m_stale = true;
  if (isVisible())
    recompute();
}

void PosteriorPlot::showEvent(QShowEvent* event) {
  QCustomPlot::showEvent(event);
  if (m_stale)
    recompute();
}

void PosteriorPlot::recompute() {
  m_stale = false;
  m_bars->data()->clear();
  m_density->data()->clear();
  m_hdi = {std::nan(""), std::nan("")};
  m_count = 0;
  xAxis->setLabel(qt_text(m_quantity.name));
  std::vector<double> x;
  if (m_model && m_quantity.valid()) {
    int64_t draws = 0;
    x = m_model->data().samplingMatrix(m_quantity, draws);
  }
  x.erase(std::remove_if(x.begin(), x.end(), [](double v) { return !std::isfinite(v); }), x.end());
  m_count = static_cast<int64_t>(x.size());
  const bool show = !x.empty();
  for (auto* line : m_hdiLines)
    line->setVisible(show);
  m_hdiBar->setVisible(show);
  m_hdiText->setVisible(show);
  if (!show) {
    replot(rpQueuedReplot);
    emit recomputed();
    return;
  }
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  const double lo = x.front(), hi = x.back();

  // Histogram as a density: the square-root rule's bin count, at least 10, at most 60.
  const int bins = std::clamp(static_cast<int>(std::ceil(std::sqrt(n))), 10, 60);
  const double width = hi > lo ? (hi - lo) / bins : 1.0;
  std::vector<double> counts(bins, 0.0);
  for (double v : x)
    counts[std::min(bins - 1, static_cast<int>((v - lo) / width))] += 1;
  QVector<double> keys(bins), values(bins);
  for (int b = 0; b < bins; ++b) {
    keys[b] = lo + (b + 0.5) * width;
    values[b] = counts[b] / (n * width);
  }
  m_bars->setWidth(width);
  m_bars->setData(keys, values, true);

  // Kernel density on a grid, from the draws binned finely (the binned approximation of
  // Silverman 1982): cost independent of the number of draws.
  const double bw = x.size() > 1 ? bandwidth(x) : 0.0;
  if (bw > 0) {
    const double gridLo = lo - 3 * bw, gridHi = hi + 3 * bw;
    const double fine = (gridHi - gridLo) / kFineBins;
    std::vector<double> fineCounts(kFineBins, 0.0);
    for (double v : x)
      fineCounts[std::min(kFineBins - 1, static_cast<int>((v - gridLo) / fine))] += 1;
    QVector<QCPGraphData> curve(kGridPoints);
    const double norm = 1.0 / (n * bw * std::sqrt(2 * M_PI));
    for (int g = 0; g < kGridPoints; ++g) {
      const double at = gridLo + (gridHi - gridLo) * g / (kGridPoints - 1);
      double sum = 0;
      for (int b = 0; b < kFineBins; ++b)
        if (fineCounts[b] > 0) {
          const double z = (at - (gridLo + (b + 0.5) * fine)) / bw;
          sum += fineCounts[b] * std::exp(-0.5 * z * z);
        }
      curve[g] = {at, sum * norm};
    }
    m_density->data()->set(curve, true);
  }

  m_hdi = diagnostics::hdi(at::from_blob(x.data(), {static_cast<int64_t>(x.size())}, at::kDouble));
  m_hdiLines[0]->point1->setCoords(m_hdi.lower, 0);
  m_hdiLines[0]->point2->setCoords(m_hdi.lower, 1);
  m_hdiLines[1]->point1->setCoords(m_hdi.upper, 0);
  m_hdiLines[1]->point2->setCoords(m_hdi.upper, 1);
  m_hdiBar->start->setCoords(m_hdi.lower, 0);
  m_hdiBar->end->setCoords(m_hdi.upper, 0);
  m_hdiText->position->setCoords((m_hdi.lower + m_hdi.upper) / 2, 0.02);
  m_hdiText->setText(tr("%1% HDI  %2 … %3")
                         .arg(diagnostics::kDefaultHdiProb * 100, 0, 'g', 3)
                         .arg(m_hdi.lower, 0, 'g', 4)
                         .arg(m_hdi.upper, 0, 'g', 4));
  rescaleAxes();
  yAxis->setRangeLower(0);
  yAxis->setRangeUpper(yAxis->range().upper * 1.12); // room for the HDI label
  replot(rpQueuedReplot);
  emit recomputed();
}

} // namespace kiln::ui
