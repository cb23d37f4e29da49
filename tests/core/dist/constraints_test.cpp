// Truth tables, event dims, discreteness and the requirement phrases of every constraint.
#include <cmath>
#include <limits>
#include <string>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/constraints.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using dist::ConstraintPtr;
namespace c = kiln::dist::constraints;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

at::Tensor B(std::initializer_list<bool> values) {
  std::vector<int64_t> v(values.begin(), values.end());
  return at::tensor(v, at::kLong).to(at::kBool);
}

bool same(const at::Tensor& got, const at::Tensor& want) {
  return got.sizes() == want.sizes() && at::equal(got, want);
}

} // namespace

class ConstraintsTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(); }

  void scalarTruthTables() {
    QVERIFY(same(c::real()->check(T({0., -1e300, kInf, kNaN})), B({1, 1, 1, 0})));
    QVERIFY(same(c::positive()->check(T({1., 0., -1., kNaN, kInf})), B({1, 0, 0, 0, 1})));
    QVERIFY(same(c::nonnegative()->check(T({1., 0., -1., kNaN})), B({1, 1, 0, 0})));
    QVERIFY(same(c::greater_than(1.)->check(T({2., 1., 0.})), B({1, 0, 0})));
    QVERIFY(same(c::greater_than_eq(1.)->check(T({2., 1., 0.})), B({1, 1, 0})));
    QVERIFY(same(c::less_than(1.)->check(T({0., 1., 2.})), B({1, 0, 0})));
    QVERIFY(
        same(c::interval(0., 1.)->check(T({0., 0.5, 1., 1.5, -0.1, kNaN})), B({1, 1, 1, 0, 0, 0})));
    QVERIFY(same(c::half_open_interval(T(0.), T(1.))->check(T({0., 1., 0.999})), B({1, 0, 1})));
    QVERIFY(same(c::unit_interval()->check(T({0., 1., 1.5})), B({1, 1, 0})));
    QVERIFY(same(c::integer()->check(T({1., 1.5, -2., kNaN})), B({1, 0, 1, 0})));
    QVERIFY(same(c::nonnegative_integer()->check(T({0., 1., -1., 1.5})), B({1, 1, 0, 0})));
    QVERIFY(same(c::positive_integer()->check(T({0., 1., 2., 2.5})), B({0, 1, 1, 0})));
    QVERIFY(same(c::integer_interval(0, 3)->check(T({0., 3., 4., 1.5, -1.})), B({1, 1, 0, 0, 0})));
    QVERIFY(same(c::boolean()->check(T({0., 1., 0.5, 2.})), B({1, 1, 0, 0})));
  }

  void batchedBounds() {
    // Bounds broadcast along the batch: the support of Uniform(low, high) with batched bounds.
    auto gt = c::greater_than(T({0., 1., 2.}));
    QVERIFY(same(gt->check(T({0.5, 0.5, 2.5})), B({1, 0, 1})));
    QVERIFY(same(gt->check(T({0.5, 3.}).unsqueeze(-1)),
                 at::tensor({1, 0, 0, 1, 1, 1}, at::kLong).to(at::kBool).view({2, 3})));
    auto iv = c::interval(T({0., -1.}), T({1., 0.}));
    QVERIFY(same(iv->check(T({0.5, 0.5})), B({1, 0})));
    QVERIFY(at::equal(iv->lower_bound(), T({0., -1.})));
    QVERIFY(at::equal(iv->upper_bound(), T({1., 0.})));
    QVERIFY(!c::positive()->lower_bound().defined());
    QVERIFY(at::equal(c::less_than(2.)->upper_bound(), T(2.)));
    QVERIFY(!c::less_than(2.)->lower_bound().defined());
  }

  void vectorAndMatrixTruthTables() {
    QVERIFY(same(c::simplex()->check(T({{0.2, 0.8}, {0.5, 0.6}, {-0.1, 1.1}, {1., 0.}})),
                 B({1, 0, 0, 1})));
    QVERIFY(same(c::ordered_vector()->check(T({{1., 2., 3.}, {1., 1., 2.}, {3., 2., 1.}})),
                 B({1, 0, 0})));
    QVERIFY(same(c::ordered_vector()->check(T({{-3., kNaN}, {-3., -2.}})), B({0, 1})));
    QVERIFY(same(c::positive_ordered_vector()->check(T({{1., 2., 3.}, {-1., 2., 3.}})), B({1, 0})));
    auto mats =
        at::stack({T({{1., 0.}, {0.5, 2.}}), T({{1., 0.1}, {0.5, 2.}}), T({{1., 0.}, {0.5, -2.}})});
    QVERIFY(same(c::lower_cholesky()->check(mats), B({1, 0, 0})));
    auto corr = at::stack({T({{1., 0.}, {0.6, 0.8}}), T({{1., 0.}, {0.6, 0.9}}),
                           T({{1., 0.}, {0.6, -0.8}}), T({{2., 0.}, {0.6, 0.8}})});
    QVERIFY(same(c::corr_cholesky()->check(corr), B({1, 0, 0, 0})));
    auto pd =
        at::stack({T({{2., 1.}, {1., 2.}}), T({{1., 2.}, {2., 1.}}), T({{2., 1.}, {0., 2.}})});
    QVERIFY(same(c::positive_definite()->check(pd), B({1, 0, 0})));
    QVERIFY(same(c::multinomial(T(3.))->check(T({{1., 2.}, {2., 2.}, {0.5, 1.}, {-1., 2.}})),
                 B({1, 0, 0, 0})));
  }

  void independentReducesEventDims() {
    auto ip = c::independent(c::positive(), 1);
    QVERIFY(same(ip->check(T({{1., 2.}, {1., -1.}})), B({1, 0})));
    QCOMPARE(ip->event_dim(), int64_t{1});
    QCOMPARE(ip->name(), std::string("independent"));
    QCOMPARE(ip->base()->name(), std::string("positive"));
    QCOMPARE(ip->reinterpreted_batch_ndims(), int64_t{1});
    auto i2 = c::independent(c::interval(0., 1.), 2);
    auto v = at::full({3, 2, 2}, 0.5, at::kDouble);
    v[1][1][0] = 2.;
    QVERIFY(same(i2->check(v), B({1, 0, 1})));
    auto is = c::independent(c::simplex(), 1);
    QCOMPARE(is->event_dim(), int64_t{2});
    QVERIFY(same(is->check(T({{0.5, 0.5}, {0.2, 0.8}}).unsqueeze(0)), B({1})));
    QVERIFY_THROWS_EXCEPTION(ShapeError, c::independent(c::positive(), 2)->check(T({1., 2.})));
    // real_vector is independent(real, 1) under its own name.
    QCOMPARE(c::real_vector()->name(), std::string("real_vector"));
    QCOMPARE(c::real_vector()->event_dim(), int64_t{1});
    QVERIFY(same(c::real_vector()->check(T({{1., kNaN}, {1., 2.}})), B({0, 1})));
  }

  void eventDimsAndDiscreteness() {
    for (const auto& k : {c::real(), c::positive(), c::nonnegative(), c::unit_interval(),
                          c::interval(0., 1.), c::greater_than(0.), c::integer(), c::boolean()})
      QCOMPARE(k->event_dim(), int64_t{0});
    for (const auto& k : {c::simplex(), c::ordered_vector(), c::positive_ordered_vector(),
                          c::real_vector(), c::multinomial(T(3.))})
      QCOMPARE(k->event_dim(), int64_t{1});
    for (const auto& k : {c::lower_cholesky(), c::corr_cholesky(), c::positive_definite()})
      QCOMPARE(k->event_dim(), int64_t{2});
    for (const auto& k :
         {c::integer(), c::nonnegative_integer(), c::positive_integer(), c::integer_interval(0, 2),
          c::boolean(), c::multinomial(T(3.)), c::independent(c::boolean(), 1)})
      QVERIFY2(k->is_discrete(), k->name().c_str());
    for (const auto& k : {c::real(), c::positive(), c::interval(0., 1.), c::simplex(),
                          c::corr_cholesky(), c::independent(c::positive(), 1)})
      QVERIFY2(!k->is_discrete(), k->name().c_str());
  }

  void requirementPhrases() {
    QCOMPARE(c::real()->requirement(), std::string("a real number"));
    QCOMPARE(c::positive()->requirement(), std::string("positive"));
    QCOMPARE(c::nonnegative()->requirement(), std::string("nonnegative"));
    QCOMPARE(c::greater_than(1.)->requirement(), std::string("greater than 1"));
    QCOMPARE(c::greater_than_eq(1.)->requirement(), std::string("at least 1"));
    QCOMPARE(c::less_than(2.5)->requirement(), std::string("less than 2.5"));
    QCOMPARE(c::greater_than(T({0., 1.}))->requirement(),
             std::string("greater than the lower bound"));
    QCOMPARE(c::interval(0., 1.)->requirement(), std::string("in [0, 1]"));
    QCOMPARE(c::half_open_interval(T(0.), T(1.))->requirement(), std::string("in [0, 1)"));
    QCOMPARE(c::interval(T({0., 1.}), T(2.))->requirement(),
             std::string("between the lower and upper bounds"));
    QCOMPARE(c::integer_interval(0, 3)->requirement(), std::string("an integer in [0, 3]"));
    QCOMPARE(c::integer()->requirement(), std::string("an integer"));
    QCOMPARE(c::nonnegative_integer()->requirement(), std::string("a nonnegative integer"));
    QCOMPARE(c::boolean()->requirement(), std::string("0 or 1"));
    QCOMPARE(c::simplex()->requirement(),
             std::string("a simplex (nonnegative entries summing to 1)"));
    QCOMPARE(c::ordered_vector()->requirement(),
             std::string("a vector of strictly increasing entries"));
    QCOMPARE(c::lower_cholesky()->requirement(),
             std::string("lower triangular with a positive diagonal"));
    QCOMPARE(c::positive_definite()->requirement(),
             std::string("a symmetric positive definite matrix"));
    QCOMPARE(c::multinomial(T(3.))->requirement(),
             std::string("a vector of nonnegative integers summing to at most 3"));
    QCOMPARE(c::independent(c::positive(), 1)->requirement(),
             std::string("positive in every entry"));
  }

  void reprs() {
    QCOMPARE(c::interval(0., 1.)->repr(), std::string("interval(lower_bound=0, upper_bound=1)"));
    QCOMPARE(c::greater_than(-1.)->repr(), std::string("greater_than(lower_bound=-1)"));
    QCOMPARE(c::less_than(2.)->repr(), std::string("less_than(upper_bound=2)"));
    QCOMPARE(c::independent(c::positive(), 1)->repr(), std::string("independent(positive, 1)"));
    QCOMPARE(c::unit_interval()->name(), std::string("unit_interval"));
  }
};

QTEST_GUILESS_MAIN(ConstraintsTest)
#include "constraints_test.moc"
