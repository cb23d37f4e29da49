// The autoguides' scale constraints: softplus_positive reached by softplus, unit_lower_cholesky
// by filling the strictly lower triangle of the identity from a flat vector; both checks, both
// bijections round trip, and a param store holding them saves and loads bit-identical.
#include <cmath>

#include <ATen/ATen.h>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/transforms/biject_to.h"
#include "core/poutine/param_store.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
namespace c = kiln::dist::constraints;

class GuideConstraintsTest : public QObject {
  Q_OBJECT

private slots:
  void init() { reset(2); }

  void softplus_positive() {
    auto t = dist::biject_to(c::softplus_positive());
    QCOMPARE(t->name(), std::string("SoftplusTransform"));
    const at::Tensor x = T({-3., 0., 2.5});
    const at::Tensor y = t->forward(x);
    QVERIFY(at::allclose(y, at::log1p(x.exp()), 0, 1e-14));
    QVERIFY(at::allclose(t->inverse(y), x, 0, 1e-12));
    QVERIFY(c::softplus_positive()->check(y).all().item<bool>());
    QVERIFY(!c::softplus_positive()->check(T({0.})).any().item<bool>());
  }

  void unit_lower_cholesky() {
    auto t = dist::biject_to(c::unit_lower_cholesky());
    const at::Tensor x = T({0.5, -1.0, 2.0});
    const at::Tensor y = t->forward(x);
    QVERIFY(at::equal(y, T({{1., 0., 0.}, {0.5, 1., 0.}, {-1.0, 2.0, 1.}})));
    QVERIFY(at::equal(t->inverse(y), x));
    QCOMPARE(t->inverse_shape({3, 3}), Shape{3});
    QCOMPARE(t->forward_shape({2, 3}), Shape({2, 3, 3}));
    QCOMPARE(to_shape(t->log_abs_det_jacobian(x, y).sizes()), Shape{});
    QVERIFY(c::unit_lower_cholesky()->check(y).item<bool>());
    QVERIFY(!c::unit_lower_cholesky()->check(2 * y).item<bool>());
    QVERIFY_THROWS_EXCEPTION(ShapeError, t->forward(T({1., 2.})));
  }

  void param_store_saves_and_loads_them() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("params.json").toStdString();
    poutine::ParamStore s;
    s.set("scale", T({0.1, 2.0}), c::softplus_positive());
    s.set("tril", T({{1., 0.}, {0.3, 1.}}), c::unit_lower_cholesky());
    s.save(path);
    poutine::ParamStore t;
    t.load(path);
    QVERIFY(at::equal(t.unconstrained("scale"), s.unconstrained("scale")));
    QVERIFY(at::equal(t.get("tril"), s.get("tril")));
    QCOMPARE(t.constraint("tril")->name(), std::string("unit_lower_cholesky"));
  }
};

QTEST_APPLESS_MAIN(GuideConstraintsTest)
#include "guide_constraints_test.moc"
