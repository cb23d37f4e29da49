#pragma once
// The autocorrelation of each chain's draws by lag (core/diagnostics/autocovariance.h, as ArviZ
// computes it), up to lag 100 as ArviZ's plot_autocorr: the slower it falls to zero, the fewer
// effective draws a chain holds.

#include "ui/diagnostics/chain_plot.h"

namespace kiln::ui {

class AutocorrPlot : public ChainPlot {
  Q_OBJECT
public:
  explicit AutocorrPlot(QWidget* parent = nullptr);

  // Chain c's autocorrelation at lags 0, 1, ..., maxLag().
  QCPGraph* chainGraph(int chain) const;
  static constexpr int64_t kMaxLag = 100;

protected:
  void plotChains(const std::vector<double>& x, int64_t chains, int64_t draws) override;
};

} // namespace kiln::ui
