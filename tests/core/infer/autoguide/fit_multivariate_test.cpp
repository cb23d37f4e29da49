// The multivariate autoguides fitted by SVI (Trace_ELBO, Adam, vectorized particles) recover
// exact Gaussian posteriors: AutoMultivariateNormal a correlated 2-D posterior's mean and
// covariance, AutoLowRankMultivariateNormal a rank-1 + diagonal covariance.
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/multivariate/low_rank_multivariate_normal.h"
#include "core/dist/multivariate/multivariate_normal.h"
#include "core/infer/autoguide/auto_low_rank_multivariate_normal.h"
#include "core/infer/autoguide/auto_multivariate_normal.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "tests/core/infer/autoguide/svi_fit.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::infer;
using namespace kiln::infer::autoguide;
using poutine::sample;

namespace {

double d(const at::Tensor& t) {
  return t.item<double>();
}

// A 2-D Gaussian posterior with correlation: mu ~ MVN(0, S0), x_i ~ MVN(mu, S), 3 points.
at::Tensor prior_cov() {
  return T({{4.0, 1.5}, {1.5, 2.0}});
}
at::Tensor noise_cov() {
  return T({{1.0, 0.8}, {0.8, 1.5}});
}
at::Tensor mvn_data() {
  return T({{0.5, 1.0}, {1.5, 0.2}, {-0.3, 0.9}});
}

void mvn_model() {
  auto mu = sample("mu", dist::MultivariateNormal(at::zeros({2}, at::kDouble), prior_cov()));
  poutine::Plate data("data", 3);
  sample("x", dist::MultivariateNormal(mu, noise_cov()), mvn_data());
}

// Posterior precision S0^-1 + n S^-1, mean cov * S^-1 sum(x).
std::pair<at::Tensor, at::Tensor> mvn_posterior() {
  at::Tensor noise_precision = at::inverse(noise_cov());
  at::Tensor precision = at::inverse(prior_cov()) + 3 * noise_precision;
  at::Tensor cov = at::inverse(precision);
  at::Tensor mean = at::matmul(cov, at::matmul(noise_precision, mvn_data().sum(0)));
  return {mean, cov};
}

} // namespace

class AutoGuideFitMultivariateTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(5);
    poutine::param_store().clear();
  }

  void auto_multivariate_normal_recovers_a_correlated_posterior() {
    auto guide = std::make_shared<AutoMultivariateNormal>(mvn_model);
    Average a = fit(
        mvn_model, guide->as_model(), 3000, 0.01,
        [&] {
          auto posterior =
              std::dynamic_pointer_cast<const dist::MultivariateNormal>(guide->get_posterior());
          return at::cat({posterior->loc(), posterior->covariance_matrix().flatten()});
        },
        16);
    auto [mean, cov] = mvn_posterior();
    QVERIFY2((a.se < 0.01).all().item<bool>(), "the iterates are too noisy to test");
    QVERIFY(close(a, at::cat({mean, cov.flatten()}), 3e-3, "AutoMultivariateNormal"));
    // The correlation is there to be found: the fitted covariance is far from diagonal.
    QVERIFY(d(a.mean[3]) > 0.1);
  }

  void low_rank_recovers_rank_one_plus_diagonal() {
    // x ~ MVN(m, w w' + diag(D)) with no data: the posterior is the prior.
    const at::Tensor m = T({1.0, -0.5, 0.3});
    const at::Tensor w = T({0.9, -0.6, 0.4}).unsqueeze(-1);
    const at::Tensor diag = T({0.3, 0.2, 0.5});
    auto model = [=] { sample("x", dist::LowRankMultivariateNormal(m, w, diag)); };
    auto guide = std::make_shared<AutoLowRankMultivariateNormal>(model, init_to_median(), 0.1, 1);
    Average a = fit(
        model, guide->as_model(), 4000, 0.02,
        [&] {
          auto posterior = std::dynamic_pointer_cast<const dist::LowRankMultivariateNormal>(
              guide->get_posterior());
          return at::cat({posterior->loc(), posterior->covariance_matrix().flatten()});
        },
        32);
    const at::Tensor cov = at::matmul(w, w.t()) + at::diag(diag);
    QVERIFY2((a.se < 0.01).all().item<bool>(), "the iterates are too noisy to test");
    // The split of the covariance between the factor and the diagonal converges slowly (a flat
    // valley of the ELBO): at lr 0.01 the off-diagonal cov[1][2] = -0.24 was still at -0.22
    // after 3000 steps for some seeds. lr 0.02 with 32 particles passes seeds 1-10; the slack
    // covers the drift that batch means do not see, and a wrong covariance is off by far more.
    QVERIFY(close(a, at::cat({m, cov.flatten()}), 1e-2, "AutoLowRankMultivariateNormal"));
  }
};

QTEST_APPLESS_MAIN(AutoGuideFitMultivariateTest)
#include "fit_multivariate_test.moc"
