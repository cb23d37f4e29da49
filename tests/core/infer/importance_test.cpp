// Importance sampling: with the prior as the proposal the log marginal likelihood of a
// conjugate model matches the exact one within Monte Carlo error; with the exact posterior as
// the guide every weight is the evidence and the effective sample size is the number of draws;
// with a worse guide the effective sample size drops.
#include <cmath>
#include <memory>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/infer/importance.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::infer;
using poutine::sample;

namespace {

const at::Tensor& data() {
  static const at::Tensor y = T({1.1, 0.4, 2.2, 1.5, 0.7});
  return y;
}

// mu ~ Normal(0, 2), y_i ~ Normal(mu, 1).
void model() {
  auto mu = sample("mu", dist::Normal(0., 2.));
  poutine::Plate n("data", 5);
  sample("y", dist::Normal(mu, 1.), data());
}

// The exact evidence: y ~ MVN(0, I + 4 11').
double exact_log_evidence() {
  const at::Tensor cov = at::eye(5, at::kDouble) + 4 * at::ones({5, 5}, at::kDouble);
  const double quad = at::dot(data(), at::matmul(at::inverse(cov), data())).item<double>();
  const double logdet = at::logdet(cov).item<double>();
  return -0.5 * (5 * std::log(2 * M_PI) + logdet + quad);
}

// The exact posterior of mu: precision 1/4 + 5.
double posterior_mean() {
  return data().sum().item<double>() / 5.25;
}
double posterior_sd() {
  return 1 / std::sqrt(5.25);
}

} // namespace

class ImportanceTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(13);
    poutine::param_store().clear();
  }

  void prior_proposal_estimates_the_evidence() {
    const int64_t n = 20000;
    ImportanceResult r = importance_sampling(model, n);
    QCOMPARE(r.log_weights.size(0), n);
    QCOMPARE(to_shape(r.samples.at("mu").sizes()), Shape{n});
    QVERIFY(!r.samples.count("y"));
    // Delta method: se(log mean w) = sd(w) / (mean(w) sqrt(n)).
    const at::Tensor w = (r.log_weights - r.log_weights.max()).exp();
    const double se = (w.std() / w.mean()).item<double>() / std::sqrt(static_cast<double>(n));
    const double exact = exact_log_evidence();
    QVERIFY2(
        std::abs(r.log_marginal_likelihood - exact) < 4 * se,
        qPrintable(QString("%1 vs %2 (se %3)").arg(r.log_marginal_likelihood).arg(exact).arg(se)));
    QVERIFY(r.effective_sample_size > 1 && r.effective_sample_size < n);
    QVERIFY(std::abs(r.normalized_weights().sum().item<double>() - 1) < 1e-12);
  }

  void exact_posterior_guide_gives_constant_weights() {
    auto guide = std::make_shared<autoguide::AutoNormal>(model);
    guide->setup();
    poutine::param_store().set("AutoNormal.locs.mu", T(posterior_mean()));
    poutine::param_store().set("AutoNormal.scales.mu", T(posterior_sd()),
                               dist::constraints::softplus_positive());
    ImportanceResult r = importance_sampling(model, guide->as_model(), 200);
    const double exact = exact_log_evidence();
    QVERIFY((r.log_weights - exact).abs().max().item<double>() < 1e-10);
    QVERIFY(std::abs(r.log_marginal_likelihood - exact) < 1e-10);
    QVERIFY(std::abs(r.effective_sample_size - 200) < 1e-6);

    poutine::param_store().set("AutoNormal.scales.mu", T(3 * posterior_sd()),
                               dist::constraints::softplus_positive());
    ImportanceResult wide = importance_sampling(model, guide->as_model(), 200);
    QVERIFY(wide.effective_sample_size < 150);
  }
};

QTEST_APPLESS_MAIN(ImportanceTest)
#include "importance_test.moc"
