#pragma once
// Rank plots (Vehtari et al. 2021, sec. 3.3): the draws of all chains ranked together, and per
// chain a histogram of its ranks. Chains that sample the same distribution give flat
// histograms near the dashed uniform line; a chain stuck high or low tilts its own.

#include "ui/diagnostics/chain_plot.h"

namespace kiln::ui {

class RankPlot : public ChainPlot {
  Q_OBJECT
public:
  explicit RankPlot(QWidget* parent = nullptr);

  // Chain c's rank counts per bin, at bin centres on the rank axis.
  QCPGraph* chainGraph(int chain) const;
  int bins() const { return m_bins; }

protected:
  void plotChains(const std::vector<double>& x, int64_t chains, int64_t draws) override;

private:
  QCPItemStraightLine* m_uniform;
  int m_bins = 0;
};

// Ranks 1..n of `x` among themselves, ties sharing the average of their ranks (scipy's
// rankdata, method "average").
std::vector<double> averageRanks(const std::vector<double>& x);

} // namespace kiln::ui
