// Conformance of the location-scale families of the real line.
#include <QtTest/QtTest>

#include "tests/support/conformance.h"
#include "tests/support/fixture.h"

using namespace kiln::test;

namespace {

FamilyTable normal_table() {
  FamilyTable t{"Normal"};
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}},
       T({-1., 0., 2.5}),
       T({-1.4189385332046727, -0.9189385332046727, -4.043938533204672}),
       "scipy.stats.norm.logpdf([-1, 0, 2.5], 0, 1), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 3.})}, {"scale", T({0.5, 2., 7.})}},
       T({0.3, -4., 10.}),
       T({-1.2057913526447273, -2.112085713764618, -3.3648486822599857}),
       "scipy.stats.norm.logpdf([0.3, -4, 10], [1, -2, 3], [0.5, 2, 7]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., 2., -1.})}}, "Normal: scale[2] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 0.}}, "Normal: scale is 0, but must be positive"},
      {{{"loc", T({0., 1.})}, {"scale", T({1., 1., 1.})}}, "does not broadcast"},
      {{{"loc", 0.}}, "Normal: missing required argument 'scale'"},
  };
  t.sampling = {{"loc", T({0., 2.})}, {"scale", T({1., 0.5})}};
  return t;
}

} // namespace

int main(int argc, char** argv) {
  ConformanceSuite suite({normal_table()});
  return QTest::qExec(&suite, argc, argv);
}
