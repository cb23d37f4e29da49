// Constraints to JSON and back, for every factory in constraints.h: the same family, bounds
// (batched ones too), event dims and answers of check.
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "core/dist/constraints/constraint_json.h"
#include "core/dist/constraints/constraints.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using dist::ConstraintPtr;
using json = nlohmann::json;
namespace c = kiln::dist::constraints;

namespace {

ConstraintPtr round_trip(const ConstraintPtr& constraint) {
  const json j = constraint;
  // Through text, as a file holds it.
  return json::parse(j.dump()).get<ConstraintPtr>();
}

bool same_tensor(const at::Tensor& a, const at::Tensor& b) {
  if (a.defined() != b.defined())
    return false;
  return !a.defined() ||
         (a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() && at::equal(a, b));
}

// A plugin's constraint: no factory in constraints.h makes it.
class Even : public dist::Constraint {
public:
  std::string name() const override { return "even"; }
  std::string requirement() const override { return "even"; }
  at::Tensor check(const at::Tensor& v) const override { return at::fmod(v, 2) == 0; }
};

} // namespace

class ConstraintJsonTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(); }

  void everyFactoryRoundTrips() {
    const auto vec = T({{0.2, 0.3, 0.5}, {-1., 2., 0.}, {1., 2., 3.}});
    const auto mats =
        at::stack({T({{1., 0.}, {0.5, 2.}}), T({{1., 0.}, {0.6, 0.8}}), T({{2., 1.}, {1., 2.}})});
    const auto scalars = T({-1.5, 0., 0.5, 1., 2., 3.});
    struct Case {
      ConstraintPtr constraint;
      at::Tensor probe; // values whose check must agree after the round trip
    };
    const std::vector<Case> cases = {
        {c::real(), scalars},
        {c::real_vector(), vec},
        {c::positive(), scalars},
        {c::nonnegative(), scalars},
        {c::greater_than(T({0., 1., -1., 2., 0., 0.})), scalars},
        {c::greater_than_eq(0.5), scalars},
        {c::less_than(1.), scalars},
        {c::interval(T({0., -1.}), T({1., 0.})), T({{0.5, -0.5}, {1.5, 0.}})},
        {c::interval(0., 1.), scalars},
        {c::half_open_interval(T(0.), T(1.)), scalars},
        {c::unit_interval(), scalars},
        {c::simplex(), vec},
        {c::ordered_vector(), vec},
        {c::positive_ordered_vector(), vec},
        {c::lower_cholesky(), mats},
        {c::corr_cholesky(), mats},
        {c::positive_definite(), mats},
        {c::integer(), scalars},
        {c::nonnegative_integer(), scalars},
        {c::positive_integer(), scalars},
        {c::integer_interval(0, 2), scalars},
        {c::boolean(), scalars},
        {c::multinomial(at::tensor({3, 5, 6}, at::kLong)), vec.abs()},
        {c::independent(c::positive(), 1), vec},
        {c::independent(c::interval(T({0., 0., 0.}), T({1., 2., 3.})), 1), vec},
        {c::independent(c::simplex(), 1), vec.unsqueeze(0)},
        {c::independent(c::independent(c::real(), 1), 0), vec},
    };
    for (const Case& k : cases) {
      const ConstraintPtr back = round_trip(k.constraint);
      const QByteArray what = QByteArray::fromStdString(k.constraint->repr());
      QVERIFY2(back->name() == k.constraint->name(), what);
      QVERIFY2(back->repr() == k.constraint->repr(), what);
      QVERIFY2(back->event_dim() == k.constraint->event_dim(), what);
      QVERIFY2(back->is_discrete() == k.constraint->is_discrete(), what);
      QVERIFY2(same_tensor(back->lower_bound(), k.constraint->lower_bound()), what);
      QVERIFY2(same_tensor(back->upper_bound(), k.constraint->upper_bound()), what);
      QVERIFY2(back->reinterpreted_batch_ndims() == k.constraint->reinterpreted_batch_ndims(),
               what);
      QVERIFY2(at::equal(back->check(k.probe), k.constraint->check(k.probe)), what);
    }
  }

  void layout() {
    QCOMPARE(json(c::positive()), json({{"name", "positive"}}));
    QCOMPARE(json(c::real_vector()), json({{"name", "real_vector"}}));
    const json interval = c::interval(0., 2.);
    QCOMPARE(interval["name"], json("interval"));
    QCOMPARE(interval["lower_bound"],
             json({{"dtype", "float64"}, {"shape", json::array()}, {"values", {0.}}}));
    QCOMPARE(interval["upper_bound"]["values"], json({2.}));
    const json ind = c::independent(c::simplex(), 2);
    QCOMPARE(ind, json({{"name", "independent"},
                        {"base", {{"name", "simplex"}}},
                        {"reinterpreted_batch_ndims", 2}}));
  }

  void unknownConstraintsRejected() {
    const ConstraintPtr even = std::make_shared<Even>();
    try {
      json j = even;
      QFAIL("no error for a plugin's constraint");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("constraint 'even' has no JSON form") !=
                   std::string::npos,
               e.what());
    }
    try {
      json({{"name", "even"}}).get<ConstraintPtr>();
      QFAIL("no error for an unknown name");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()), std::string("unknown constraint 'even'"));
    }
    try {
      json("positive").get<ConstraintPtr>();
      QFAIL("no error for a string");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()),
               std::string("a constraint is a string, but must be an object"));
    }
  }
};

QTEST_GUILESS_MAIN(ConstraintJsonTest)
#include "constraint_json_test.moc"
