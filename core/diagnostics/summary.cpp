#include "core/diagnostics/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "core/diagnostics/ascending_order.h"
#include "core/diagnostics/ess.h"
#include "core/diagnostics/mcse.h"
#include "core/diagnostics/quantile.h"
#include "core/diagnostics/rank_normalization.h"
#include "core/diagnostics/rhat.h"
#include "core/diagnostics/split_chains.h"
#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/shape.h"

namespace kiln::diagnostics {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

void check_hdi_prob(double prob) {
  if (!(prob > 0.0 && prob < 1.0))
    throw DomainError("summary: hdi_prob is " + format_number(prob) + ", but must be in (0, 1)");
}

// "hdi_3%": ArviZ formats 100 * alpha / 2 with Python's :g.
std::string hdi_column(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "hdi_%g%%", percent);
  return buf;
}

// "[0, 1]" for the element at flat index `flat` of `shape`.
std::string element_label(int64_t flat, const Shape& shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string out = "[";
  for (size_t d = 0; d < index.size(); ++d)
    out += (d ? ", " : "") + std::to_string(index[d]);
  return out + "]";
}

} // namespace

std::vector<std::string> Summary::columns() const {
  const double alpha = 1.0 - hdi_prob;
  return {"mean",
          "sd",
          hdi_column(100 * alpha / 2),
          hdi_column(100 * (1 - alpha / 2)),
          "mcse_mean",
          "mcse_sd",
          "ess_bulk",
          "ess_tail",
          "r_hat"};
}

SummaryRow summarize_scalar(const std::string& name, const Chains& x, double hdi_prob) {
  check_hdi_prob(hdi_prob);
  SummaryRow row{name, kNan, kNan, kNan, kNan, kNan, kNan, kNan, kNan, kNan};
  const int64_t n = x.size();
  if (n == 0)
    return row;
  double sum = 0;
  for (int64_t i = 0; i < n; ++i)
    sum += x.data()[i];
  row.mean = sum / static_cast<double>(n);
  double ss = 0;
  for (int64_t i = 0; i < n; ++i)
    ss += (x.data()[i] - row.mean) * (x.data()[i] - row.mean);
  row.sd = std::sqrt(ss / static_cast<double>(n - 1));
  if (!x.all_finite())
    return row;

  // One sort of all draws serves the HDI, the tail quantiles, the median and the ranks.
  const std::vector<int64_t> order = ascending_order(x.data(), n);
  std::vector<double> sorted(n);
  for (int64_t i = 0; i < n; ++i)
    sorted[i] = x.data()[order[i]];
  const Interval interval = hdi_of_sorted(sorted.data(), n, hdi_prob);
  row.hdi_lower = interval.lower;
  row.hdi_upper = interval.upper;
  if (!valid_for_diagnostics(x))
    return row;

  row.mcse_mean = mcse_mean(x);
  row.mcse_sd = mcse_sd(x);
  row.ess_tail = ess_tail(x, sorted);
  const std::vector<int64_t> kept = kept_by_split(order, x);
  const SplitChains bulk_scores = split_normal_scores(x, kept);
  row.ess_bulk = ess(bulk_scores.view());
  // az.summary folds at the median of all draws (az.rhat at that of the split draws).
  if (x.chains() >= 2)
    row.r_hat = rank_normalized_rhat(
        bulk_scores.view(),
        split_folded_normal_scores(x, kept, median_of_sorted(sorted.data(), n)).view());
  return row;
}

void add_site(Summary& summary, const std::string& name, const at::Tensor& draws) {
  check_hdi_prob(summary.hdi_prob);
  if (!draws.defined() || draws.dim() < 2)
    throw ShapeError("summary: the draws of '" + name +
                     "' must have shape (chains, draws, ...), got " +
                     (draws.defined() ? format_shape(draws.sizes().vec()) : "none"));
  if (draws.is_complex())
    throw DomainError("summary: the draws of '" + name + "' are complex");
  const int64_t chains = draws.size(0);
  const int64_t length = draws.size(1);
  const Shape shape(draws.sizes().begin() + 2, draws.sizes().end());
  int64_t elements = 1;
  for (int64_t d : shape)
    elements *= d;
  // (elements, chains, draws): each element's chains contiguous, as Chains views them.
  const at::Tensor by_element = draws.to(at::kCPU, at::kDouble)
                                    .reshape({chains, length, elements})
                                    .permute({2, 0, 1})
                                    .contiguous();
  const double* data = by_element.data_ptr<double>();
  const size_t first = summary.rows.size();
  summary.rows.resize(first + elements);
  const double prob = summary.hdi_prob;
  at::parallel_for(0, elements, 1, [&](int64_t begin, int64_t end) {
    for (int64_t k = begin; k < end; ++k) {
      const std::string label = shape.empty() ? name : name + element_label(k, shape);
      summary.rows[first + k] =
          summarize_scalar(label, Chains(data + k * chains * length, chains, length), prob);
    }
  });
}

Summary summarize(const std::vector<std::pair<std::string, at::Tensor>>& sites, double hdi_prob) {
  Summary summary;
  summary.hdi_prob = hdi_prob;
  for (const auto& [name, draws] : sites)
    add_site(summary, name, draws);
  return summary;
}

} // namespace kiln::diagnostics
