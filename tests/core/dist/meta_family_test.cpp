// Conformance of the meta families: Delta, Unit, ImproperUniform, TransformedDistribution,
// MixtureSameFamily and OrderedLogistic.
//
// Three of them cannot take part in every generic check, by their nature, and run the suite on
// the checks that apply (each exclusion is explained at its table); the properties the skipped
// checks would have covered are tested directly in MetaFamiliesTest below.
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/meta/delta.h"
#include "core/dist/meta/improper_uniform.h"
#include "core/dist/meta/mixture_same_family.h"
#include "core/dist/meta/ordered_logistic.h"
#include "core/dist/meta/transformed_distribution.h"
#include "core/dist/meta/unit.h"
#include "core/dist/transforms/transforms.h"
#include "core/util/error.h"
#include "tests/support/conformance.h"
#include "tests/support/fixture.h"
#include "tests/support/stats.h"

using namespace kiln;
using namespace kiln::test;
using dist::DistPtr;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

DistPtr make_normal(const at::Tensor& loc, const at::Tensor& scale) {
  return std::make_shared<dist::Normal>(loc, scale);
}
DistPtr ordered_logistic(const at::Tensor& predictor, const at::Tensor& cutpoints) {
  return std::make_shared<dist::OrderedLogistic>(predictor, cutpoints);
}

// Delta: its samples are exactly v, where log_prob is not differentiable in the value (it jumps
// to -inf off v, so finite differences are NaN), and a univariate Delta's empirical cdf is a
// single step that the KS test cannot accept. Gradient and KS checks are skipped; v is not a
// differentiable parameter of log_prob either (Pyro's v is `dependent`).
FamilyTable delta_table() {
  FamilyTable t{"Delta"};
  t.log_prob = {
      {{{"v", T({1.5, -2., 0.})}, {"log_density", T({0.25, -1., 3.})}},
       T({1.5, -2., 0.}),
       T({0.25, -1., 3.}),
       "Pyro Delta.log_prob: log 1[x == v] + log_density, closed form"},
      {{{"v", T({{1., 2.}, {3., 4.}})}, {"log_density", T({0.5, -0.5})}, {"event_dim", 1}},
       T({{1., 2.}, {3., 4.}}),
       T({0.5, -0.5}),
       "Pyro Delta.log_prob with event_dim=1: sum over the event of log 1[x == v], closed form"},
      {{{"v", 2.}}, T(2.), T(0.), "Pyro Delta.log_prob, default log_density 0, closed form"},
  };
  t.invalid = {
      {{{"v", T({1., 2.})}, {"event_dim", 2}}, "Delta: v must have at least 2 dimensions"},
      {{{"v", 1.}, {"log_density", T({1., 2.})}},
       "Delta: log_density broadcasts to batch shape (2,), but v's batch shape is ()"},
      {{{"v", 1.}, {"event_dim", -1}}, "Delta: event_dim must be nonnegative"},
      {{{"log_density", 1.}}, "Delta: missing required argument 'v'"},
  };
  t.sampling = {{"v", T({0.5, -1.})}, {"log_density", T({0.1, -0.2})}};
  t.no_grad_args = {"v", "event_dim"};
  t.no_nan_args = {"event_dim"};
  return t;
}

// Unit: its event shape is (0,), so the generic check that a value with a doubled event dim is
// rejected cannot apply (doubling 0 gives 0): the shapes check is replaced by unitShapes().
FamilyTable unit_table() {
  FamilyTable t{"Unit"};
  t.log_prob = {
      {{{"log_factor", T({0.5, -1.25})}},
       at::empty({2, 0}, at::kDouble),
       T({0.5, -1.25}),
       "Pyro Unit.log_prob: log_factor, closed form"},
      {{{"log_factor", 3.}},
       at::empty({4, 0}, at::kDouble),
       T({3., 3., 3., 3.}),
       "Pyro Unit.log_prob: log_factor expanded to the value's batch shape, closed form"},
  };
  t.invalid = {
      {{}, "Unit: missing required argument 'log_factor'"},
      {{{"log_factor", 1.}, {"scale", 1.}}, "Unit: unexpected argument 'scale'"},
  };
  t.sampling = {{"log_factor", T({0.5, -1.25})}};
  t.no_grad_args = {"has_rsample"};
  t.no_nan_args = {"has_rsample"};
  return t;
}

// ImproperUniform cannot be sampled, so only the checks that do not draw apply; its shapes are
// tested in improperUniform().
FamilyTable improper_uniform_table() {
  FamilyTable t{"ImproperUniform"};
  t.log_prob = {
      {{{"support", dist::constraints::positive()}, {"batch_shape", Shape{2}}},
       T({0.5, 3.}),
       T({0., 0.}),
       "Pyro ImproperUniform.log_prob: zeros of the batch shape, closed form"},
      {{{"support", dist::constraints::real_vector()},
        {"batch_shape", Shape{3}},
        {"event_shape", Shape{2}}},
       T({0.1, 2., -3., 4., 5., 0., 1., 1., 0., 0., -1., 7.}).view({2, 3, 2}),
       at::zeros({2, 3}, at::kDouble),
       "Pyro ImproperUniform.log_prob: zeros of broadcast(value batch, batch_shape), closed form"},
  };
  t.invalid = {
      {{{"support", dist::constraints::simplex()}, {"batch_shape", Shape{}}},
       "ImproperUniform: event_shape () has fewer dims than the 1 event dims"},
      {{{"support", dist::constraints::real()}},
       "ImproperUniform: missing required argument "
       "'batch_shape'"},
      {{{"support", 1.}, {"batch_shape", Shape{}}},
       "ImproperUniform: argument 'support' must be a constraint"},
  };
  t.sampling = t.log_prob[0].args;
  return t;
}

FamilyTable transformed_table() {
  using namespace dist::transforms;
  FamilyTable t{"TransformedDistribution"};
  t.log_prob = {
      {{{"base_distribution", make_normal(T({0., 1.}), T({1., 0.5}))}, {"transforms", exp()}},
       T({0.5, 4.}),
       T({-0.466017859603828, -1.9105323806306669}),
       "scipy.stats.lognorm.logpdf([0.5, 4], s=[1, 0.5], scale=exp([0, 1])), SciPy 1.10.1"},
      {{{"base_distribution", make_normal(T({0., 1., -1.}), T({1., 2., 0.5}))},
        {"transforms", affine(T({1., -1., 0.5}), T({2., -3., 0.5}), 1)}},
       T({0.3, -2., 1.}),
       T(-11.972233443837682),
       "affine with event_dim 1 reinterprets the base batch: scipy.stats.norm.logpdf([0.3, -2, "
       "1], tl + ts * bl, |ts| * bs).sum() with bl=[0,1,-1], bs=[1,2,0.5], tl=[1,-1,0.5], "
       "ts=[2,-3,0.5], SciPy 1.10.1"},
      {{{"base_distribution", make_normal(T(0.), T(1.5))},
        {"transforms",
         std::vector<dist::TransformPtr>{sigmoid(), affine(T({0., 1.}), T({1., 2.}))}}},
       T({0.2, 2.9}),
       T({0.08110847673040489, -0.8971298988278428}),
       "base expanded to (2,) by the affine map; u = (y - [0, 1]) / [1, 2]: "
       "scipy.stats.norm.logpdf(logit(u), 0, 1.5) - log(u (1 - u)) - log([1, 2]), SciPy 1.10.1"},
      {{{"base_distribution", make_normal(T({0.5, -0.3}), T({1., 2.}))},
        {"transforms", stick_breaking()}},
       T({0.2, 0.5, 0.3}),
       T(0.18155377909217904),
       "stick breaking onto the 3-simplex: sum of normal log densities at x = inverse(y) minus "
       "log |det| of the 2x2 Jacobian of the free coordinates, mpmath 1.2 (50 digits, "
       "mpmath.diff)"},
  };
  t.invalid = {
      {{{"base_distribution", make_normal(T(0.), T(1.))}, {"transforms", stick_breaking()}},
       "TransformedDistribution: base_distribution needs a shape of at least 1 dims"},
      {{{"base_distribution", make_normal(T(0.), T(1.))}},
       "TransformedDistribution: missing required argument 'transforms'"},
      {{{"base_distribution", make_normal(T(0.), T(1.))}, {"transforms", 1.}},
       "TransformedDistribution: argument 'transforms' must be a transform or a list"},
      {{{"base_distribution", 1.}, {"transforms", exp()}},
       "TransformedDistribution: argument 'base_distribution' must be a distribution"},
  };
  // Equal medians so that one cdf anchor, F(1) = 1/2, holds in every batch element.
  t.sampling = {{"base_distribution", make_normal(T({0., 0.}), T({1., 0.5}))},
                {"transforms", exp()}};
  t.cdf_anchor = {{1.0, 0.5}};
  return t;
}

FamilyTable mixture_table() {
  FamilyTable t{"MixtureSameFamily"};
  auto components =
      make_normal(T({{-2., 0., 3.}, {1., -1., 4.}}), T({{0.5, 1., 2.}, {1., 0.7, 0.3}}));
  auto weights = ordered_logistic(T({0.3, -0.5}), T({-1., 1.}));
  auto vector_components =
      make_normal(T({{0., 1.}, {-1., -2.}, {2., 0.5}}), T({{1., 0.5}, {2., 1.}, {0.3, 1.5}}))
          ->to_event(1);
  t.log_prob = {
      {{{"mixture_distribution", weights}, {"component_distribution", components}},
       T({-1.5, 3.8}),
       T({-1.7855006968776777, -1.623334166238922}),
       "scipy.special.logsumexp(log w + scipy.stats.norm.logpdf(x[:, None], loc, scale), -1), "
       "w the OrderedLogistic(predictor=[0.3, -0.5], cutpoints=[-1, 1]) probabilities "
       "(mpmath), SciPy 1.10.1"},
      {{{"mixture_distribution", ordered_logistic(T(0.), T({-0.5, 0.5}))},
        {"component_distribution", components}},
       T({0., 2.}),
       T({-2.1016172778740394, -2.3928586047368134}),
       "unbatched weights broadcast: scipy.special.logsumexp(log w + scipy.stats.norm.logpdf("
       "x[:, None], loc, scale), -1), w = OrderedLogistic(0, [-0.5, 0.5]).probs, SciPy 1.10.1"},
      {{{"mixture_distribution", ordered_logistic(T(0.2), T({-1., 0.5}))},
        {"component_distribution", vector_components}},
       T({0.5, -1.}),
       T(-4.380623093113975),
       "vector components: scipy.special.logsumexp(log w + scipy.stats.norm.logpdf(x, loc, "
       "scale).sum(-1)), w = OrderedLogistic(0.2, [-1, 0.5]).probs, SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"mixture_distribution", make_normal(T({0., 0., 0.}), T({1., 1., 1.}))},
        {"component_distribution", components}},
       "MixtureSameFamily: mixture_distribution must be a Categorical"},
      {{{"mixture_distribution", ordered_logistic(T({0., 0.}), T({0.}))},
        {"component_distribution", components}},
       "MixtureSameFamily: mixture_distribution has 2 categories but component_distribution has "
       "3 components"},
      {{{"mixture_distribution", ordered_logistic(T(0.), T({-1., 1.}))},
        {"component_distribution", make_normal(T(0.), T(1.))}},
       "MixtureSameFamily: component_distribution must have at least one batch dim"},
      {{{"mixture_distribution", ordered_logistic(T({0., 0., 0.}), T({-1., 1.}))},
        {"component_distribution", components}},
       "MixtureSameFamily: mixture_distribution.batch_shape (3,) is not compatible"},
  };
  t.sampling = {{"mixture_distribution", weights}, {"component_distribution", components}};
  return t;
}

FamilyTable ordered_logistic_table() {
  FamilyTable t{"OrderedLogistic"};
  t.log_prob = {
      {{{"predictor", T({0.3, -1.2, 2.})}, {"cutpoints", T({-1., 0.5, 2.})}},
       T({0., 2., 3.}),
       T({-1.5410084538329922, -2.1602218214741504, -0.6931471805599453}),
       "log(sigmoid(c_k - eta) - sigmoid(c_(k-1) - eta)) with c_(-1) = -inf, c_K = inf, "
       "mpmath 1.2 at 50 digits"},
      {{{"predictor", T({40., -40., 0., -30.})},
        {"cutpoints", T({{-1., 0.5}, {-1., 0.5}, {-3., 3.}, {-1., 0.5}})}},
       T({0., 1., 1., 2.}),
       T({-41.0, -39.252482458925456, -0.09965653251644364, -30.500000000000057}),
       "tails, where subtracting cumulative probabilities cancels: log(sigmoid(c_k - eta) - "
       "sigmoid(c_(k-1) - eta)), mpmath 1.2 at 50 digits"},
  };
  t.invalid = {
      {{{"predictor", 0.}, {"cutpoints", T({1., 0.})}},
       "OrderedLogistic: cutpoints is [1, 0], but must be a vector of strictly increasing "
       "entries"},
      {{{"predictor", T({0., 0., 0.})}, {"cutpoints", T({{-1., 1.}, {-1., 1.}})}},
       "does not broadcast"},
      {{{"predictor", 0.}, {"cutpoints", 1.}},
       "OrderedLogistic: cutpoints must have at least 1 dimension"},
      {{{"predictor", 0.}}, "OrderedLogistic: missing required argument 'cutpoints'"},
  };
  t.sampling = {{"predictor", T({0.3, -0.5})}, {"cutpoints", T({-1., 0.5, 1.5})}};
  return t;
}

// Direct tests of what the restricted suites cannot check, and of the bookkeeping of the
// wrapper families.
class MetaFamiliesTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(1); }

  void deltaIsAPointMass() {
    dist::Delta d(T({1.5, -2.}), T({0.25, -1.}));
    auto lp = d.log_prob(T({1.5, 0.}));
    QCOMPARE(lp[0].item<double>(), 0.25);
    QCOMPARE(lp[1].item<double>(), -kInf);
    auto xs = d.sample({5});
    QCOMPARE(to_shape(xs.sizes()), (Shape{5, 2}));
    QVERIFY(at::equal(xs[3], T({1.5, -2.})));
    // A vector event is hit only when every coordinate is.
    dist::Delta e(T({{1., 2.}}), 0., 1);
    QCOMPARE(e.batch_shape(), Shape{1});
    QCOMPARE(e.event_shape(), Shape{2});
    QCOMPARE(e.log_prob(T({{1., 2.}}))[0].item<double>(), 0.);
    QCOMPARE(e.log_prob(T({{1., 2.5}}))[0].item<double>(), -kInf);
    QCOMPARE(e.support()->event_dim(), 1);
  }

  void deltaGradients() {
    // log_prob is differentiable in log_density; rsample carries the gradient of v.
    auto v = T({1., 2.}).requires_grad_(true);
    auto ld = T({0.5, 0.5}).requires_grad_(true);
    dist::Delta d(v, ld);
    d.log_prob(T({1., 2.})).sum().backward();
    QVERIFY(at::equal(ld.grad(), T({1., 1.})));
    (d.rsample({3}) * T({1., 2.})).sum().backward();
    QVERIFY(at::equal(v.grad(), T({3., 6.})));
  }

  void unitShapes() {
    dist::Unit u(T({0.5, -1.25}));
    QCOMPARE(u.batch_shape(), Shape{2});
    QCOMPARE(u.event_shape(), Shape{0});
    QCOMPARE(to_shape(u.sample({3}).sizes()), (Shape{3, 2, 0}));
    QCOMPARE(u.sample({3}).numel(), 0);
    QCOMPARE(to_shape(u.log_prob(u.sample({3})).sizes()), (Shape{3, 2}));
    QVERIFY_THROWS_EXCEPTION(ShapeError, u.log_prob(at::empty({3}, at::kDouble)));
    auto e = u.expand({4, 2});
    QCOMPARE(to_shape(e->log_prob(e->sample()).sizes()), (Shape{4, 2}));
    QVERIFY(at::equal(e->log_prob(e->sample())[3], T({0.5, -1.25})));
    QVERIFY(at::equal(u.to_event(1)->log_prob(u.sample()), T(-0.75)));
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, u.rsample());
    auto r = dist::make_distribution("Unit", {{"log_factor", 1.}, {"has_rsample", 1}});
    QVERIFY(r->has_rsample());
    QCOMPARE(to_shape(r->rsample({2}).sizes()), (Shape{2, 0}));
  }

  void improperUniform() {
    dist::ImproperUniform d(dist::constraints::simplex(), {2}, {3});
    QCOMPARE(d.batch_shape(), Shape{2});
    QCOMPARE(d.event_shape(), Shape{3});
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, d.sample());
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, d.rsample());
    auto value = T({{0.2, 0.3, 0.5}, {1., 0., 0.}});
    QVERIFY(at::equal(d.log_prob(value), at::zeros({2}, at::kDouble)));
    QVERIFY(at::equal(d.log_prob(value.expand({4, 2, 3})), at::zeros({4, 2}, at::kDouble)));
    QVERIFY_THROWS_EXCEPTION(DomainError, d.log_prob(T({{0.2, 0.3, 0.6}, {1., 0., 0.}})));
    QVERIFY_THROWS_EXCEPTION(ShapeError, d.log_prob(T({0.5, 0.5})));
    auto e = d.expand({5, 2});
    QCOMPARE(e->batch_shape(), (Shape{5, 2}));
    QCOMPARE(to_shape(e->log_prob(value).sizes()), (Shape{5, 2}));
    QCOMPARE(d.to_event(1)->log_prob(value).dim(), 0);
    // Discrete supports are allowed: the density is flat over the integers.
    dist::ImproperUniform counts(dist::constraints::nonnegative_integer(), {});
    QCOMPARE(counts.log_prob(T(7.)).item<double>(), 0.);
    QVERIFY_THROWS_EXCEPTION(DomainError, counts.log_prob(T(0.5)));
  }

  void transformedEventBookkeeping() {
    using namespace dist::transforms;
    // A batch of 2 vectors in R^2 onto the 3-simplex: the last base batch dim stays batch,
    // the vector dim becomes the event, and the event grows by one.
    dist::TransformedDistribution d(make_normal(at::zeros({2, 2}, at::kDouble), T(1.)),
                                    {stick_breaking()});
    QCOMPARE(d.batch_shape(), Shape{2});
    QCOMPARE(d.event_shape(), Shape{3});
    QCOMPARE(d.base_dist()->event_shape(), Shape{2});
    auto y = d.sample({4});
    QCOMPARE(to_shape(y.sizes()), (Shape{4, 2, 3}));
    QVERIFY(dist::constraints::simplex()->check(y).all().item<bool>());
    auto x = stick_breaking()->inverse(y);
    auto expected = d.base_dist()->log_prob(x) - stick_breaking()->log_abs_det_jacobian(x, y);
    QVERIFY(at::allclose(d.log_prob(y), expected));
    QCOMPARE(d.support()->event_dim(), 1);
    // expand runs the event shape back through the transforms' inverse shapes.
    auto e = d.expand({3, 2});
    QCOMPARE(e->batch_shape(), (Shape{3, 2}));
    QCOMPARE(to_shape(e->sample().sizes()), (Shape{3, 2, 3}));
    QVERIFY(at::allclose(e->log_prob(y[0])[2], d.log_prob(y[0])));

    // An elementwise transform on a vector base keeps the base's event and sums the log-det
    // over it.
    dist::TransformedDistribution v(make_normal(T({0., 1.}), T({1., 2.}))->to_event(1), {exp()});
    QCOMPARE(v.batch_shape(), Shape{});
    QCOMPARE(v.event_shape(), Shape{2});
    QCOMPARE(v.support()->event_dim(), 1);
    auto z = T({0.5, 2.});
    auto manual = make_normal(T({0., 1.}), T({1., 2.}))->log_prob(z.log()).sum() - z.log().sum();
    QVERIFY(at::allclose(v.log_prob(z), manual));

    // No transforms: the base itself.
    dist::TransformedDistribution same(make_normal(T({0., 1.}), T({1., 2.})), {});
    QVERIFY(at::allclose(same.log_prob(z), make_normal(T({0., 1.}), T({1., 2.}))->log_prob(z)));
  }

  void transformedRsampleCarriesGradients() {
    using namespace dist::transforms;
    auto scale = T({1., 0.5}).requires_grad_(true);
    dist::TransformedDistribution d(make_normal(T({0., 0.}), scale), {affine(1., 2.)});
    QVERIFY(d.has_rsample());
    d.rsample({10}).sum().backward();
    QVERIFY(scale.grad().defined());
    dist::TransformedDistribution mix(std::make_shared<dist::OrderedLogistic>(T(0.), T({-1., 1.})),
                                      {affine(1., 2.)});
    QVERIFY(!mix.has_rsample());
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, mix.rsample());
  }

  void mixtureShapesAndMoments() {
    auto comps =
        make_normal(T({{0., 1.}, {-1., -2.}, {2., 0.5}}), T({{1., 0.5}, {2., 1.}, {0.3, 1.5}}))
            ->to_event(1);
    dist::MixtureSameFamily m(ordered_logistic(T(0.2), T({-1., 0.5})), comps);
    QCOMPARE(m.batch_shape(), Shape{});
    QCOMPARE(m.event_shape(), Shape{2});
    QCOMPARE(m.num_components(), 3);
    auto xs = m.sample({40000});
    QCOMPARE(to_shape(xs.sizes()), (Shape{40000, 2}));
    auto w =
        std::dynamic_pointer_cast<const dist::OrderedLogistic>(m.mixture_distribution())->probs();
    auto locs = T({{0., 1.}, {-1., -2.}, {2., 0.5}});
    auto mean = (w.unsqueeze(-1) * locs).sum(0);
    QVERIFY(at::allclose(m.mean(), mean));
    QVERIFY(mean_z(xs, m.mean()) < 4.5);
    QVERIFY(variance_z(xs, m.variance()) < 4.5);
    auto e = m.expand({4});
    QCOMPARE(e->batch_shape(), Shape{4});
    QCOMPARE(to_shape(e->sample({3}).sizes()), (Shape{3, 4, 2}));
    QVERIFY(at::allclose(e->log_prob(xs.narrow(0, 0, 4)), m.log_prob(xs.narrow(0, 0, 4))));
    QVERIFY_THROWS_EXCEPTION(ShapeError, m.log_prob(T({1., 2., 3.})));
  }

  void orderedLogisticCategorical() {
    dist::OrderedLogistic d(T({0.3, -0.5}), T({-1., 0.5, 1.5}));
    QCOMPARE(d.num_categories(), 4);
    QVERIFY(at::allclose(d.probs().sum(-1), at::ones({2}, at::kDouble)));
    // Pyro's construction: differences of cumulative sigmoids.
    auto cum = at::sigmoid(T({-1., 0.5, 1.5}) - T({0.3, -0.5}).unsqueeze(-1));
    auto pad = at::ones({2, 1}, at::kDouble);
    auto c = at::cat({0 * pad, cum, pad}, -1);
    QVERIFY(at::allclose(d.probs(), c.narrow(-1, 1, 4) - c.narrow(-1, 0, 4), 1e-12, 1e-14));
    QVERIFY(at::equal(d.enumerate_support(false), T({0., 1., 2., 3.}).view({4, 1})));
    QVERIFY_THROWS_EXCEPTION(DomainError, d.log_prob(T({4., 0.})));
    QVERIFY_THROWS_EXCEPTION(DomainError, d.log_prob(T({0.5, 0.})));
    // Far in the upper tail the middle classes keep their (tiny) mass instead of 1 - 1 = 0.
    dist::OrderedLogistic far(T(-60.), T({-1., 0.5}));
    QVERIFY(std::isfinite(far.log_prob(T(1.)).item<double>()));
    QVERIFY(std::abs(far.log_prob(T(2.)).item<double>() + 60.5) < 1e-9);
    QVERIFY(std::abs(far.log_prob(T(1.)).item<double>() - (-59.0 + std::log1p(-std::exp(-1.5)))) <
            1e-9);
    // One cutpoint is a logistic regression: P(y = 1) = sigmoid(eta - c).
    dist::OrderedLogistic two(T(0.7), T({0.2}));
    QVERIFY(std::abs(two.log_prob(T(1.)).item<double>() - std::log(1 / (1 + std::exp(-0.5)))) <
            1e-15);
  }
};

int run_restricted(FamilyTable table, const QStringList& checks, const char* program) {
  ConformanceSuite suite({std::move(table)});
  QStringList args{program};
  args << checks;
  return QTest::qExec(&suite, args);
}

} // namespace

int main(int argc, char** argv) {
  int failures = 0;
  {
    ConformanceSuite suite({transformed_table(), mixture_table(), ordered_logistic_table()});
    failures += QTest::qExec(&suite, argc, argv);
  }
  const QStringList no_draws{"logProbMatchesReference",  "invalidParametersRejected",
                             "nanParametersRejected",    "rsampleGradientMatchesFiniteDifferences",
                             "entropyMatchesMonteCarlo", "enumerateSupportSumsToOne"};
  failures += run_restricted(
      delta_table(),
      no_draws + QStringList{"shapesUnderBroadcastExpandToEvent", "samplesMatchMoments"}, argv[0]);
  failures +=
      run_restricted(unit_table(),
                     no_draws + QStringList{"logProbGradientMatchesFiniteDifferences",
                                            "samplesMatchMoments", "samplesMatchDistribution"},
                     argv[0]);
  failures += run_restricted(improper_uniform_table(), no_draws, argv[0]);
  MetaFamiliesTest direct;
  failures += QTest::qExec(&direct, QStringList{argv[0]});
  return failures;
}

#include "meta_family_test.moc"
