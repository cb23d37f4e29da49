// Draws flattened the way CmdStan writes them: 1-based names, column-major order, 17 digits.
#include <QtTest/QtTest>

#include <sstream>

#include <ATen/ATen.h>

#include "core/io/draws_csv.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;

class DrawsCsvTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void namesAndValuesAreColumnMajor() {
    QCOMPARE(io::flat_names("mu", {}), (std::vector<std::string>{"mu"}));
    QCOMPARE(io::flat_names("theta", {3}),
             (std::vector<std::string>{"theta.1", "theta.2", "theta.3"}));
    QCOMPARE(io::flat_names("x", {2, 3}),
             (std::vector<std::string>{"x.1.1", "x.2.1", "x.1.2", "x.2.2", "x.1.3", "x.2.3"}));
    QCOMPARE(io::flat_names("e", {0, 2}), std::vector<std::string>{});
    // x[i][j] = 10 i + j; column-major reads down the columns.
    const auto x = at::tensor({0., 1., 2., 10., 11., 12.}, at::kDouble).reshape({2, 3});
    QCOMPARE(io::flat_values(x), (std::vector<double>{0, 10, 1, 11, 2, 12}));
    const auto y = at::arange(24, at::kLong).reshape({2, 3, 4});
    const auto names = io::flat_names("y", {2, 3, 4});
    const auto values = io::flat_values(y);
    // y.2.3.1 is y[1][2][0] = 1 * 12 + 2 * 4 + 0 = 20.
    const auto at = std::find(names.begin(), names.end(), "y.2.3.1") - names.begin();
    QCOMPARE(values[at], 20.0);
  }

  void columnsKeepTheFirstDrawsShapes() {
    poutine::ValueMap first{{"b", at::zeros({2}, at::kDouble)}, {"a", at::ones({}, at::kDouble)}};
    io::DrawsColumns columns({"b", "a"}, first);
    QCOMPARE(columns.names(), (std::vector<std::string>{"b.1", "b.2", "a"}));
    QCOMPARE(columns.row(first), (std::vector<double>{0, 0, 1}));
    poutine::ValueMap changed{{"b", at::zeros({3}, at::kDouble)}, {"a", at::ones({})}};
    try {
      columns.row(changed);
      QFAIL("no error");
    } catch (const ShapeError& e) {
      QCOMPARE(QString(e.what()),
               QString("draws: site 'b' has shape (3,) in this draw, but (2,) in the first"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, columns.row({{"b", at::zeros({2})}}));
  }

  void numbersRoundTrip() {
    QCOMPARE(io::format_double(0.1), std::string("0.10000000000000001"));
    QCOMPARE(io::format_double(3), std::string("3"));
    QCOMPARE(io::format_double(-1e-300), std::string("-1e-300"));
    QCOMPARE(io::format_double(std::nan("")), std::string("nan"));
    QCOMPARE(io::format_double(-INFINITY), std::string("-inf"));
    for (double x : {M_PI, -2.0 / 3, 1e308, 5e-324})
      QCOMPARE(std::strtod(io::format_double(x).c_str(), nullptr), x);
    std::ostringstream out;
    io::write_csv_line(out, std::vector<std::string>{"a", "b,c", "d\"e"});
    io::write_csv_line(out, std::vector<double>{1.5, -2});
    QCOMPARE(out.str(), std::string("a,\"b,c\",\"d\"\"e\"\n1.5,-2\n"));
  }
};

QTEST_GUILESS_MAIN(DrawsCsvTest)
#include "draws_csv_test.moc"
