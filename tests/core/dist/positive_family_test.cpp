// Conformance of the families on the positive half-line, the unit interval and the circle:
// Gamma, InverseGamma, Chi2, Beta, Weibull, Pareto, VonMises, Kumaraswamy, TruncatedNormal;
// then a few checks of numerical corners the generic suite does not reach.
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/positive/truncated_normal.h"
#include "core/dist/positive/von_mises.h"
#include "tests/support/conformance.h"
#include "tests/support/fixture.h"

using namespace kiln::test;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

FamilyTable gamma_table() {
  FamilyTable t{"Gamma"};
  t.log_prob = {
      {{{"concentration", 2.}, {"rate", 3.}},
       T({0.1, 1., 2.5}),
       T({-0.40536051565782616, -0.8027754226637804, -4.386484690789625}),
       "scipy.stats.gamma.logpdf([0.1, 1, 2.5], a=2, scale=1/3), SciPy 1.10.1"},
      {{{"concentration", T({0.5, 1., 4.5})}, {"rate", T({1., 2., 0.5})}},
       T({0.01, 0., 7.}),
       T({1.7202201500693457, 0.6931471805599453, -2.2622133616685995}),
       "scipy.stats.gamma.logpdf([0.01, 0, 7], a=[0.5, 1, 4.5], scale=1/[1, 2, 0.5]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"concentration", T({1., -2.})}, {"rate", 1.}},
       "Gamma: concentration[1] is -2, but must be positive"},
      {{{"concentration", 1.}, {"rate", 0.}}, "Gamma: rate is 0, but must be positive"},
      {{{"concentration", T({1., 2.})}, {"rate", T({1., 1., 1.})}}, "does not broadcast"},
      {{{"concentration", 1.}}, "Gamma: missing required argument 'rate'"},
  };
  t.sampling = {{"concentration", T({2.5, 1.5})}, {"rate", T({1., 3.})}};
  return t;
}

FamilyTable inverse_gamma_table() {
  FamilyTable t{"InverseGamma"};
  t.log_prob = {
      {{{"concentration", 3.}, {"rate", 2.}},
       T({0.1, 1., 5.}),
       T({-9.403365266903927, -0.6137056388801095, -5.451457288616511}),
       "scipy.stats.invgamma.logpdf([0.1, 1, 5], a=3, scale=2), SciPy 1.10.1"},
      {{{"concentration", T({0.5, 2., 10.})}, {"rate", T({1., 0.3, 4.})}},
       T({0.05, 2., 0.4}),
       T({-16.078766532593715, -4.637387150331708, 1.1403141817331408}),
       "scipy.stats.invgamma.logpdf([0.05, 2, 0.4], a=[0.5, 2, 10], scale=[1, 0.3, 4]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"concentration", T({1., 0.})}, {"rate", 1.}},
       "InverseGamma: concentration[1] is 0, but must be positive"},
      {{{"concentration", 1.}, {"rate", -3.}}, "InverseGamma: rate is -3, but must be positive"},
      {{{"rate", 1.}}, "InverseGamma: missing required argument 'concentration'"},
  };
  // Concentrations above 8 keep the fourth moment (the variance check's standard error) finite.
  t.sampling = {{"concentration", T({9., 12.})}, {"rate", T({2., 0.5})}};
  return t;
}

FamilyTable chi2_table() {
  FamilyTable t{"Chi2"};
  t.log_prob = {
      {{{"df", 3.}},
       T({0.1, 2., 10.}),
       T({-2.1202310797016954, -1.5723649429247, -4.76764598670765}),
       "scipy.stats.chi2.logpdf([0.1, 2, 10], 3), SciPy 1.10.1"},
      {{{"df", T({1., 2., 10.})}},
       T({0.5, 0., 12.}),
       T({-0.8223649429247, -0.6931471805599453, -2.704163133995671}),
       "scipy.stats.chi2.logpdf([0.5, 0, 12], [1, 2, 10]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"df", T({1., -1.})}}, "Chi2: df[1] is -1, but must be positive"},
      {{{"df", 0.}}, "Chi2: df is 0, but must be positive"},
      {{}, "Chi2: missing required argument 'df'"},
  };
  t.sampling = {{"df", T({3., 7.5})}};
  return t;
}

FamilyTable beta_table() {
  FamilyTable t{"Beta"};
  t.log_prob = {
      {{{"concentration1", 2.}, {"concentration0", 3.}},
       T({0.01, 0.5, 0.99}),
       T({-2.1403642079070937, 0.4054651081081646, -6.735484058041683}),
       "scipy.stats.beta.logpdf([0.01, 0.5, 0.99], 2, 3), SciPy 1.10.1"},
      {{{"concentration1", T({0.5, 1., 5.})}, {"concentration0", T({0.5, 3., 1.5})}},
       T({1e-3, 0., 0.999}),
       T({2.3096480038084604, 1.0986122886681098, -0.8525891736809612}),
       "scipy.stats.beta.logpdf([1e-3, 0, 0.999], [0.5, 1, 5], [0.5, 3, 1.5]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"concentration1", T({1., -1.})}, {"concentration0", 1.}},
       "Beta: concentration1[1] is -1, but must be positive"},
      {{{"concentration1", 1.}, {"concentration0", 0.}},
       "Beta: concentration0 is 0, but must be positive"},
      {{{"concentration1", T({1., 2.})}, {"concentration0", T({1., 1., 1.})}},
       "does not broadcast"},
      {{{"concentration1", 1.}}, "Beta: missing required argument 'concentration0'"},
  };
  // Concentrations above 1 keep the density finite at the anchor 0.
  t.sampling = {{"concentration1", T({2., 3.5})}, {"concentration0", T({1.5, 4.})}};
  t.cdf_anchor = {{0.0, 0.0}};
  return t;
}

FamilyTable weibull_table() {
  FamilyTable t{"Weibull"};
  t.log_prob = {
      {{{"scale", 2.}, {"concentration", 1.5}},
       T({0.1, 1., 5.}),
       T({-1.7967285491162754, -0.9878090533250273, -3.782383781725178}),
       "scipy.stats.weibull_min.logpdf([0.1, 1, 5], c=1.5, scale=2), SciPy 1.10.1"},
      {{{"scale", T({1., 0.5, 3.})}, {"concentration", T({0.5, 2., 5.})}},
       T({0.01, 1., 3.}),
       T({1.5094379124341, -1.9205584583201638, -0.4891743762340093}),
       "scipy.stats.weibull_min.logpdf([0.01, 1, 3], c=[0.5, 2, 5], scale=[1, 0.5, 3]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"scale", T({1., -1.})}, {"concentration", 1.}},
       "Weibull: scale[1] is -1, but must be positive"},
      {{{"scale", 1.}, {"concentration", 0.}}, "Weibull: concentration is 0, but must be positive"},
      {{{"scale", 1.}}, "Weibull: missing required argument 'concentration'"},
  };
  t.sampling = {{"scale", T({1., 2.5})}, {"concentration", T({1.5, 3.})}};
  return t;
}

FamilyTable pareto_table() {
  FamilyTable t{"Pareto"};
  t.log_prob = {
      {{{"scale", 1.}, {"alpha", 3.}},
       T({1., 1.5, 10.}),
       T({1.0986122886681096, -0.5232481437645479, -8.111728083308073}),
       "scipy.stats.pareto.logpdf([1, 1.5, 10], b=3, scale=1), SciPy 1.10.1"},
      {{{"scale", T({0.5, 2., 1.})}, {"alpha", T({0.5, 2., 7.})}},
       T({0.6, 100., 1.01}),
       T({-0.2734823351909318, -11.736069016284437, 1.8663075022299684}),
       "scipy.stats.pareto.logpdf([0.6, 100, 1.01], b=[0.5, 2, 7], scale=[0.5, 2, 1]), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"scale", T({1., 0.})}, {"alpha", 1.}}, "Pareto: scale[1] is 0, but must be positive"},
      {{{"scale", 1.}, {"alpha", -2.}}, "Pareto: alpha is -2, but must be positive"},
      {{{"alpha", 1.}}, "Pareto: missing required argument 'scale'"},
  };
  // alpha above 8 keeps the fourth moment (the variance check's standard error) finite.
  t.sampling = {{"scale", T({1., 2.})}, {"alpha", T({9., 12.})}};
  return t;
}

FamilyTable von_mises_table() {
  FamilyTable t{"VonMises"};
  t.log_prob = {
      {{{"loc", 0.}, {"concentration", 1.}},
       T({-3., 0., 2.}),
       T({-3.0637839215169693, -1.0737914249165241, -2.4899382614636663}),
       "scipy.stats.vonmises.logpdf([-3, 0, 2], 1, loc=0), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 0.5})}, {"concentration", T({0.1, 5., 50.})}},
       T({1., 3., -1.}),
       T({-1.7403755056432215, -3.724247914915748, -45.42859248489601}),
       "scipy.stats.vonmises.logpdf([1, 3, -1], [0.1, 5, 50], loc=[1, -2, 0.5]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"concentration", T({1., -1.})}},
       "VonMises: concentration[1] is -1, but must be positive"},
      {{{"loc", T({0., 1.})}, {"concentration", T({1., 1., 1.})}}, "does not broadcast"},
      {{{"loc", 0.}}, "VonMises: missing required argument 'concentration'"},
  };
  // Samples lie in [-pi, pi) and the density is periodic, so the cdf of the draws integrates
  // from -pi whatever loc is. A small loc keeps the linear mean of the wrapped draws at loc to
  // well within the sampling error (the mass wrapped across +-pi is ~1e-4).
  t.sampling = {{"loc", T({0., 0.3})}, {"concentration", T({1., 4.})}};
  t.cdf_anchor = {{-M_PI, 0.0}};
  // variance() is the circular variance 1 - I1/I0, as in torch, not the variance of the draws.
  t.check_variance = false;
  return t;
}

FamilyTable kumaraswamy_table() {
  FamilyTable t{"Kumaraswamy"};
  t.log_prob = {
      {{{"concentration1", 2.}, {"concentration0", 3.}},
       T({0.1, 0.5, 0.9}),
       T({-0.5309262954729935, 0.5232481437645479, -1.6350634600730736}),
       "closed form log(a b x^(a-1) (1 - x^a)^(b-1)) at x=[0.1, 0.5, 0.9], a=2, b=3, "
       "mpmath 50 digits (SciPy has no Kumaraswamy)"},
      {{{"concentration1", T({0.5, 1., 5.})}, {"concentration0", T({0.7, 2., 10.})}},
       T({0.01, 0.3, 0.999}),
       T({1.2843711231927157, 0.33647223662121295, -43.79483529183671}),
       "closed form log(a b x^(a-1) (1 - x^a)^(b-1)) at x=[0.01, 0.3, 0.999], a=[0.5, 1, 5], "
       "b=[0.7, 2, 10], mpmath 50 digits"},
  };
  t.invalid = {
      {{{"concentration1", T({1., -1.})}, {"concentration0", 1.}},
       "Kumaraswamy: concentration1[1] is -1, but must be positive"},
      {{{"concentration1", 1.}, {"concentration0", 0.}},
       "Kumaraswamy: concentration0 is 0, but must be positive"},
      {{{"concentration0", 1.}}, "Kumaraswamy: missing required argument 'concentration1'"},
  };
  t.sampling = {{"concentration1", T({2., 1.5})}, {"concentration0", T({3., 1.5})}};
  return t;
}

FamilyTable truncated_normal_table() {
  FamilyTable t{"TruncatedNormal"};
  t.log_prob = {
      {{{"loc", 0.}, {"scale", 1.}, {"low", -1.}, {"high", 2.}},
       T({-1., 0., 1.5}),
       T({-1.21877223888021, -0.71877223888021, -1.84377223888021}),
       "scipy.stats.truncnorm.logpdf([-1, 0, 1.5], a=-1, b=2, loc=0, scale=1), SciPy 1.10.1"},
      {{{"loc", T({1., -2., 0.})},
        {"scale", T({0.5, 2., 1.})},
        {"low", T({0., -kInf, 0.25})},
        {"high", T({2., -1., kInf})}},
       T({1.2, -7., 0.3}),
       T({-0.25922344035233724, -4.3681392984759615, -0.05087676839353794}),
       "scipy.stats.truncnorm.logpdf([1.2, -7, 0.3], a=(low-loc)/scale, b=(high-loc)/scale, "
       "loc=[1, -2, 0], scale=[0.5, 2, 1]) with low=[0, -inf, 0.25], high=[2, -1, inf], "
       "SciPy 1.10.1"},
      // The upper tail: Z = Phi(-10) ~ 7.6e-24, lost entirely by 1 - Phi(10).
      {{{"loc", 0.}, {"scale", 1.}, {"low", 10.}},
       T({10., 10.5, 15.}),
       T({2.312346617307798, -2.812653382692202, -60.187653382692204}),
       "-x^2/2 - log(sqrt(2 pi)) - log(ncdf(-10)) at x=[10, 10.5, 15], mpmath 50 digits; "
       "scipy.stats.truncnorm.logpdf(x, 10, inf) agrees to 2e-15"},
      {{{"loc", 1.}, {"scale", 2.}, {"high", 0.}},
       T({-5., -1., 0.}),
       T({-4.936173952170998, -0.936173952170999, -0.561173952170999}),
       "scipy.stats.truncnorm.logpdf([-5, -1, 0], a=-inf, b=-0.5, loc=1, scale=2), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", 0.}, {"scale", T({1., -1.})}},
       "TruncatedNormal: scale[1] is -1, but must be positive"},
      {{{"loc", 0.}, {"scale", 1.}, {"low", 1.}, {"high", 0.}},
       "TruncatedNormal: high is 0, but must be greater than 1"},
      {{{"low", T({0., 2.})}, {"high", T({1., 2.})}}, "TruncatedNormal: high[1] is 2"},
      {{{"loc", T({0., 1.})}, {"low", T({-1., -1., -1.})}}, "does not broadcast"},
  };
  t.sampling = {
      {"loc", T({0., 1.})}, {"scale", T({1., 2.})}, {"low", T({-1., 0.5})}, {"high", T({1.5, 6.})}};
  return t;
}

} // namespace

// Numerical corners: far tails of TruncatedNormal, defaults, and the VonMises sampler at
// extreme concentrations.
class PositiveCornerTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(3); }

  void truncatedNormalDefaultsAreTheNormal() {
    kiln::dist::TruncatedNormal d;
    auto x = T({-3., 0., 1.});
    QVERIFY(at::allclose(d.log_prob(x), -0.5 * x * x - 0.5 * std::log(2 * M_PI)));
    QVERIFY(at::allclose(d.mean(), T(0.)));
    QVERIFY(at::allclose(d.variance(), T(1.)));
  }

  // Draws 20 to 40 scales above loc: in the support, with the right mean and finite gradients.
  void truncatedNormalFarTails() {
    for (double low : {20., 40.}) {
      auto loc = T(0.).requires_grad_(true);
      kiln::dist::TruncatedNormal d(loc, 1.0, T(low));
      auto x = d.rsample({4000});
      QVERIFY(at::isfinite(x).all().item<bool>());
      QVERIFY((x >= low).all().item<bool>());
      const double mean = d.mean().item<double>();
      // The mean exceeds low by about 1/low (the inverse Mills ratio).
      QVERIFY(std::abs(mean - low - 1 / low) < 1 / std::pow(low, 3) * 3);
      const double se = x.std().item<double>() / std::sqrt(4000.);
      QVERIFY(std::abs(x.mean().item<double>() - mean) < 4.5 * se);
      x.sum().backward();
      QVERIFY(std::isfinite(loc.grad().item<double>()));
      QVERIFY(at::isfinite(d.log_prob(x.detach())).all().item<bool>());
      // The same on the left, through high.
      kiln::dist::TruncatedNormal left(0.0, 1.0, std::nullopt, T(-low));
      auto y = left.sample({4000});
      QVERIFY((y <= -low).all().item<bool>() && at::isfinite(y).all().item<bool>());
      QVERIFY(std::abs(left.mean().item<double>() + low + 1 / low) < 3 / std::pow(low, 3));
    }
  }

  void truncatedNormalCdfInvertsIcdf() {
    kiln::dist::TruncatedNormal d(T({0., 1.}), T({1., 2.}), T({-1., 12.}), T({1.5, 30.}));
    auto q = T({{0.01, 0.2}, {0.5, 0.7}, {0.99, 0.999}});
    QVERIFY(at::allclose(d.cdf(d.icdf(q)), q, 1e-9, 1e-12));
  }

  void vonMisesExtremeConcentrations() {
    kiln::dist::VonMises tiny(T(1.), T(1e-8));
    auto x = tiny.sample({20000});
    QVERIFY((x >= -M_PI).all().item<bool>() && (x <= M_PI).all().item<bool>());
    // Nearly uniform on the circle: the mean resultant length is ~0.
    QVERIFY(at::cos(x).mean().abs().item<double>() < 0.03);
    kiln::dist::VonMises sharp(T(0.5), T(1e4));
    auto y = sharp.sample({20000});
    QVERIFY(std::abs(y.mean().item<double>() - 0.5) < 4.5 * 0.01 / std::sqrt(20000.));
    QVERIFY(std::isfinite(sharp.log_prob(T(0.5)).item<double>()));
  }
};

int main(int argc, char** argv) {
  ConformanceSuite suite({gamma_table(), inverse_gamma_table(), chi2_table(), beta_table(),
                          weibull_table(), pareto_table(), von_mises_table(), kumaraswamy_table(),
                          truncated_normal_table()});
  PositiveCornerTest corners;
  const int failed = QTest::qExec(&suite, argc, argv);
  return failed + QTest::qExec(&corners, argc, argv);
}

#include "positive_family_test.moc"
