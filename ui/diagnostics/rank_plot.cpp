#include "ui/diagnostics/rank_plot.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ui/diagnostics/plot_style.h"

namespace kiln::ui {

std::vector<double> averageRanks(const std::vector<double>& x) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> ranks(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]])
      ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (size_t k = i; k <= j; ++k)
      ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

RankPlot::RankPlot(QWidget* parent) : ChainPlot(parent) {
  setObjectName("rank");
  xAxis->setLabel(tr("rank (all chains)"));
  yAxis->setLabel(tr("draws per bin"));
  m_uniform = new QCPItemStraightLine(this);
  m_uniform->setPen(QPen(QColor(0x55, 0x55, 0x55), 1, Qt::DashLine));
  m_uniform->setVisible(false);
}

QCPGraph* RankPlot::chainGraph(int chain) const {
  return chain >= 0 && chain < graphCount() ? graph(chain) : nullptr;
}

void RankPlot::plotChains(const std::vector<double>& x, int64_t chains, int64_t draws) {
  clearGraphs();
  m_uniform->setVisible(false);
  m_bins = 0;
  if (draws == 0 || chains == 0)
    return;
  const std::vector<double> ranks = averageRanks(x);
  const double total = static_cast<double>(x.size());
  // About 20 draws a bin per chain at least, at most 20 bins (ArviZ's plot_rank looks alike).
  m_bins = static_cast<int>(std::clamp<int64_t>(draws / 20, 1, 20));
  const double width = total / m_bins;
  for (int64_t c = 0; c < chains; ++c) {
    std::vector<double> counts(m_bins, 0.0);
    for (int64_t d = 0; d < draws; ++d) {
      const double r = ranks[c * draws + d];
      counts[std::min(m_bins - 1, static_cast<int>((r - 1) / width))] += 1;
    }
    QVector<QCPGraphData> points(m_bins);
    for (int b = 0; b < m_bins; ++b)
      points[b] = {(b + 0.5) * width, counts[b]};
    QCPGraph* g = addGraph();
    g->setLineStyle(QCPGraph::lsStepCenter);
    g->setPen(QPen(chainColor(static_cast<int>(c)), 1.5));
    g->setName(tr("chain %1").arg(c));
    g->data()->set(points, true);
  }
  const double expected = static_cast<double>(draws) / m_bins;
  m_uniform->point1->setCoords(0, expected);
  m_uniform->point2->setCoords(1, expected);
  m_uniform->setVisible(true);
  rescaleAxes();
  xAxis->setRange(0, total);
  yAxis->setRange(0, std::max(yAxis->range().upper, expected) * 1.15);
}

} // namespace kiln::ui
