// Autoguides fitted by SVI (Trace_ELBO, Adam): AutoNormal recovers the normal-normal
// posterior's mean and sd, AutoDelta its mode, and AutoLaplaceApproximation gives the analytic
// Laplace approximation (closed-form mode and curvature) and finds the mode by SVI.
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/multivariate/multivariate_normal.h"
#include "core/dist/positive/gamma.h"
#include "core/infer/autoguide/auto_delta.h"
#include "core/infer/autoguide/auto_guide_list.h"
#include "core/infer/autoguide/auto_laplace_approximation.h"
#include "core/infer/autoguide/auto_multivariate_normal.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/random.h"
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

// Normal-normal: mu ~ Normal(0, 2), x_i ~ Normal(mu, 1), 6 points; the posterior is Normal
// with precision 1/4 + 6 and mean sum(x) / precision.
at::Tensor normal_data() {
  return T({0.7, 1.9, 1.1, 2.4, 0.3, 1.6});
}

void normal_model() {
  auto mu = sample("mu", dist::Normal(0., 2.));
  poutine::Plate data("data", 6);
  sample("x", dist::Normal(mu, 1.), normal_data());
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

class AutoGuideFitTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(5);
    poutine::param_store().clear();
  }

  void auto_normal_recovers_the_normal_posterior() {
    auto guide = std::make_shared<AutoNormal>(normal_model);
    auto& store = poutine::param_store();
    Average a = fit(normal_model, guide->as_model(), 4500, 0.02, [&] {
      return at::stack({store.get("AutoNormal.locs.mu"), store.get("AutoNormal.scales.mu")});
    });
    const double precision = 0.25 + 6;
    const at::Tensor exact = T({d(normal_data().sum()) / precision, 1 / std::sqrt(precision)});
    QVERIFY2((a.se < 0.01).all().item<bool>(), "the iterates are too noisy to test");
    QVERIFY(close(a, exact, 2e-3, "AutoNormal"));
  }

  void laplace_equals_the_analytic_approximation() {
    // mu as in mvn_model; tau ~ Gamma(3, 2) the precision of z_j ~ Normal(0, tau^-1/2).
    // In u = log tau the negative log joint is -(a' u - b' e^u) + const, a' = 3 + m/2,
    // b' = 2 + sum(z^2)/2: mode log(a'/b'), curvature a'. mu's part is Gaussian: mode the
    // posterior mean, curvature the posterior precision.
    const at::Tensor z = T({0.8, -1.2, 0.4, 1.9, -0.6});
    auto model = [z] {
      mvn_model();
      auto tau = sample("tau", dist::Gamma(3., 2.));
      poutine::Plate obs("obs", 5);
      sample("z", dist::Normal(0., tau.rsqrt()), z);
    };
    const double a_post = 3 + 5 / 2.0;
    const double b_post = 2 + d(z.pow(2).sum()) / 2;
    auto [mean, cov] = mvn_posterior();
    const at::Tensor mode = at::cat({mean, T({std::log(a_post / b_post)})});
    at::Tensor hessian = at::zeros({3, 3}, at::kDouble);
    hessian.narrow(0, 0, 2).narrow(1, 0, 2).copy_(at::inverse(cov));
    hessian[2][2] = a_post;

    auto guide = std::make_shared<AutoLaplaceApproximation>(model);
    guide->setup();
    poutine::param_store().set("AutoLaplaceApproximation.loc", mode);
    QVERIFY(at::allclose(guide->hessian(), hessian, 0, 1e-8));
    auto gaussian = guide->laplace_approximation();
    QVERIFY(gaussian->is_fixed());
    auto posterior =
        std::dynamic_pointer_cast<const dist::MultivariateNormal>(gaussian->get_posterior());
    QVERIFY(at::allclose(posterior->loc(), mode, 0, 1e-12));
    QVERIFY(at::allclose(posterior->covariance_matrix(), at::inverse(hessian), 0, 1e-5));
    auto median = gaussian->median();
    QVERIFY(std::abs(d(median.at("tau")) - a_post / b_post) < 1e-10);
    // The Gaussian guide samples like any guide.
    auto draws = gaussian->sample_posterior(10);
    QCOMPARE(to_shape(draws.at("mu").sizes()), Shape({10, 2}));

    // SVI finds the mode: the Delta guide's loss is the negative log joint in u.
    poutine::param_store().clear();
    auto fitted = std::make_shared<AutoLaplaceApproximation>(model);
    svi::AdamOptions o;
    o.lr = 0.05;
    svi::SVI fitter(model, fitted->as_model(), std::make_shared<svi::Adam>(o),
                    std::make_shared<svi::Trace_ELBO>());
    for (int i = 0; i < 1500; ++i)
      fitter.step();
    o.lr = 0.002;
    svi::SVI polish(model, fitted->as_model(), std::make_shared<svi::Adam>(o),
                    std::make_shared<svi::Trace_ELBO>());
    for (int i = 0; i < 1500; ++i)
      polish.step();
    const at::Tensor loc = poutine::param_store().get("AutoLaplaceApproximation.loc");
    QVERIFY2(at::allclose(loc, mode, 0, 1e-3),
             qPrintable(QString("loc %1 %2 %3").arg(d(loc[0])).arg(d(loc[1])).arg(d(loc[2]))));
    auto refit = fitted->laplace_approximation();
    auto refit_posterior =
        std::dynamic_pointer_cast<const dist::MultivariateNormal>(refit->get_posterior());
    QVERIFY(at::allclose(refit_posterior->covariance_matrix(), at::inverse(hessian), 0, 1e-2));
  }

  void auto_delta_finds_the_map() {
    // The MAP of mu in the normal-normal model is the posterior mean.
    auto guide = std::make_shared<AutoDelta>(normal_model);
    svi::AdamOptions o;
    o.lr = 0.01;
    svi::SVI fitter(normal_model, guide->as_model(), std::make_shared<svi::Adam>(o),
                    std::make_shared<svi::Trace_ELBO>());
    for (int i = 0; i < 2000; ++i)
      fitter.step();
    QVERIFY(std::abs(d(guide->median().at("mu")) - d(normal_data().sum()) / 6.25) < 1e-3);
  }

  // AutoGuideList on minibatches: an AutoNormal for the global mu and one for the local z_i,
  // whose plate subsamples 25 of 100 per step. mu ~ Normal(0, 1), z_i ~ Normal(mu, 1),
  // x_i ~ Normal(z_i, 1): marginally x_i ~ Normal(mu, 2), so mu's posterior mean is
  // (sum x / 2) / (1 + N / 2), and E[z_i | x] = (x_i + E[mu | x]) / 2. A mean-field Gaussian
  // guide of a Gaussian posterior has the exact means, so the locs must converge to them.
  void auto_guide_list_fits_a_subsampled_hierarchy() {
    const int64_t n = 100;
    const at::Tensor x = 1.0 + 1.5 * at::randn({n}, generator(), at::kDouble);
    const poutine::Model model = [x] {
      auto mu = sample("mu", dist::Normal(0., 1.));
      poutine::PlateOptions o;
      o.subsample_size = 25;
      poutine::Plate data("data", x.size(0), o);
      auto z = sample("z", dist::Normal(mu, 1.));
      sample("x", dist::Normal(z, 1.), x.index_select(0, data.indices()));
    };
    auto list = std::make_shared<AutoGuideList>(model);
    poutine::BlockSpec global, local;
    global.expose = {"mu"};
    local.hide = {"mu"};
    list->append(std::make_shared<AutoNormal>(poutine::block(model, global)));
    list->append(std::make_shared<AutoNormal>(poutine::block(model, local)));
    auto& store = poutine::param_store();
    Average a = fit(model, list->as_model(), 6000, 0.02, [&] {
      return at::cat(
          {store.get("AutoGuideList.0.locs.mu").reshape({1}), store.get("AutoGuideList.1.locs.z")});
    });
    const double mu = d(x.sum()) / 2 / (1 + n / 2.0);
    const at::Tensor exact = at::cat({T({mu}), (x + mu) / 2});
    QVERIFY(close(a, exact, 0.02, "AutoGuideList"));
  }
};

QTEST_APPLESS_MAIN(AutoGuideFitTest)
#include "fit_test.moc"
