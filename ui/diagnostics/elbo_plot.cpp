#include "ui/diagnostics/elbo_plot.h"

#include "ui/diagnostics/plot_export.h"
#include "ui/diagnostics/plot_style.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

ElboPlot::ElboPlot(QWidget* parent) : QCustomPlot(parent) {
  setObjectName("elbo");
  applyPlotStyle(*this);
  xAxis->setLabel(tr("step"));
  yAxis->setLabel(tr("loss (−ELBO)"));
  legend->setVisible(true);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  m_logAction = new QAction(tr("Log scale"), this);
  m_logAction->setCheckable(true);
  connect(m_logAction, &QAction::toggled, this, &ElboPlot::setLogScale);
  addAction(m_logAction);
  addExportMenu(*this);
}

void ElboPlot::setModel(const RunModel* model) {
  attach(0, model);
}

void ElboPlot::setComparison(const RunModel* model) {
  attach(1, model);
}

void ElboPlot::attach(int run, const RunModel* model) {
  Series& s = m_series[run];
  disconnect(s.onReset);
  disconnect(s.onUpdate);
  if (s.raw) {
    removeGraph(s.raw);
    removeGraph(s.smoothed);
    s.raw = s.smoothed = nullptr;
  }
  s.model = model;
  if (model) {
    const QColor color = run == 0 ? chainColor(0) : comparisonColor();
    QColor light = color;
    light.setAlpha(70);
    s.raw = addGraph();
    s.raw->setPen(QPen(light, 1));
    s.smoothed = addGraph();
    s.smoothed->setPen(QPen(color, 2));
    s.onReset = connect(model, &RunModel::reset, this, [this, run] {
      clearSeries(m_series[run]);
      rescale();
    });
    s.onUpdate = connect(model, &RunModel::updated, this, [this, run] {
      addNew(m_series[run]);
      rescale();
    });
    clearSeries(s);
    addNew(s);
  }
  rescale();
}

void ElboPlot::clearSeries(Series& s) {
  if (!s.raw)
    return;
  s.raw->data()->clear();
  s.smoothed->data()->clear();
  s.shown = 0;
  s.windowSum = 0;
  s.allPositive = true;
  const QString run = s.model && s.model->isOpen() ? tr("run %1").arg(s.model->runId()) : QString();
  s.raw->setName(run.isEmpty() ? tr("loss") : tr("%1 loss").arg(run));
  const QString mean = tr("mean of %1 steps").arg(m_window);
  s.smoothed->setName(run.isEmpty() ? mean : tr("%1, %2").arg(run, mean));
}

void ElboPlot::addNew(Series& s) {
  if (!s.raw)
    return;
  const auto& steps = s.model->data().lossSteps();
  const auto& losses = s.model->data().lossValues();
  if (losses.size() < s.shown) // the run was read afresh
    clearSeries(s);
  const size_t n = losses.size();
  if (n == s.shown)
    return;
  QVector<QCPGraphData> raw, smooth;
  raw.reserve(static_cast<int>(n - s.shown));
  smooth.reserve(static_cast<int>(n - s.shown));
  const size_t w = static_cast<size_t>(m_window);
  for (size_t i = s.shown; i < n; ++i) {
    s.windowSum += losses[i];
    if (i >= w)
      s.windowSum -= losses[i - w];
    s.allPositive = s.allPositive && losses[i] > 0;
    const double count = static_cast<double>(std::min(i + 1, w));
    raw.push_back({steps[i], losses[i]});
    smooth.push_back({steps[i], s.windowSum / count});
  }
  s.raw->data()->add(raw, true);
  s.smoothed->data()->add(smooth, true);
  s.shown = n;
  if (logScale() && !logScaleAvailable())
    setLogScale(false);
}

void ElboPlot::setSmoothingWindow(int steps) {
  m_window = std::max(1, steps);
  for (Series& s : m_series) {
    clearSeries(s);
    addNew(s);
  }
  rescale();
}

bool ElboPlot::logScale() const {
  return yAxis->scaleType() == QCPAxis::stLogarithmic;
}

bool ElboPlot::logScaleAvailable() const {
  for (const Series& s : m_series)
    if (s.raw && !s.allPositive)
      return false;
  return true;
}

void ElboPlot::setLogScale(bool on) {
  on = on && logScaleAvailable();
  if (on != logScale()) {
    yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
      yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
      yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    rescale();
    emit logScaleChanged(on);
  }
  const QSignalBlocker block(m_logAction);
  m_logAction->setChecked(on);
}

void ElboPlot::rescale() {
  rescaleAxes();
  replot(rpQueuedReplot);
}

} // namespace kiln::ui
