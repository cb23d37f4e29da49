#include "tests/support/batch_means.h"

#include <cmath>

#include <ATen/ATen.h>

namespace kiln::test {

BatchMeans batch_means(const at::Tensor& draws) {
  // As [chains, n, rest...].
  const at::Tensor x =
      draws.dim() == 1 ? draws.unsqueeze(0).to(at::kDouble) : draws.to(at::kDouble);
  const int64_t n = x.size(1);
  const int64_t batches = std::max<int64_t>(2, static_cast<int64_t>(std::sqrt(double(n))));
  const int64_t size = n / batches;
  std::vector<int64_t> shape{x.size(0), batches, size};
  for (int64_t d = 2; d < x.dim(); ++d)
    shape.push_back(x.size(d));
  // [chains * batches, rest...]
  const at::Tensor means = x.narrow(1, 0, batches * size).reshape(shape).mean(2).flatten(0, 1);
  const double count = static_cast<double>(means.size(0));
  return {means.mean(0), means.std(0, /*unbiased=*/true) / std::sqrt(count)};
}

double mean_mcse_z(const at::Tensor& draws, const at::Tensor& truth) {
  const BatchMeans bm = batch_means(draws);
  return ((bm.mean - truth.to(at::kDouble)).abs() / bm.mcse).max().item<double>();
}

} // namespace kiln::test
