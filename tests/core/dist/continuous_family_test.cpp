// Conformance of the univariate continuous families other than Normal: LogNormal, HalfNormal,
// HalfCauchy, Cauchy, StudentT, Laplace, AsymmetricLaplace, Logistic, Gumbel, Exponential and
// Uniform. Reference log densities come from SciPy 1.10.1 (/usr/bin/python3).
#include <QtTest/QtTest>

#include "tests/support/conformance.h"
#include "tests/support/fixture.h"

using namespace kiln::test;

namespace {

FamilyTable log_normal_table() {
  FamilyTable t{"LogNormal"};
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}},
       T({0.5, 1., 3.7}),
       T({-0.466017859603828, -0.9189385332046727, -3.083138736341745}),
       "scipy.stats.lognorm.logpdf([0.5, 1, 3.7], s=1, scale=np.exp(0)), SciPy 1.10.1"},
      {{{"loc", T({-1., 0.5, 2.})}, {"scale", T({0.3, 1.5, 0.8})}},
       T({0.2, 1e-3, 30.}),
       T({-0.16894208928927146, -6.611056867505748, -5.630862756034555}),
       "scipy.stats.lognorm.logpdf([0.2, 1e-3, 30], s=[0.3, 1.5, 0.8], "
       "scale=np.exp([-1, 0.5, 2])), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., -1.})}}, "LogNormal: scale[1] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 0.}}, "LogNormal: scale is 0, but must be positive"},
      {{{"loc", T({0., 1.})}, {"scale", T({1., 1., 1.})}}, "does not broadcast"},
      {{{"loc", 0.}}, "LogNormal: missing required argument 'scale'"},
  };
  t.sampling = {{"loc", T({0., 1.})}, {"scale", T({0.5, 0.3})}};
  return t;
}

FamilyTable half_normal_table() {
  FamilyTable t{"HalfNormal"};
  t.log_prob = {
      {{{"scale", 2.}},
       T({0., 0.5, 7.}),
       T({-0.9189385332046727, -0.9501885332046727, -7.043938533204673}),
       "scipy.stats.halfnorm.logpdf([0, 0.5, 7], scale=2), SciPy 1.10.1"},
      {{{"scale", T({0.1, 1., 5.})}},
       T({0.05, 3., 0.}),
       T({1.9517937403493182, -4.725791352644728, -1.8352292650788278}),
       "scipy.stats.halfnorm.logpdf([0.05, 3, 0], scale=[0.1, 1, 5]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"scale", T({1., 2., -1.})}}, "HalfNormal: scale[2] is -1, but must be positive"},
      {{{"scale", 0.}}, "HalfNormal: scale is 0, but must be positive"},
      {{}, "HalfNormal: missing required argument 'scale'"},
  };
  t.sampling = {{"scale", T({1., 0.5})}};
  return t;
}

FamilyTable half_cauchy_table() {
  FamilyTable t{"HalfCauchy"};
  t.log_prob = {
      {{{"scale", 1.}},
       T({0., 1., 50.}),
       T({-0.45158270528945477, -1.1447298858494, -8.276028636167075}),
       "scipy.stats.halfcauchy.logpdf([0, 1, 50], scale=1), SciPy 1.10.1"},
      {{{"scale", T({0.5, 2., 10.})}},
       T({0.1, 0., 1000.}),
       T({0.20234376211720922, -1.1447298858494, -11.964608165260017}),
       "scipy.stats.halfcauchy.logpdf([0.1, 0, 1000], scale=[0.5, 2, 10]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"scale", T({1., -3.})}}, "HalfCauchy: scale[1] is -3, but must be positive"},
      {{{"scale", 0.}}, "HalfCauchy: scale is 0, but must be positive"},
      {{{"scale", 1.}, {"loc", 0.}}, "HalfCauchy: unexpected argument 'loc'"},
  };
  t.sampling = {{"scale", T({1., 2.5})}};
  t.check_variance = false;
  return t;
}

FamilyTable cauchy_table() {
  FamilyTable t{"Cauchy"};
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}},
       T({-3., 0., 100.}),
       T({-3.447314978843446, -1.1447298858494002, -10.355170252825916}),
       "scipy.stats.cauchy.logpdf([-3, 0, 100], loc=0, scale=1), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 3.})}, {"scale", T({0.5, 2., 7.})}},
       T({0.3, -4., 1e4}),
       T({-1.5367719736254237, -2.5310242469692907, -17.61890088102246}),
       "scipy.stats.cauchy.logpdf([0.3, -4, 1e4], loc=[1, -2, 3], scale=[0.5, 2, 7]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., 2., -1.})}}, "Cauchy: scale[2] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 0.}}, "Cauchy: scale is 0, but must be positive"},
      {{{"scale", 1.}}, "Cauchy: missing required argument 'loc'"},
  };
  t.sampling = {{"loc", T({0., 2.})}, {"scale", T({1., 0.5})}};
  t.check_variance = false;
  return t;
}

FamilyTable student_t_table() {
  FamilyTable t{"StudentT"};
  t.log_prob = {
      {{{"df", 3.}, {"loc", 0.5}, {"scale", 1.5}},
       T({-2., 0., 10.}),
       T({-2.7171676628858705, -1.4790892460734237, -6.736690904969563}),
       "scipy.stats.t.logpdf([-2, 0, 10], df=3, loc=0.5, scale=1.5), SciPy 1.10.1"},
      {{{"df", T({0.5, 4., 30.})}, {"loc", T({1., -2., 0.})}, {"scale", T({2., 0.5, 1.})}},
       T({100., -2., 0.3}),
       T({-8.37665252624779, -0.2876820724517809, -0.9737007145657222}),
       "scipy.stats.t.logpdf([100, -2, 0.3], df=[0.5, 4, 30], loc=[1, -2, 0], "
       "scale=[2, 0.5, 1]), SciPy 1.10.1"},
      {{{"df", 3.}},
       T({-2., 0., 10.}),
       T({-2.6954845703979164, -1.0008888496235098, -8.073122248746563}),
       "scipy.stats.t.logpdf([-2, 0, 10], df=3) (default loc=0, scale=1), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"df", T({3., 0.})}}, "StudentT: df[1] is 0, but must be positive"},
      {{{"df", 3.}, {"loc", 0.}, {"scale", -2.}}, "StudentT: scale is -2, but must be positive"},
      {{{"loc", 0.}}, "StudentT: missing required argument 'df'"},
  };
  // A scalar loc, so that cdf_anchor (the median) is one point for the whole batch. The df keep
  // eight moments finite, so the variance check's standard error is itself well estimated.
  t.sampling = {{"df", T({9., 15.})}, {"loc", 1.}, {"scale", T({1., 2.})}};
  t.cdf_anchor = {{1.0, 0.5}};
  return t;
}

FamilyTable laplace_table() {
  FamilyTable t{"Laplace"};
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}},
       T({-1., 0., 5.}),
       T({-1.693147180559945, -0.6931471805599453, -5.693147180559945}),
       "scipy.stats.laplace.logpdf([-1, 0, 5], loc=0, scale=1), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 3.})}, {"scale", T({0.5, 2., 7.})}},
       T({0.3, -4., 50.}),
       T({-1.3999999999999995, -2.3862943611198904, -9.353343043900972}),
       "scipy.stats.laplace.logpdf([0.3, -4, 50], loc=[1, -2, 3], scale=[0.5, 2, 7]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., -1.})}}, "Laplace: scale[1] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 0.}}, "Laplace: scale is 0, but must be positive"},
      {{{"loc", 0.}}, "Laplace: missing required argument 'scale'"},
  };
  t.sampling = {{"loc", T({0., 2.})}, {"scale", T({1., 0.5})}};
  return t;
}

FamilyTable asymmetric_laplace_table() {
  FamilyTable t{"AsymmetricLaplace"};
  // SciPy's laplace_asymmetric(kappa, loc, scale) has left scale scale * kappa and right scale
  // scale / kappa: Pyro's parameterization with asymmetry = kappa.
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}, {"asymmetry", 2.}},
       T({-1., 0., 2.}),
       T({-1.416290731874155, -0.916290731874155, -4.916290731874155}),
       "scipy.stats.laplace_asymmetric.logpdf([-1, 0, 2], kappa=2, loc=0, scale=1), "
       "SciPy 1.10.1"},
      {{{"loc", T({1., -2., 3., 1.})},
        {"scale", T({0.5, 2., 7., 1.5})},
        {"asymmetry", T({0.5, 3., 1., 0.2})}},
       T({0.3, -4., 50., 1.}),
       T({-3.0231435513142095, -2.2304533182192143, -9.353343043900972, -2.054123733695546}),
       "scipy.stats.laplace_asymmetric.logpdf([0.3, -4, 50, 1], kappa=[0.5, 3, 1, 0.2], "
       "loc=[1, -2, 3, 1], scale=[0.5, 2, 7, 1.5]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., -1.})}, {"asymmetry", 1.}},
       "AsymmetricLaplace: scale[1] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 1.}, {"asymmetry", T({2., 0.})}},
       "AsymmetricLaplace: asymmetry[1] is 0, but must be positive"},
      {{{"loc", 0.}, {"scale", 1.}}, "AsymmetricLaplace: missing required argument 'asymmetry'"},
  };
  t.sampling = {{"loc", T({0., 1.})}, {"scale", T({1., 0.5})}, {"asymmetry", T({2., 0.7})}};
  return t;
}

FamilyTable logistic_table() {
  FamilyTable t{"Logistic"};
  t.log_prob = {
      {{{"loc", 0.5}, {"scale", 2.}},
       T({-3., 0., 2.5}),
       T({-2.76359548143612, -2.0950260203176327, -2.319670555596391}),
       "scipy.stats.logistic.logpdf([-3, 0, 2.5], loc=0.5, scale=2), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 3.})}, {"scale", T({0.5, 2., 1.})}},
       T({0.3, -800., 1000.}),
       T({-1.1476876392769566, -399.69314718055995, -997.0}),
       "scipy.stats.logistic.logpdf([0.3, -800, 1000], loc=[1, -2, 3], scale=[0.5, 2, 1]), "
       "SciPy 1.10.1"},
      {{},
       T({-1., 0., 40.}),
       T({-1.6265233750364458, -1.3862943611198906, -40.0}),
       "scipy.stats.logistic.logpdf([-1, 0, 40]) (default loc=0, scale=1), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., -1.})}}, "Logistic: scale[1] is -1, but must be positive"},
      {{{"scale", 0.}}, "Logistic: scale is 0, but must be positive"},
      {{{"loc", T({0., 1.})}, {"scale", T({1., 1., 1.})}}, "does not broadcast"},
  };
  t.sampling = {{"loc", T({0., 2.})}, {"scale", T({1., 0.5})}};
  return t;
}

FamilyTable gumbel_table() {
  FamilyTable t{"Gumbel"};
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}},
       T({-1., 0., 5.}),
       T({-1.718281828459045, -1.0, -5.006737946999086}),
       "scipy.stats.gumbel_r.logpdf([-1, 0, 5], loc=0, scale=1), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 3.})}, {"scale", T({0.5, 2., 7.})}},
       T({0.3, -4., 50.}),
       T({-1.9620527862847292, -2.4114290090189905, -8.661409315795224}),
       "scipy.stats.gumbel_r.logpdf([0.3, -4, 50], loc=[1, -2, 3], scale=[0.5, 2, 7]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., -1.})}}, "Gumbel: scale[1] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 0.}}, "Gumbel: scale is 0, but must be positive"},
      {{{"scale", 1.}}, "Gumbel: missing required argument 'loc'"},
  };
  t.sampling = {{"loc", T({0., 2.})}, {"scale", T({1., 0.5})}};
  return t;
}

FamilyTable exponential_table() {
  FamilyTable t{"Exponential"};
  t.log_prob = {
      {{{"rate", 2.}},
       T({0., 0.5, 20.}),
       T({0.6931471805599453, -0.3068528194400547, -39.30685281944005}),
       "scipy.stats.expon.logpdf([0, 0.5, 20], scale=1/2), SciPy 1.10.1"},
      {{{"rate", T({0.1, 1., 30.})}},
       T({0.3, 4., 1e-3}),
       T({-2.3325850929940453, -4.0, 3.3711973816621557}),
       "scipy.stats.expon.logpdf([0.3, 4, 1e-3], scale=1/np.array([0.1, 1, 30])), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"rate", T({1., -1.})}}, "Exponential: rate[1] is -1, but must be positive"},
      {{{"rate", 0.}}, "Exponential: rate is 0, but must be positive"},
      {{{"rate", 1.}, {"scale", 1.}}, "Exponential: unexpected argument 'scale'"},
  };
  t.sampling = {{"rate", T({1., 3.})}};
  return t;
}

FamilyTable uniform_table() {
  FamilyTable t{"Uniform"};
  t.log_prob = {
      {{{"low", 0.}, {"high", 2.}},
       T({0., 0.5, 1.5}),
       T({-0.6931471805599453, -0.6931471805599453, -0.6931471805599453}),
       "scipy.stats.uniform.logpdf([0, 0.5, 1.5], loc=0, scale=2), SciPy 1.10.1"},
      {{{"low", T({-2., 0., 5.})}, {"high", T({1., 1., 10.})}},
       T({-1., 0.9, 7.}),
       T({-1.0986122886681096, 0.0, -1.6094379124341003}),
       "scipy.stats.uniform.logpdf([-1, 0.9, 7], loc=[-2, 0, 5], scale=[3, 1, 5]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"low", 1.}, {"high", 0.}}, "Uniform: high is 0, but must be greater than 1"},
      {{{"low", T({1., 0.})}, {"high", T({0., 1.})}},
       "Uniform: high[0] is 0, but must be greater than the lower bound"},
      {{{"low", 2.}, {"high", 2.}}, "Uniform: high is 2, but must be greater than 2"},
      {{{"low", 0.}}, "Uniform: missing required argument 'high'"},
  };
  t.sampling = {{"low", T({0., -1.})}, {"high", T({1., 2.5})}};
  return t;
}

} // namespace

int main(int argc, char** argv) {
  ConformanceSuite suite({log_normal_table(), half_normal_table(), half_cauchy_table(),
                          cauchy_table(), student_t_table(), laplace_table(),
                          asymmetric_laplace_table(), logistic_table(), gumbel_table(),
                          exponential_table(), uniform_table()});
  return QTest::qExec(&suite, argc, argv);
}
