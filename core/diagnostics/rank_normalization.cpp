#include "core/diagnostics/rank_normalization.h"

#include <cmath>

#include <ATen/ATen.h>
#include <ATen/native/Math.h>

#include "core/diagnostics/ascending_order.h"
#include "core/util/error.h"

namespace kiln::diagnostics {

namespace {

// Blom's offset c: fractional rank (r - c) / (S - 2c + 1), written as ArviZ computes it.
constexpr double kBlom = 3.0 / 8.0;

double score(double rank, int64_t size) {
  return calc_ndtri((rank - kBlom) / (static_cast<double>(size) - 2 * kBlom + 1));
}

// The scores of the integer ranks 1..size: every untied value takes one of these, and a
// summary ranks many series of the same size, so each thread keeps the last table it built.
const std::vector<double>& integer_rank_scores(int64_t size) {
  thread_local std::vector<double> table;
  thread_local int64_t table_size = -1;
  if (table_size != size) {
    table.resize(size);
    for (int64_t r = 1; r <= size; ++r)
      table[r - 1] = score(static_cast<double>(r), size);
    table_size = size;
  }
  return table;
}

} // namespace

void normal_scores(const double* values, const std::vector<int64_t>& order, double* z) {
  const int64_t n = static_cast<int64_t>(order.size());
  const std::vector<double>& table = integer_rank_scores(n);
  for (int64_t i = 0; i < n;) {
    int64_t j = i + 1;
    while (j < n && values[order[j]] == values[order[i]])
      ++j;
    // Positions i..j-1 hold equal values: ranks i+1..j, whose average is scipy's
    // rankdata(method="average").
    const double zi = j == i + 1 ? table[i] : score(0.5 * static_cast<double>(i + j + 1), n);
    for (int64_t k = i; k < j; ++k)
      z[order[k]] = zi;
    i = j;
  }
}

at::Tensor rank_normalize(const at::Tensor& x) {
  if (!x.defined())
    throw ShapeError("rank_normalize: the tensor is undefined");
  const at::Tensor v = x.to(at::kCPU, at::kDouble).contiguous();
  if (at::isnan(v).any().item<bool>())
    throw DomainError("rank_normalize: the values hold nan, which has no rank");
  const double* data = v.data_ptr<double>();
  at::Tensor z = at::empty_like(v);
  normal_scores(data, ascending_order(data, v.numel()), z.data_ptr<double>());
  return z;
}

std::vector<int64_t> fold(const double* values, const std::vector<int64_t>& order, double center,
                          double* folded) {
  const int64_t n = static_cast<int64_t>(order.size());
  for (int64_t i = 0; i < n; ++i)
    folded[order[i]] = std::abs(values[order[i]] - center);
  // Values at or below the center, walked downward, and those above it, walked upward, are
  // each ascending in distance (subtraction rounds monotonically): merge the two runs.
  int64_t split = 0;
  while (split < n && values[order[split]] <= center)
    ++split;
  std::vector<int64_t> out;
  out.reserve(n);
  int64_t down = split - 1;
  int64_t up = split;
  while (down >= 0 || up < n) {
    if (up >= n || (down >= 0 && folded[order[down]] <= folded[order[up]]))
      out.push_back(order[down--]);
    else
      out.push_back(order[up++]);
  }
  return out;
}

// Scores are computed in x's layout (flat indices of the kept draws), then split like x.
SplitChains split_normal_scores(const Chains& x, const std::vector<int64_t>& kept) {
  std::vector<double> z(x.size(), 0.0);
  normal_scores(x.data(), kept, z.data());
  return split_chains(Chains(z.data(), x.chains(), x.draws()));
}

SplitChains split_folded_normal_scores(const Chains& x, const std::vector<int64_t>& kept,
                                       double center) {
  std::vector<double> folded(x.size(), 0.0);
  const std::vector<int64_t> folded_order = fold(x.data(), kept, center, folded.data());
  std::vector<double> z(x.size(), 0.0);
  normal_scores(folded.data(), folded_order, z.data());
  return split_chains(Chains(z.data(), x.chains(), x.draws()));
}

} // namespace kiln::diagnostics
