// The autoguides' structure without training: Pyro's parameter names and shapes, the sites a
// run records, median and quantiles from parameters set by hand, init_loc_fn, plates with
// subsampling reproduced in the guide, AutoGuideList's parts, sample_posterior's moments, and
// the errors for discrete sites, subsampled AutoContinuous sites and overlapping parts.
#include <cmath>
#include <memory>
#include <string>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/multivariate/dirichlet.h"
#include "core/dist/positive/gamma.h"
#include "core/infer/autoguide/auto_delta.h"
#include "core/infer/autoguide/auto_diagonal_normal.h"
#include "core/infer/autoguide/auto_guide_list.h"
#include "core/infer/autoguide/auto_low_rank_multivariate_normal.h"
#include "core/infer/autoguide/auto_multivariate_normal.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/stats.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::infer;
using namespace kiln::infer::autoguide;
using poutine::sample;

namespace {

double d(const at::Tensor& t) {
  return t.item<double>();
}

// mu real, sigma positive, p on a simplex of 3, z local to a plate of 4; data observed.
poutine::Model mixed_model() {
  return [] {
    auto mu = sample("mu", dist::Normal(0., 5.));
    auto sigma = sample("sigma", dist::Gamma(2., 1.));
    sample("p", dist::Dirichlet(at::ones({3}, at::kDouble)));
    poutine::Plate data("data", 4);
    auto z = sample("z", dist::Normal(mu, 1.));
    sample("y", dist::Normal(z, sigma), T({0.1, -0.3, 2.0, 1.1}));
  };
}

Shape shape_of(const std::string& param) {
  return to_shape(poutine::param_store().get(param).sizes());
}

} // namespace

class AutoGuideStructureTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(3);
    poutine::param_store().clear();
  }

  void auto_normal_has_pyros_names_and_shapes() {
    auto guide = std::make_shared<AutoNormal>(mixed_model());
    auto trace = poutine::get_trace(guide->as_model());
    for (const char* site : {"mu", "sigma", "p", "z"}) {
      QVERIFY(trace.contains(site));
      QVERIFY(trace.contains(std::string(site) + "_unconstrained"));
      QVERIFY(poutine::infer_bool(trace.at(std::string(site) + "_unconstrained").infer,
                                  "is_auxiliary"));
    }
    QVERIFY(!trace.contains("y"));
    QCOMPARE(shape_of("AutoNormal.locs.mu"), Shape{});
    QCOMPARE(shape_of("AutoNormal.scales.sigma"), Shape{});
    QCOMPARE(shape_of("AutoNormal.locs.p"), Shape{2}); // a simplex of 3 has 2 coordinates
    QCOMPARE(shape_of("AutoNormal.locs.z"), Shape{4});
    QCOMPARE(d(poutine::param_store().get("AutoNormal.scales.z")[2]), 0.1);
    QCOMPARE(poutine::param_store().constraint("AutoNormal.scales.mu")->name(),
             std::string("softplus_positive"));
    QCOMPARE(to_shape(trace.at("p").value.sizes()), Shape{3});
    QVERIFY(std::abs(d(trace.at("p").value.sum()) - 1) < 1e-12);
    QVERIFY(d(trace.at("sigma").value) > 0);
    // The guide's site "z" sits in the model's plate.
    QCOMPARE(trace.at("z").cond_indep_stack.size(), size_t(1));
    QCOMPARE(trace.at("z").cond_indep_stack[0].name, std::string("data"));
  }

  void auto_normal_delta_carries_the_log_jacobian() {
    // The guide's log density of sigma is the Normal's of log sigma minus log sigma.
    auto guide = std::make_shared<AutoNormal>(mixed_model());
    auto trace = poutine::get_trace(guide->as_model());
    trace.compute_log_prob();
    const double u = d(trace.at("sigma_unconstrained").value);
    QVERIFY(std::abs(d(trace.at("sigma").log_prob) + u) < 1e-12);
  }

  void median_and_quantiles_follow_set_params() {
    auto guide = std::make_shared<AutoNormal>(mixed_model());
    guide->setup();
    auto& store = poutine::param_store();
    store.set("AutoNormal.locs.mu", T(1.0));
    store.set("AutoNormal.scales.mu", T(2.0), dist::constraints::softplus_positive());
    store.set("AutoNormal.locs.sigma", T(std::log(3.0)));
    auto median = guide->median();
    QVERIFY(std::abs(d(median.at("mu")) - 1.0) < 1e-12);
    QVERIFY(std::abs(d(median.at("sigma")) - 3.0) < 1e-12);
    auto q = guide->quantiles({0.05, 0.5, 0.95});
    QCOMPARE(to_shape(q.at("mu").sizes()), Shape({3}));
    QCOMPARE(to_shape(q.at("z").sizes()), Shape({3, 4}));
    // 1 + 2 * Phi^-1(0.95), Phi^-1(0.95) = 1.6448536269514722 (scipy.stats.norm.ppf)
    QVERIFY(std::abs(d(q.at("mu")[2]) - (1 + 2 * 1.6448536269514722)) < 1e-9);
    QVERIFY(std::abs(d(q.at("mu")[1]) - 1.0) < 1e-12);
    QVERIFY(std::abs(d(q.at("p").sum(-1)[0]) - 1) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(DomainError, guide->quantiles({0.5, 1.0}));
  }

  void init_loc_fn_is_respected() {
    auto guide = std::make_shared<AutoNormal>(
        mixed_model(), init_to_value({{"mu", T(3.0)}, {"sigma", T(0.5)}}, init_to_median()));
    guide->setup();
    auto median = guide->median();
    QVERIFY(std::abs(d(median.at("mu")) - 3.0) < 1e-12);
    QVERIFY(std::abs(d(median.at("sigma")) - 0.5) < 1e-12);
    auto delta = std::make_shared<AutoDelta>(mixed_model(),
                                             init_to_value({{"mu", T(-2.0)}}, init_to_median()));
    QVERIFY(std::abs(d(delta->median().at("mu")) + 2.0) < 1e-12);
    auto diag = std::make_shared<AutoDiagonalNormal>(
        mixed_model(), init_to_value({{"sigma", T(4.0)}}, init_to_median()));
    QVERIFY(std::abs(d(diag->median().at("sigma")) - 4.0) < 1e-12);
  }

  void auto_delta_names_and_point() {
    auto guide = std::make_shared<AutoDelta>(mixed_model());
    auto trace = poutine::get_trace(guide->as_model());
    QCOMPARE(shape_of("AutoDelta.z"), Shape{4});
    QCOMPARE(shape_of("AutoDelta.p"), Shape{3});
    QCOMPARE(poutine::param_store().constraint("AutoDelta.sigma")->name(),
             dist::Gamma(2., 1.).support()->name());
    QVERIFY(at::equal(trace.at("z").value, poutine::param_store().get("AutoDelta.z")));
    QVERIFY(!trace.contains("z_unconstrained"));
    auto q = guide->quantiles({0.1, 0.9});
    QVERIFY(at::equal(q.at("z")[1], poutine::param_store().get("AutoDelta.z")));
  }

  void auto_continuous_names_and_layout() {
    auto diag = std::make_shared<AutoDiagonalNormal>(mixed_model());
    auto trace = poutine::get_trace(diag->as_model());
    QCOMPARE(diag->latent_dim(), int64_t(1 + 1 + 2 + 4));
    QVERIFY(trace.contains("_AutoDiagonalNormal_latent"));
    QCOMPARE(shape_of("AutoDiagonalNormal.loc"), Shape{8});
    QCOMPARE(shape_of("AutoDiagonalNormal.scale"), Shape{8});
    QCOMPARE(to_shape(trace.at("z").value.sizes()), Shape{4});
    // The sites are cut from the latent vector in the model's order.
    const at::Tensor latent = trace.at("_AutoDiagonalNormal_latent").value;
    QVERIFY(std::abs(d(latent[0]) - d(trace.at("mu").value)) < 1e-12);
    QVERIFY(std::abs(std::exp(d(latent[1])) - d(trace.at("sigma").value)) < 1e-12);
    QVERIFY(at::allclose(latent.narrow(0, 4, 4), trace.at("z").value));

    auto mvn = std::make_shared<AutoMultivariateNormal>(mixed_model());
    poutine::get_trace(mvn->as_model());
    QCOMPARE(shape_of("AutoMultivariateNormal.scale_tril"), Shape({8, 8}));
    QVERIFY(at::equal(poutine::param_store().get("AutoMultivariateNormal.scale_tril"),
                      at::eye(8, at::kDouble)));
    QCOMPARE(poutine::param_store().constraint("AutoMultivariateNormal.scale_tril")->name(),
             std::string("unit_lower_cholesky"));

    auto low = std::make_shared<AutoLowRankMultivariateNormal>(mixed_model());
    poutine::get_trace(low->as_model());
    QCOMPARE(low->rank(), int64_t(3)); // round(sqrt(8))
    QCOMPARE(shape_of("AutoLowRankMultivariateNormal.cov_factor"), Shape({8, 3}));
    QVERIFY(std::abs(d(poutine::param_store().get("AutoLowRankMultivariateNormal.scale")[0]) -
                     0.1 * std::sqrt(0.5)) < 1e-12);
  }

  void low_rank_factor_starts_from_the_seeded_stream() {
    // The random cov_factor comes from Kiln's seeded stream: the same seed gives the same start
    // whatever ATen's own global generator did in between.
    auto start = [](uint64_t seed) {
      poutine::param_store().clear();
      reset(seed);
      (void)at::randn({5}, at::kDouble); // ATen's global stream moves on
      auto low = std::make_shared<AutoLowRankMultivariateNormal>(mixed_model());
      poutine::get_trace(low->as_model());
      return poutine::param_store().get("AutoLowRankMultivariateNormal.cov_factor").clone();
    };
    const at::Tensor a = start(11);
    QVERIFY(at::equal(a, start(11)));
    QVERIFY(!at::equal(a, start(12)));
  }

  void auto_continuous_quantiles_from_set_params() {
    auto diag = std::make_shared<AutoDiagonalNormal>(mixed_model());
    diag->setup();
    at::Tensor loc = at::zeros({8}, at::kDouble);
    loc[1] = std::log(2.0);
    poutine::param_store().set("AutoDiagonalNormal.loc", loc);
    at::Tensor scale = at::full({8}, 0.5, at::kDouble);
    poutine::param_store().set("AutoDiagonalNormal.scale", scale,
                               dist::constraints::softplus_positive());
    auto q = diag->quantiles({0.05, 0.95});
    QCOMPARE(to_shape(q.at("z").sizes()), Shape({2, 4}));
    // sigma = exp(log 2 + 0.5 * Phi^-1(q))
    QVERIFY(std::abs(d(q.at("sigma")[1]) - 2 * std::exp(0.5 * 1.6448536269514722)) < 1e-9);
    QVERIFY(std::abs(d(diag->median().at("sigma")) - 2) < 1e-12);
  }

  void subsampling_plates_are_reproduced() {
    auto model = [] {
      auto mu = sample("mu", dist::Normal(0., 1.));
      poutine::Plate data("data", 100, poutine::PlateOptions{10, {}, std::nullopt});
      sample("z", dist::Normal(mu, 1.));
    };
    for (int kind = 0; kind < 2; ++kind) {
      poutine::param_store().clear();
      AutoGuidePtr guide = kind == 0 ? AutoGuidePtr(std::make_shared<AutoNormal>(model))
                                     : AutoGuidePtr(std::make_shared<AutoDelta>(model));
      auto guide_trace = poutine::get_trace(guide->as_model());
      const std::string param = kind == 0 ? "AutoNormal.locs.z" : "AutoDelta.z";
      QCOMPARE(shape_of(param), Shape{100});
      QCOMPARE(to_shape(guide_trace.at("z").value.sizes()), Shape{10});
      const at::Tensor idx = guide_trace.at("data").value;
      QCOMPARE(idx.numel(), int64_t(10));
      // The model replayed against the guide draws the guide's subsample.
      auto model_trace = poutine::get_trace(poutine::replay(model, guide_trace));
      QVERIFY(at::equal(model_trace.at("data").value, idx));
      QVERIFY(at::equal(model_trace.at("z").value, guide_trace.at("z").value));
      if (kind == 1)
        QVERIFY(at::equal(guide_trace.at("z").value,
                          poutine::param_store().get(param).index_select(0, idx)));
    }
    auto diag = std::make_shared<AutoDiagonalNormal>(model);
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, (*diag)());
  }

  void discrete_sites_are_an_error_naming_them() {
    auto model = [] {
      sample("mu", dist::Normal(0., 1.));
      sample("flip", dist::Bernoulli(dist::Probs{0.3}));
    };
    auto guide = std::make_shared<AutoNormal>(model);
    try {
      (*guide)();
      QFAIL("expected an error");
    } catch (const NotSupportedError& e) {
      QVERIFY(std::string(e.what()).find("'flip'") != std::string::npos);
    }
  }

  void guide_list_splits_sites() {
    auto model = mixed_model();
    auto list = std::make_shared<AutoGuideList>(model);
    poutine::BlockSpec first;
    first.expose = {"mu", "sigma"};
    poutine::BlockSpec second;
    second.hide = {"mu", "sigma"};
    list->append(std::make_shared<AutoDelta>(poutine::block(model, first)));
    list->append(std::make_shared<AutoNormal>(poutine::block(model, second)));
    auto trace = poutine::get_trace(list->as_model());
    auto& store = poutine::param_store();
    QVERIFY(store.contains("AutoGuideList.0.mu"));
    QVERIFY(store.contains("AutoGuideList.0.sigma"));
    QVERIFY(store.contains("AutoGuideList.1.locs.z"));
    QVERIFY(store.contains("AutoGuideList.1.scales.p"));
    QVERIFY(!store.contains("AutoGuideList.1.locs.mu"));
    QVERIFY(trace.contains("z_unconstrained") && !trace.contains("mu_unconstrained"));
    QCOMPARE(list->median().size(), size_t(4));
    QVERIFY_THROWS_EXCEPTION(Error, (*list->parts()[0])());

    poutine::param_store().clear();
    auto overlapping = std::make_shared<AutoGuideList>(model);
    overlapping->append(std::make_shared<AutoDelta>(poutine::block(model, first)));
    overlapping->append(std::make_shared<AutoNormal>(model));
    QVERIFY_THROWS_EXCEPTION(Error, (*overlapping)());
  }

  void sample_posterior_has_the_guides_moments() {
    auto model = [] { sample("sigma", dist::Gamma(2., 1.)); };
    auto guide = std::make_shared<AutoNormal>(model);
    guide->setup();
    poutine::param_store().set("AutoNormal.locs.sigma", T(0.3));
    poutine::param_store().set("AutoNormal.scales.sigma", T(0.4),
                               dist::constraints::softplus_positive());
    auto draws = guide->sample_posterior(4000);
    QCOMPARE(to_shape(draws.at("sigma").sizes()), Shape{4000});
    // log sigma ~ Normal(0.3, 0.4)
    const at::Tensor log_draws = draws.at("sigma").log().unsqueeze(-1);
    QVERIFY(std::abs(mean_z(log_draws, T({0.3}))) < 4);
    QVERIFY(std::abs(variance_z(log_draws, T({0.16}))) < 4);
  }
};

QTEST_APPLESS_MAIN(AutoGuideStructureTest)
#include "structure_test.moc"
