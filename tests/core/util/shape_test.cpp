#include <QtTest/QtTest>

#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/random.h"
#include "core/util/shape.h"
#include "tests/support/fixture.h"

#include <ATen/ATen.h>

using namespace kiln;

class ShapeTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(); }

  void broadcastFollowsNumpyRules() {
    QCOMPARE(broadcast_shapes({3, 1}, {4}), (Shape{3, 4}));
    QCOMPARE(broadcast_shapes({}, {2, 5}), (Shape{2, 5}));
    QCOMPARE(broadcast_shapes({1}, {1}), (Shape{1}));
  }

  void broadcastMismatchNamesBothShapes() {
    try {
      broadcast_shapes({3}, {2, 4});
      QFAIL("no error");
    } catch (const ShapeError& e) {
      QCOMPARE(std::string(e.what()),
               std::string("shapes (3,) and (2, 4) cannot be broadcast together"));
    }
  }

  void expandableMatchesTorch() {
    QVERIFY(expandable({3, 1}, {2, 3, 4}));
    QVERIFY(!expandable({3, 2}, {3, 4}));
    QVERIFY(!expandable({2, 3}, {3}));
  }

  void leftAndRightParts() {
    QCOMPARE(drop_right({5, 3, 2}, 1), (Shape{5, 3}));
    QCOMPARE(take_right({5, 3, 2}, 2), (Shape{3, 2}));
    QCOMPARE(take_right({2}, 3), (Shape{2}));
    QCOMPARE(numel({5, 3, 2}), int64_t{30});
    QCOMPARE(format_shape({}), std::string("()"));
  }

  void numbersFormatForMessages() {
    QCOMPARE(format_number(-1.0), std::string("-1"));
    QCOMPARE(format_number(0.25), std::string("0.25"));
    QCOMPARE(format_number(std::nan("")), std::string("nan"));
    QCOMPARE(format_values(at::tensor({0.5, 2.0}, at::kDouble)), std::string("[0.5, 2]"));
  }

  void seedingReproducesDraws() {
    manual_seed(42);
    auto a = at::empty({5}, at::kDouble).normal_(0, 1, generator());
    manual_seed(42);
    auto b = at::empty({5}, at::kDouble).normal_(0, 1, generator());
    QVERIFY(at::equal(a, b));
    auto c = at::empty({5}, at::kDouble).normal_(0, 1, generator());
    QVERIFY(!at::equal(b, c));
  }
};

QTEST_APPLESS_MAIN(ShapeTest)
#include "shape_test.moc"
