// Latent sites with an improper prior (ImproperUniform, Stan's parameter without a prior
// statement): the density finds them without drawing from them, init_to_sample_or_uniform and
// init_to_uniform start them inside their support, and the potential is the likelihood alone.
#include <cmath>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/meta/improper_uniform.h"
#include "core/infer/initialization.h"
#include "core/infer/model_density.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::infer;
using poutine::sample;

namespace {

// A flat mean on the reals, a flat scale on the positive reals, an ordered pair, and one
// observation y = 1 of Normal(mu, sigma).
poutine::Model flat_model() {
  return [] {
    const at::Tensor mu = sample("mu", dist::ImproperUniform(dist::constraints::real(), {}));
    const at::Tensor sigma =
        sample("sigma", dist::ImproperUniform(dist::constraints::positive(), {}));
    sample("pair", dist::ImproperUniform(dist::constraints::ordered_vector(), {}, {2}));
    sample("y", dist::Normal(mu, sigma), T(1.));
  };
}

} // namespace

class ImproperPriorTest : public QObject {
  Q_OBJECT

private slots:
  void init() { reset(1); }

  void isImproperLooksThroughToEventAndMask() {
    const dist::ImproperUniform flat(dist::constraints::real(), {3});
    QVERIFY(dist::is_improper(flat));
    QVERIFY(dist::is_improper(*flat.to_event(1)));
    QVERIFY(dist::is_improper(*flat.mask(true)));
    QVERIFY(!dist::is_improper(dist::Normal(0., 1.)));
  }

  void densityFindsImproperSites() {
    ModelDensity density(flat_model());
    QCOMPARE(density.dim(), int64_t(4));
    QCOMPARE(density.sites()[2].shape, Shape({2}));
  }

  void initialPointIsInTheSupport() {
    ModelDensity density(flat_model());
    for (int i = 0; i < 20; ++i) {
      const at::Tensor x = initialize(density);
      QVERIFY(x.abs().max().item<double>() < 2.);
      const poutine::ValueMap values = density.constrain(x);
      QVERIFY(values.at("sigma").item<double>() > 0);
      QVERIFY(values.at("pair")[0].item<double>() < values.at("pair")[1].item<double>());
    }
  }

  void potentialIsTheLikelihoodAndJacobians() {
    ModelDensity density(flat_model());
    // mu = 0.5, log sigma = 0, pair's unconstrained (first, log gap) = (0, 0).
    const at::Tensor x = T({0.5, 0., 0., 0.});
    const auto [pe, grad] = density.potential_and_grad(x);
    // -log N(1 | 0.5, 1) - log |d sigma / d log sigma| - log |d pair / d u| = 0.5 log(2 pi)
    // + 0.125 - 0 - 0 (the ordered map's Jacobian is exp(0) = 1).
    QVERIFY(std::abs(pe - (0.5 * std::log(2 * M_PI) + 0.125)) < 1e-12);
  }

  void strategyDrawsProperSitesFromThePrior() {
    poutine::Message msg;
    msg.name = "x";
    msg.fn = std::make_shared<dist::Normal>(T(100.), T(1e-3));
    QVERIFY(std::abs(init_to_sample_or_uniform()(msg).item<double>() - 100.) < 0.1);
    msg.fn = std::make_shared<dist::ImproperUniform>(dist::constraints::positive(), Shape{5});
    const at::Tensor v = init_to_sample_or_uniform()(msg);
    QCOMPARE(v.sizes().vec(), Shape({5}));
    QVERIFY((v > std::exp(-2.)).all().item<bool>() && (v < std::exp(2.)).all().item<bool>());
  }
};

QTEST_GUILESS_MAIN(ImproperPriorTest)
#include "improper_prior_test.moc"
