// biject_to for every continuous constraint: random and extreme points of R^n land in the
// support, inverses round-trip, discrete constraints are refused, and plugins can register.
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/constraints.h"
#include "core/dist/transforms/biject_to.h"
#include "core/dist/transforms/transforms.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using dist::ConstraintPtr;
namespace c = kiln::dist::constraints;

namespace {

struct Case {
  std::string name;
  ConstraintPtr constraint;
  Shape unconstrained; // shape of the points of R^n, batch (4,) first
  double extreme = 30; // magnitude of the large points
};

std::vector<Case> cases() {
  return {
      {"real", c::real(), {4, 3}},
      {"real_vector", c::real_vector(), {4, 3}},
      {"positive", c::positive(), {4, 3}},
      {"nonnegative", c::nonnegative(), {4, 3}},
      {"greater_than", c::greater_than(T({-1., 2., 0.5})), {4, 3}},
      {"greater_than_eq", c::greater_than_eq(1.5), {4, 3}},
      {"less_than", c::less_than(T({-1., 2., 0.5})), {4, 3}},
      {"interval", c::interval(T({-1., 0., 2.}), T({1., 0.5, 5.})), {4, 3}},
      {"half_open_interval", c::half_open_interval(T(0.), T(2.)), {4, 3}},
      {"unit_interval", c::unit_interval(), {4, 3}},
      {"simplex", c::simplex(), {4, 3}},
      // A gap of exp(-M) after an entry near exp(M) is lost to rounding beyond M ~ 18.
      {"ordered_vector", c::ordered_vector(), {4, 4}, 15},
      // exp of cumulated exps overflows past a few units: exp(exp(30)) is inf.
      {"positive_ordered_vector", c::positive_ordered_vector(), {4, 4}, 5},
      {"lower_cholesky", c::lower_cholesky(), {4, 6}},
      {"corr_cholesky", c::corr_cholesky(), {4, 6}},
      // L L^T with diagonal entries e^30 and e^-30 is not numerically positive definite.
      {"positive_definite", c::positive_definite(), {4, 6}, 3},
      {"independent(positive, 1)", c::independent(c::positive(), 1), {4, 3}},
      {"independent(interval, 2)", c::independent(c::interval(-2., 3.), 2), {4, 2, 3}},
      {"independent(simplex, 1)", c::independent(c::simplex(), 1), {4, 2, 3}},
  };
}

// Rows of +M, of -M, and alternating signs.
at::Tensor extremes(const Shape& s, double m) {
  auto one = at::ones(drop_right(s, 0), at::kDouble).narrow(0, 0, 1);
  auto alternating = at::ones({s.back()}, at::kDouble);
  alternating.index_put_({at::indexing::Slice(1, at::indexing::None, 2)}, -1.);
  return at::cat({one * m, -one * m, one * alternating * m}, 0);
}

} // namespace

class BijectToTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(5); }

  void mapsIntoSupport_data() { addRows(); }
  void mapsIntoSupport() {
    QFETCH(int, index);
    const Case k = cases().at(index);
    auto t = dist::biject_to(k.constraint);
    auto x = at::empty(k.unconstrained, at::kDouble).normal_(0, 2, generator());
    auto y = t->forward(x);
    QCOMPARE(to_shape(y.sizes()), t->forward_shape(k.unconstrained));
    QVERIFY2(k.constraint->check(y).all().item<bool>(), k.name.c_str());
    QCOMPARE(t->codomain()->event_dim(), k.constraint->event_dim());
    // Round trips on moderate points, both ways.
    QVERIFY2(at::allclose(t->inverse(y), x, 1e-8, 1e-9), k.name.c_str());
    QVERIFY2(at::allclose(t->forward(t->inverse(y)), y, 1e-8, 1e-9), k.name.c_str());
    // Far out in R^n the image stays inside the support and the inverse stays finite.
    auto big = t->forward(extremes(k.unconstrained, k.extreme));
    QVERIFY2(k.constraint->check(big).all().item<bool>(),
             qPrintable(QString("%1 at +-%2").arg(k.name.c_str()).arg(k.extreme)));
    QVERIFY2(at::isfinite(t->inverse(big)).all().item<bool>(), k.name.c_str());
    // The log-det of a bijection onto the support is finite at moderate points.
    QVERIFY2(at::isfinite(t->log_abs_det_jacobian(x, y)).all().item<bool>(), k.name.c_str());
  }

  void discreteConstraintsAreRefused() {
    for (const auto& d :
         {c::integer(), c::nonnegative_integer(), c::positive_integer(), c::integer_interval(0, 5),
          c::boolean(), c::multinomial(T(10.)), c::independent(c::boolean(), 1)}) {
      QVERIFY_THROWS_EXCEPTION(NotSupportedError, dist::biject_to(d));
    }
    QVERIFY_THROWS_EXCEPTION(Error, dist::biject_to(nullptr));
  }

  void registerBijectionForCustomConstraint() {
    // A plugin's constraint: values above 1.
    class AboveOne : public dist::Constraint {
    public:
      std::string name() const override { return "test_above_one"; }
      std::string requirement() const override { return "greater than 1"; }
      at::Tensor check(const at::Tensor& v) const override { return v > 1; }
    };
    const ConstraintPtr above = std::make_shared<AboveOne>();
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, dist::biject_to(above));
    dist::register_bijection("test_above_one", [](const ConstraintPtr&) {
      return dist::transforms::compose({dist::transforms::exp(), dist::transforms::affine(1., 1.)});
    });
    auto t = dist::biject_to(above);
    auto y = t->forward(T({-3., 0., 4.}));
    QVERIFY(above->check(y).all().item<bool>());
    QVERIFY(at::allclose(t->inverse(y), T({-3., 0., 4.})));
    // Registering again replaces the factory.
    dist::register_bijection("test_above_one", [](const ConstraintPtr&) {
      return dist::transforms::compose(
          {dist::transforms::softplus(), dist::transforms::affine(1., 1.)});
    });
    QVERIFY(at::allclose(dist::biject_to(above)->forward(T(0.)), T(1. + std::log(2.))));
  }

private:
  void addRows() {
    QTest::addColumn<int>("index");
    const auto all = cases();
    for (size_t i = 0; i < all.size(); ++i)
      QTest::newRow(all[i].name.c_str()) << static_cast<int>(i);
  }
};

QTEST_GUILESS_MAIN(BijectToTest)
#include "biject_to_test.moc"
