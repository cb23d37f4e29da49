#include <QtTest/QtTest>

#include <cmath>
#include <vector>

#include "core/util/random.h"
#include "core/util/ziggurat.h"
#include "tests/support/fixture.h"
#include "tests/support/stats.h"

#include <ATen/ATen.h>

using namespace kiln;

namespace {

at::Tensor normal_cdf(const at::Tensor& x) {
  return 0.5 * at::erfc(-x / std::sqrt(2.0));
}

} // namespace

class RandomTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(); }

  // Marsaglia and Tsang (2000), section 4: for 256 layers r = 3.6541528853610088 and
  // v = 0.00492867323399.
  void layersMatchThePublishedZiggurat() {
    const ZigguratLayers& z = ziggurat_layers();
    QVERIFY(std::abs(z.r - 3.6541528853610088) < 1e-12);
    QVERIFY(std::abs(z.v - 0.00492867323399) < 1e-13);
    QCOMPARE(z.x[1], z.r);
    QCOMPARE(z.x[256], 0.0);
    for (int i = 1; i < 256; ++i) {
      QVERIFY(z.x[i + 1] < z.x[i]);
      QVERIFY(std::abs(z.x[i] * (z.f[i + 1] - z.f[i]) - z.v) < 1e-12);
    }
  }

  // Two million draws: the Kolmogorov-Smirnov distance to the normal cdf, 100 equiprobable bins
  // by chi-square, and the moments, each at the 1e-3 level of tests/support/stats.h.
  void drawsAreStandardNormal() {
    const int64_t n = 2000000;
    at::Tensor x = at::empty({n}, at::kDouble);
    fill_standard_normal(x.data_ptr<double>(), n);
    const at::Tensor sorted = std::get<0>(x.sort());
    QVERIFY(test::ks_statistic(sorted, normal_cdf(sorted)) < test::ks_critical(n));

    const at::Tensor bins = (normal_cdf(x) * 100).floor().clamp(0, 99).to(at::kLong);
    const at::Tensor observed = at::bincount(bins, {}, 100);
    const auto [chi2, df] = test::chi2_statistic(observed, at::full({100}, n / 100.0));
    QVERIFY2(chi2 < test::chi2_critical(df), qPrintable(QString::number(chi2)));

    QVERIFY(std::abs(test::mean_z(x.unsqueeze(1), at::zeros({1}, at::kDouble))) < 3.3);
    QVERIFY(std::abs(test::variance_z(x.unsqueeze(1), at::ones({1}, at::kDouble))) < 3.3);
  }

  // The tail beyond r and the wedges take their own paths: |x| > r has mass 2 Phi(-r), and the
  // band [r - 1, r] (all wedges of the outer layers) has its normal mass.
  void tailAndWedgesHaveTheirMass() {
    const int64_t n = 4000000;
    at::Tensor x = at::empty({n}, at::kDouble);
    fill_standard_normal(x.data_ptr<double>(), n);
    const double r = ziggurat_layers().r;
    const auto check = [&](const at::Tensor& hit, double p) {
      const double count = hit.sum().item<double>();
      const double expected = p * static_cast<double>(n);
      const double sd = std::sqrt(expected * (1 - p));
      QVERIFY2(std::abs(count - expected) < 3.3 * sd,
               qPrintable(QString("%1 vs %2").arg(count).arg(expected)));
    };
    const double tail = std::erfc(r / std::sqrt(2.0));
    check(x.abs() > r, tail);
    check((x.abs() > r - 1) & (x.abs() <= r), std::erfc((r - 1) / std::sqrt(2.0)) - tail);
    const at::Tensor beyond = x.abs().masked_select(x.abs() > r);
    const at::Tensor sorted = std::get<0>(beyond.sort());
    const at::Tensor cdf =
        (normal_cdf(sorted) - normal_cdf(at::full({1}, r, at::kDouble))) / (0.5 * tail);
    QVERIFY(test::ks_statistic(sorted, cdf) < test::ks_critical(sorted.numel()));
  }

  void seedingRepeatsTheStream() {
    manual_seed(7);
    const at::Tensor a = standard_normal({1000}, at::kDouble);
    manual_seed(7);
    const at::Tensor b = standard_normal({1000}, at::kDouble);
    const at::Tensor c = standard_normal({1000}, at::kDouble);
    QVERIFY(at::equal(a, b));
    QVERIFY(!at::equal(b, c));
    const at::Tensor f = standard_normal({2, 3}, at::kFloat);
    QCOMPARE(f.scalar_type(), at::kFloat);
    QCOMPARE(f.sizes().vec(), (std::vector<int64_t>{2, 3}));
  }

  // A minibatch is a uniformly random ordered sample without replacement: distinct indices in
  // range; each index lands in each of the first 3 positions with probability 1 / size
  // (chi-square over 20000 draws); the sparse (count * 8 < size) and dense shuffles make the
  // same draws, so a shorter batch is the prefix of a longer one from the same seed.
  void subsetsAreUniformWithoutReplacement() {
    for (const auto& [size, count] : {std::pair<int64_t, int64_t>{10, 10}, {1000, 7}}) {
      manual_seed(3);
      const at::Tensor a = subsample_indices(size, count);
      QCOMPARE(a.numel(), count);
      QCOMPARE(std::get<0>(at::_unique(a)).numel(), count);
      QVERIFY(a.min().item<int64_t>() >= 0 && a.max().item<int64_t>() < size);
    }
    const int64_t size = 12, draws = 20000;
    at::Tensor firsts = at::zeros({3, size}, at::kDouble);
    std::vector<int64_t> out(3);
    for (int64_t d = 0; d < draws; ++d) {
      random_subset(size, 3, out.data()); // 3 * 8 >= 12: the dense shuffle
      for (int64_t k = 0; k < 3; ++k)
        firsts[k][out[k]] += 1;
    }
    for (int64_t k = 0; k < 3; ++k) {
      const auto [chi2, df] =
          test::chi2_statistic(firsts[k], at::full({size}, double(draws) / size, at::kDouble));
      QVERIFY2(chi2 < test::chi2_critical(df), qPrintable(QString::number(chi2)));
    }
    std::vector<int64_t> sparse(5), dense(20);
    manual_seed(9);
    random_subset(100, 5, sparse.data());
    manual_seed(9);
    random_subset(100, 20, dense.data());
    QVERIFY(std::equal(sparse.begin(), sparse.end(), dense.begin()));
  }
};

QTEST_APPLESS_MAIN(RandomTest)
#include "random_test.moc"
