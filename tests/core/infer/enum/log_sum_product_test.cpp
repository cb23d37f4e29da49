#include <QtTest/QtTest>

#include <vector>

#include <torch/csrc/autograd/autograd.h>

#include "core/infer/enum/log_sum_product.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

#include <ATen/ATen.h>

using namespace kiln;

namespace {

at::Tensor randn(at::IntArrayRef shape) {
  return standard_normal(shape, at::kDouble).mul_(3).requires_grad_(true);
}

// The largest difference between log_sum_product and logsumexp of the materialized sum, in the
// value and in the gradients of every factor for a random cotangent.
double max_difference(const std::vector<at::Tensor>& factors, int64_t dim) {
  at::Tensor sum = factors[0];
  for (size_t k = 1; k < factors.size(); ++k)
    sum = sum + factors[k];
  const at::Tensor expected = at::logsumexp(sum, {dim});
  const at::Tensor actual = infer::log_sum_product(factors, dim);
  if (actual.sizes() != expected.sizes())
    return INFINITY;
  const at::Tensor cotangent = standard_normal(expected.sizes(), at::kDouble);
  const auto g_expected = torch::autograd::grad({expected}, factors, {cotangent});
  const auto g_actual = torch::autograd::grad({actual}, factors, {cotangent});
  double worst = (actual - expected).abs().max().item<double>();
  for (size_t k = 0; k < factors.size(); ++k)
    worst = std::max(worst, (g_actual[k] - g_expected[k]).abs().max().item<double>());
  return worst;
}

} // namespace

class LogSumProductTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(); }

  // LDA's elimination: a parent factor (topics x 1 x documents) and an observation factor
  // (topics x words x documents), summed out over the leading topic dim slice by slice.
  void slicedEliminationEqualsLogsumexp() {
    QVERIFY(max_difference({randn({20, 1, 1000}), randn({20, 64, 1000})}, 0) < 1e-10);
    // Broadcast along the last dim and along the eliminated dim itself, and no full factor.
    QVERIFY(max_difference({randn({20, 64, 1}), randn({1, 64, 1000}), randn({20, 1, 1000})}, 0) <
            1e-10);
  }

  // The eliminated dim in the middle, three factors, one of them without the dim.
  void anyDimAndBroadcasting() {
    QVERIFY(max_difference({randn({4, 5, 1, 3000}), randn({1, 5, 3, 3000}), randn({4, 1, 3, 1})},
                           1) < 1e-10);
  }

  // Small products take ATen's logsumexp; the result is the same either way.
  void smallProductsToo() { QVERIFY(max_difference({randn({3, 1}), randn({3, 1000})}, 0) < 1e-12); }

  // An impossible configuration everywhere (all -inf) gives -inf, not NaN, as logsumexp does.
  void allImpossibleGivesMinusInfinity() {
    at::Tensor a = at::full({6, 1, 4000}, -INFINITY, at::kDouble);
    at::Tensor b = at::zeros({6, 3, 4000}, at::kDouble);
    const at::Tensor r = infer::log_sum_product({a, b}, 0);
    QVERIFY(at::isneginf(r).all().item<bool>());
  }
};

QTEST_APPLESS_MAIN(LogSumProductTest)
#include "log_sum_product_test.moc"
