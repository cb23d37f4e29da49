#include "app/kiln/describe.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::cli {

namespace {

constexpr int64_t kMaxRows = 8;

std::string cell(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%12s", format_number(x).c_str());
  return buf;
}

// Closed-form statistic flattened to one value per element, or undefined when there is none.
at::Tensor closed_form(const dist::Distribution& d, at::Tensor (dist::Distribution::*f)() const) {
  try {
    return (d.*f)().detach().to(at::kDouble).reshape(-1);
  } catch (const NotSupportedError&) {
    return {};
  }
}

void histogram(std::ostream& out, const at::Tensor& draws) {
  auto lo = at::quantile(draws, 0.005).item<double>();
  auto hi = at::quantile(draws, 0.995).item<double>();
  if (!(hi > lo))
    return;
  const int bins = 12;
  auto counts = at::histc(draws.clamp(lo, hi), bins, lo, hi);
  const double top = counts.max().item<double>();
  out << "\n  histogram of the draws (central 99%)\n";
  for (int b = 0; b < bins; ++b) {
    const double left = lo + (hi - lo) * b / bins;
    const int width = static_cast<int>(40 * counts[b].item<double>() / top + 0.5);
    out << "  " << cell(left) << " | " << std::string(width, '#') << "\n";
  }
}

} // namespace

void describe(std::ostream& out, const dist::Distribution& d, int64_t num_samples) {
  out << d.repr() << "\n";
  out << "  batch shape " << format_shape(d.batch_shape()) << ", event shape "
      << format_shape(d.event_shape()) << ", support " << d.support()->repr()
      << (d.has_rsample() ? ", reparameterized" : "") << "\n\n";

  auto draws = d.sample({num_samples}).to(at::kDouble).reshape({num_samples, -1});
  if (draws.size(1) == 0) {
    out << "  (no elements: the batch or event shape has a zero)\n";
    return;
  }
  auto mean = closed_form(d, &dist::Distribution::mean);
  auto sd = closed_form(d, &dist::Distribution::stddev);
  const int64_t n = std::min<int64_t>(draws.size(1), kMaxRows);

  char header[160];
  std::snprintf(header, sizeof header, "  %-12s  %12s  %12s  %12s  %12s  %12s  %12s  %12s\n",
                "element", "mean exact", "mean draws", "sd exact", "sd draws", "5%", "50%", "95%");
  out << header;
  auto q = at::quantile(draws, at::tensor({0.05, 0.5, 0.95}, at::kDouble), 0);
  for (int64_t i = 0; i < n; ++i) {
    char label[32];
    std::snprintf(label, sizeof label, "  %-12s",
                  draws.size(1) == 1 ? "value" : ("[" + std::to_string(i) + "]").c_str());
    out << label;
    out << "  " << (mean.defined() ? cell(mean[i].item<double>()) : cell(NAN)) << "  "
        << cell(draws.select(1, i).mean().item<double>()) << "  "
        << (sd.defined() ? cell(sd[i].item<double>()) : cell(NAN)) << "  "
        << cell(draws.select(1, i).std().item<double>()) << "  " << cell(q[0][i].item<double>())
        << "  " << cell(q[1][i].item<double>()) << "  " << cell(q[2][i].item<double>()) << "\n";
  }
  if (draws.size(1) > n)
    out << "  ... " << draws.size(1) - n << " more elements\n";
  out << "  (" << num_samples << " draws; nan: no closed form)\n";
  if (draws.size(1) == 1)
    histogram(out, draws.select(1, 0));
}

} // namespace kiln::cli
