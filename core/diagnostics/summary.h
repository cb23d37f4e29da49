#pragma once
// The posterior summary table as ArviZ's az.summary prints it (0.x, stat_focus="mean"): one row
// per scalar with mean, sd, hdi_3%, hdi_97%, mcse_mean, mcse_sd, ess_bulk, ess_tail and r_hat.
// `kiln run` prints it and writes it as summary.csv; the workbench recomputes it live, so one
// scalar's row sorts its draws once and shares that between the HDI, quantiles and ranks.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/diagnostics/chains.h"
#include "core/diagnostics/hdi.h"

namespace kiln::diagnostics {

struct SummaryRow {
  std::string name; // "mu", "theta[0]", "L[0, 1]"
  double mean;
  double sd; // ddof = 1
  double hdi_lower;
  double hdi_upper;
  double mcse_mean;
  double mcse_sd;
  double ess_bulk;
  double ess_tail;
  double r_hat; // nan for a single chain
};

struct Summary {
  double hdi_prob = kDefaultHdiProb;
  std::vector<SummaryRow> rows;

  // The column names after the row name, ArviZ's: mean, sd, hdi_3%, hdi_97%, ... for 0.94.
  std::vector<std::string> columns() const;
};

// The row of one scalar's draws. Mean and sd are nan without draws; the other columns are nan
// where ArviZ's are (fewer than 4 draws, one chain for r_hat) or where a draw is not finite.
SummaryRow summarize_scalar(const std::string& name, const Chains& x,
                            double hdi_prob = kDefaultHdiProb);

// Appends the rows of a site whose draws have shape (chains, draws, ...shape): one row `name`
// for a scalar site, else one per element in row-major order named as ArviZ names them
// (theta[0], theta[1], ...; L[0, 1] for a matrix). Rows are computed in parallel over elements.
void add_site(Summary& summary, const std::string& name, const at::Tensor& draws);

// The summary of sites in the order given. hdi_prob must be in (0, 1).
Summary summarize(const std::vector<std::pair<std::string, at::Tensor>>& sites,
                  double hdi_prob = kDefaultHdiProb);

} // namespace kiln::diagnostics
