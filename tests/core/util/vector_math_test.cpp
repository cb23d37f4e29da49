// The vectorized exp, log and log1p (core/util/vector_math.h) against libm's: within a few ulp
// over wide ranges, the same special values, in place and with lengths that leave a tail.
#include <QtTest/QtTest>

#include <cmath>
#include <limits>
#include <vector>

#include "core/util/vector_math.h"

using namespace kiln;

namespace {

using Vector = void (*)(const double*, double*, int64_t);

// The largest distance from libm's result in units of libm's last place.
double worst_ulps(Vector f, double (*g)(double), const std::vector<double>& x) {
  std::vector<double> out(x.size());
  f(x.data(), out.data(), static_cast<int64_t>(x.size()));
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = g(x[i]);
    if (std::isnan(want) || std::isinf(want)) {
      if (!(std::isnan(want) ? std::isnan(out[i]) : out[i] == want))
        return std::numeric_limits<double>::infinity();
      continue;
    }
    const double ulp = std::nextafter(std::abs(want), INFINITY) - std::abs(want);
    worst = std::max(worst, std::abs(out[i] - want) / ulp);
  }
  return worst;
}

std::vector<double> grid(double lo, double hi, int n) {
  std::vector<double> x(n);
  for (int i = 0; i < n; ++i)
    x[i] = lo + (hi - lo) * i / (n - 1);
  return x;
}

double libm_exp(double x) {
  return std::exp(x);
}
double libm_log(double x) {
  return std::log(x);
}
double libm_log1p(double x) {
  return std::log1p(x);
}

} // namespace

class VectorMathTest : public QObject {
  Q_OBJECT
private slots:
  void agreesWithLibm() {
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> e = grid(-745, 709, 10003);
    e.insert(e.end(), {0.0, -0.0, inf, -inf, nan, 710.0, -746.0});
    QVERIFY(worst_ulps(vector_exp, libm_exp, e) <= 4);
    std::vector<double> l = grid(1e-300, 1e300, 10003);
    for (double v : grid(1e-6, 10, 10001))
      l.push_back(v);
    l.insert(l.end(), {1.0, 0.0, -1.0, inf, nan, 4.9e-324});
    QVERIFY(worst_ulps(vector_log, libm_log, l) <= 4);
    std::vector<double> p = grid(-0.999999, 1e6, 10003);
    for (double v : grid(-1e-9, 1e-9, 101))
      p.push_back(v);
    p.insert(p.end(), {-1.0, -2.0, inf, nan, 0.0});
    QVERIFY(worst_ulps(vector_log1p, libm_log1p, p) <= 4);
  }

  void worksInPlace() {
    std::vector<double> x = grid(-3, 3, 7);
    const std::vector<double> copy = x;
    vector_exp(x.data(), x.data(), static_cast<int64_t>(x.size()));
    for (size_t i = 0; i < x.size(); ++i)
      QVERIFY(std::abs(x[i] - std::exp(copy[i])) <= 4e-16 * std::exp(copy[i]));
  }
};

QTEST_APPLESS_MAIN(VectorMathTest)
#include "vector_math_test.moc"
