// Checks of the multivariate families beyond the generic conformance suite: the three
// MultivariateNormal parameterizations describe one distribution, MultivariateNormal samples
// have the covariance they claim, and LKJCholesky samples have the LKJ marginals.
#include <cmath>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/multivariate/gaussian_random_walk.h"
#include "core/dist/multivariate/lkj_cholesky.h"
#include "core/dist/multivariate/multinomial.h"
#include "core/dist/multivariate/multivariate_normal.h"
#include "tests/support/fixture.h"

using kiln::dist::GaussianRandomWalk;
using kiln::dist::LKJCholesky;
using kiln::dist::Multinomial;
using kiln::dist::MultivariateNormal;
using kiln::dist::Probs;
using kiln::test::T;

namespace {

// The bound in standard errors, as in the conformance suite.
constexpr double kZ = 4.5;

at::Tensor example_scale_tril() {
  return T({{1.5, 0., 0.}, {0.4, 0.8, 0.}, {-0.7, 0.3, 0.5}});
}

// Largest |estimate - expected| / se over all entries.
double max_z(const at::Tensor& estimate, const at::Tensor& expected, const at::Tensor& se) {
  return ((estimate - expected).abs() / se).max().item<double>();
}

// Sample covariance about the known mean vs `cov`. For a Gaussian vector,
// Var[(x_i - m_i)(x_j - m_j)] = S_ii S_jj + S_ij^2 (Isserlis' theorem), which gives the
// standard error of each entry.
double covariance_z(const at::Tensor& x, const at::Tensor& mean, const at::Tensor& cov) {
  const auto n = static_cast<double>(x.size(0));
  auto centered = x - mean;
  auto sample_cov = at::einsum("ni,nj->ij", {centered, centered}) / n;
  auto d = cov.diagonal();
  auto se = ((d.unsqueeze(-1) * d.unsqueeze(0) + cov.pow(2)) / n).sqrt();
  return max_z(sample_cov, cov, se);
}

} // namespace

class MultivariateExtraTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(); }

  void mvnParameterizationsAgree() {
    auto loc = T({{1., -2., 0.5}, {0., 0., 0.}});
    auto l = example_scale_tril();
    auto cov = at::matmul(l, l.t());
    auto prec = at::linalg_inv(cov);
    MultivariateNormal by_cov(loc, cov);
    MultivariateNormal by_prec(loc, std::nullopt, prec);
    MultivariateNormal by_tril(loc, std::nullopt, std::nullopt, l);
    auto x = T({{0.3, -1., 2.}, {-4., 1., 0.2}});
    for (const MultivariateNormal* d : {&by_cov, &by_prec}) {
      QCOMPARE(d->batch_shape(), by_tril.batch_shape());
      QCOMPARE(d->event_shape(), by_tril.event_shape());
      QVERIFY(at::allclose(d->scale_tril(), by_tril.scale_tril().expand({2, 3, 3}), 1e-12, 1e-12));
      QVERIFY(at::allclose(d->covariance_matrix(), cov.expand({2, 3, 3}), 1e-12, 1e-12));
      QVERIFY(at::allclose(d->precision_matrix(), prec.expand({2, 3, 3}), 1e-10, 1e-12));
      QVERIFY(at::allclose(d->log_prob(x), by_tril.log_prob(x), 1e-12, 1e-12));
      QVERIFY(at::allclose(d->entropy(), by_tril.entropy(), 1e-12, 1e-12));
      QVERIFY(at::allclose(d->variance(), by_tril.variance(), 1e-12, 1e-12));
    }
  }

  void mvnSampleCovarianceMatchesCovarianceMatrix() {
    auto loc = T({1., -2., 0.5});
    auto l = example_scale_tril();
    auto cov = at::matmul(l, l.t());
    const int64_t n = 20000;
    // Every parameterization samples through its own scale_tril; each must reproduce cov.
    MultivariateNormal by_cov(loc, cov);
    MultivariateNormal by_prec(loc, std::nullopt, at::linalg_inv(cov));
    MultivariateNormal by_tril(loc, std::nullopt, std::nullopt, l);
    for (const MultivariateNormal* d : {&by_cov, &by_prec, &by_tril}) {
      auto x = d->sample({n});
      QCOMPARE(x.sizes(), (at::IntArrayRef{n, 3}));
      const double z = covariance_z(x, loc, cov);
      QVERIFY2(z <= kZ, qPrintable(QString("sample covariance is %1 standard errors off").arg(z)));
    }
    // A wrong covariance is detected: the test has power.
    QVERIFY(covariance_z(by_cov.sample({n}), loc, cov * 1.1) > kZ);
  }

  void lkjCorrelationsHaveTheLkjMarginal() {
    // Under LKJ(eta) in dimension d every off-diagonal correlation r has (r + 1) / 2 ~
    // Beta(b, b) with b = eta - 1 + d / 2: the first step of the onion method (Lewandowski,
    // Kurowicka & Joe 2009, section 3.2) draws r_12 that way, and the density det(R)^(eta - 1)
    // is invariant under permuting the variables, so all r_ij share the marginal. Hence
    // E[r] = 0 and Var[r] = 4 Var[Beta(b, b)] = 4 b^2 / ((2b)^2 (2b + 1)) = 1 / (2 eta + d - 1).
    const int64_t n = 20000;
    for (int64_t dim : {2, 3, 5}) {
      auto eta = T({0.5, 1., 3.});
      LKJCholesky d(dim, eta);
      auto l = d.sample({n});
      QVERIFY(d.support()->check(l).all().item<bool>());
      auto r = at::matmul(l, l.transpose(-2, -1));
      auto idx = at::tril_indices(dim, dim, -1, at::TensorOptions().dtype(at::kLong));
      auto off = r.index({at::indexing::Ellipsis, idx[0], idx[1]}); // (n, 3, pairs)
      auto mean = off.mean(0);
      auto mean_se = off.std(0) / std::sqrt(static_cast<double>(n));
      const double zm = max_z(mean, at::zeros_like(mean), mean_se);
      QVERIFY2(
          zm <= kZ,
          qPrintable(QString("dim %1: correlation mean %2 standard errors off").arg(dim).arg(zm)));
      auto m2 = off.pow(2).mean(0);
      auto m2_se = ((off.pow(4).mean(0) - m2.pow(2)) / static_cast<double>(n)).sqrt();
      auto want = (1 / (2 * eta + static_cast<double>(dim) - 1)).unsqueeze(-1).expand_as(m2);
      const double zv = max_z(m2, want, m2_se);
      QVERIFY2(
          zv <= kZ,
          qPrintable(
              QString("dim %1: correlation variance %2 standard errors off").arg(dim).arg(zv)));
    }
  }

  void lkjDensityIntegratesToOneInTwoDimensions() {
    // For dim 2, L = [[1, 0], [r, sqrt(1 - r^2)]] has the single free coordinate r, and the
    // density of L is that of r: its integral over (-1, 1) must be 1 (midpoint rule).
    const int64_t m = 200000;
    auto r = (at::arange(m, at::kDouble) + 0.5) * (2.0 / m) - 1;
    auto l = at::zeros({m, 2, 2}, at::kDouble);
    l.select(-2, 0).select(-1, 0).fill_(1);
    l.select(-2, 1).select(-1, 0).copy_(r);
    l.select(-2, 1).select(-1, 1).copy_((1 - r * r).sqrt());
    for (double eta : {1., 2., 3.5}) {
      LKJCholesky d(2, eta);
      const double total = (d.log_prob(l).exp().sum() * (2.0 / m)).item<double>();
      QVERIFY2(std::abs(total - 1) < 1e-6,
               qPrintable(QString("eta %1: density integrates to %2").arg(eta).arg(total)));
    }
  }

  void integerArgumentsShowInRepr() {
    // dim, total_count and num_steps are plain integers outside the params list.
    QCOMPARE(QString::fromStdString(LKJCholesky(3, T({0.5, 2.})).repr()),
             QString("LKJCholesky(dim: 3, concentration: (2,))"));
    QCOMPARE(QString::fromStdString(Multinomial(5, Probs{T({0.5, 0.5})}).repr()),
             QString("Multinomial(total_count: 5, probs: (2,))"));
    QCOMPARE(QString::fromStdString(GaussianRandomWalk(2., 4).repr()),
             QString("GaussianRandomWalk(scale: 2, num_steps: 4)"));
  }
};

QTEST_APPLESS_MAIN(MultivariateExtraTest)
#include "multivariate_extra_test.moc"
