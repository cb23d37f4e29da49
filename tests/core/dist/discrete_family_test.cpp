// Conformance of the discrete families: Bernoulli, Binomial, BetaBinomial, Categorical,
// OneHotCategorical, Poisson, GammaPoisson, NegativeBinomial, Geometric, ZeroInflatedPoisson,
// ZeroInflatedNegativeBinomial; then what the generic suite does not see (dtypes, C++
// constructors, enumeration limits).
#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/binomial.h"
#include "core/dist/discrete/categorical.h"
#include "core/dist/discrete/one_hot_categorical.h"
#include "core/dist/discrete/zero_inflated_poisson.h"
#include "core/util/error.h"
#include "tests/support/conformance.h"
#include "tests/support/fixture.h"

using namespace kiln::test;

namespace {

FamilyTable bernoulli_table() {
  FamilyTable t{"Bernoulli"};
  t.log_prob = {
      {{{"probs", 0.3}},
       T({0., 1.}),
       T({-0.35667494393873245, -1.2039728043259361}),
       "scipy.stats.bernoulli.logpmf([0, 1], 0.3), SciPy 1.10.1"},
      {{{"logits", T({-1.2, 0.5, 3.0})}},
       T({1., 0., 1.}),
       T({-1.4632824673380311, -0.9740769841801068, -0.04858735157374191}),
       "scipy.stats.bernoulli.logpmf([1, 0, 1], scipy.special.expit([-1.2, 0.5, 3])), "
       "SciPy 1.10.1"},
      {{{"probs", T({0., 0.5, 1.})}},
       T({0., 1., 1.}),
       T({0.0, -0.6931471805599453, 0.0}),
       "scipy.stats.bernoulli.logpmf([0, 1, 1], [0, 0.5, 1]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"probs", T({0.2, 1.5})}}, "Bernoulli: probs[1] is 1.5, but must be in [0, 1]"},
      {{{"probs", -0.1}}, "Bernoulli: probs is -0.1, but must be in [0, 1]"},
      {{}, "Bernoulli: exactly one of probs or logits must be given"},
      {{{"probs", 0.5}, {"logits", 0.}}, "Bernoulli: exactly one of probs or logits must be given"},
  };
  t.sampling = {{"probs", T({0.3, 0.8})}};
  return t;
}

FamilyTable binomial_table() {
  FamilyTable t{"Binomial"};
  t.log_prob = {
      {{{"total_count", 10.}, {"probs", 0.3}},
       T({0., 3., 10.}),
       T({-3.5667494393873245, -1.321151277766889, -12.03972804325936}),
       "scipy.stats.binom.logpmf([0, 3, 10], 10, 0.3), SciPy 1.10.1"},
      {{{"total_count", T({5., 20., 1.})}, {"logits", T({-0.5, 1.5, 0.})}},
       T({2., 20., 0.}),
       T({-1.067799827906488, -4.028265559655048, -0.6931471805599453}),
       "scipy.stats.binom.logpmf([2, 20, 0], [5, 20, 1], scipy.special.expit([-0.5, 1.5, 0])), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"total_count", -1.}, {"probs", 0.5}},
       "Binomial: total_count is -1, but must be a nonnegative integer"},
      {{{"total_count", T({2., 2.5})}, {"probs", 0.5}},
       "Binomial: total_count[1] is 2.5, but must be a nonnegative integer"},
      {{{"total_count", 3.}, {"probs", 1.2}}, "Binomial: probs is 1.2, but must be in [0, 1]"},
      {{{"total_count", 3.}}, "Binomial: exactly one of probs or logits must be given"},
      {{{"total_count", T({1., 2.})}, {"probs", T({0.1, 0.2, 0.3})}}, "does not broadcast"},
  };
  t.sampling = {{"total_count", 10.}, {"logits", T({-0.8, 1.2})}};
  t.no_grad_args = {"total_count"};
  return t;
}

FamilyTable beta_binomial_table() {
  FamilyTable t{"BetaBinomial"};
  t.log_prob = {
      {{{"concentration1", 2.}, {"concentration0", 3.}, {"total_count", 10.}},
       T({0., 4., 10.}),
       T({-2.719100037288795, -1.967112356705917, -4.51085950651685}),
       "scipy.stats.betabinom.logpmf([0, 4, 10], n=10, a=2, b=3), SciPy 1.10.1"},
      {{{"concentration1", T({0.5, 1.5, 7.})},
        {"concentration0", T({0.8, 2.5, 0.3})},
        {"total_count", T({3., 12., 25.})}},
       T({3., 0., 17.}),
       T({-1.660587196452655, -2.529428943396671, -5.019441726192912}),
       "scipy.stats.betabinom.logpmf([3, 0, 17], n=[3, 12, 25], a=[0.5, 1.5, 7], "
       "b=[0.8, 2.5, 0.3]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"concentration1", 0.}, {"concentration0", 1.}},
       "BetaBinomial: concentration1 is 0, but must be positive"},
      {{{"concentration1", 1.}, {"concentration0", T({1., -2.})}},
       "BetaBinomial: concentration0[1] is -2, but must be positive"},
      {{{"concentration1", 1.}, {"concentration0", 1.}, {"total_count", 1.5}},
       "BetaBinomial: total_count is 1.5, but must be a nonnegative integer"},
      {{{"concentration1", 1.}}, "BetaBinomial: missing required argument 'concentration0'"},
  };
  t.sampling = {
      {"concentration1", T({2., 0.7})}, {"concentration0", T({3., 1.5})}, {"total_count", 10.}};
  t.no_grad_args = {"total_count"};
  return t;
}

FamilyTable categorical_table() {
  FamilyTable t{"Categorical"};
  t.log_prob = {
      {{{"probs", T({0.2, 0.5, 0.3})}},
       T({0., 1., 2.}),
       T({-1.6094379124341003, -0.6931471805599453, -1.203972804325936}),
       "scipy.stats.multinomial.logpmf(numpy.eye(3), 1, [0.2, 0.5, 0.3]), SciPy 1.10.1"},
      {{{"logits", T({{1., 2., 3.}, {0.5, -1., 0.}})}},
       T({2., 0.}),
       T({-0.40760596444438035, -0.6041306053367284}),
       "[scipy.special.log_softmax([1, 2, 3])[2], scipy.special.log_softmax([0.5, -1, 0])[0]], "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"probs", T({-0.5, 1.5})}}, "Categorical: probs is [-0.5, 1.5], but must be a simplex"},
      {{{"probs", T({{0.5, 0.5}, {1.5, -0.5}})}}, "Categorical: probs[1] is [1.5, -0.5]"},
      {{{"probs", 1.}}, "Categorical: probs must have at least 1 dimension"},
      {{{"probs", T({0.5, 0.5})}, {"logits", T({0., 0.})}},
       "Categorical: exactly one of probs or logits must be given"},
  };
  t.sampling = {{"logits", T({{0.1, 1., -0.5}, {2., 0., 0.3}})}};
  return t;
}

FamilyTable one_hot_categorical_table() {
  FamilyTable t{"OneHotCategorical"};
  t.log_prob = {
      {{{"probs", T({0.2, 0.5, 0.3})}},
       T({{0., 1., 0.}, {1., 0., 0.}}),
       T({-0.6931471805599453, -1.6094379124341003}),
       "scipy.stats.multinomial.logpmf([[0, 1, 0], [1, 0, 0]], 1, [0.2, 0.5, 0.3]), "
       "SciPy 1.10.1"},
      {{{"logits", T({{1., 2., 3.}, {0.5, -1., 0.}})}},
       T({{0., 0., 1.}, {1., 0., 0.}}),
       T({-0.4076059644443803, -0.6041306053367282}),
       "scipy.stats.multinomial.logpmf(x, 1, scipy.special.softmax(logits_row)) per row, "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"probs", T({-0.5, 1.5})}},
       "OneHotCategorical: probs is [-0.5, 1.5], but must be a simplex"},
      {{{"probs", 0.5}}, "OneHotCategorical: probs must have at least 1 dimension"},
      {{}, "OneHotCategorical: exactly one of probs or logits must be given"},
  };
  t.sampling = {{"probs", T({{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}})}};
  return t;
}

FamilyTable poisson_table() {
  FamilyTable t{"Poisson"};
  t.log_prob = {
      {{{"rate", 3.5}},
       T({0., 2., 10.}),
       T({-3.5, -1.6876212435692093, -6.076782888121835}),
       "scipy.stats.poisson.logpmf([0, 2, 10], 3.5), SciPy 1.10.1"},
      {{{"rate", T({0., 4., 25.})}},
       T({0., 0., 30.}),
       T({0.0, -4.0, -3.0919616027841386}),
       "scipy.stats.poisson.logpmf([0, 0, 30], [0, 4, 25]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"rate", T({1., -1.})}}, "Poisson: rate[1] is -1, but must be nonnegative"},
      {{}, "Poisson: missing required argument 'rate'"},
  };
  t.sampling = {{"rate", T({3.5, 0.7})}};
  return t;
}

FamilyTable gamma_poisson_table() {
  FamilyTable t{"GammaPoisson"};
  t.log_prob = {
      {{{"concentration", 2.}, {"rate", 0.5}},
       T({0., 3., 12.}),
       T({-2.1972245773362196, -2.0273255405408217, -4.497856517172655}),
       "scipy.stats.nbinom.logpmf([0, 3, 12], 2, 0.5 / 1.5), SciPy 1.10.1"},
      {{{"concentration", T({0.3, 5., 1.})}, {"rate", T({2., 0.1, 1.})}},
       T({0., 40., 1.}),
       T({-0.12163953243244932, -3.9833059519133003, -1.3862943611198906}),
       "scipy.stats.nbinom.logpmf([0, 40, 1], [0.3, 5, 1], r / (1 + r)), r = [2, 0.1, 1], "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"concentration", 0.}, {"rate", 1.}},
       "GammaPoisson: concentration is 0, but must be positive"},
      {{{"concentration", 1.}, {"rate", T({1., -1.})}},
       "GammaPoisson: rate[1] is -1, but must be positive"},
  };
  t.sampling = {{"concentration", T({2., 0.6})}, {"rate", T({0.5, 1.3})}};
  return t;
}

FamilyTable negative_binomial_table() {
  FamilyTable t{"NegativeBinomial"};
  t.log_prob = {
      {{{"total_count", 3.}, {"probs", 0.4}},
       T({0., 2., 9.}),
       T({-1.5324768712979722, -1.5732988658182272, -5.771760272932895}),
       "scipy.stats.nbinom.logpmf([0, 2, 9], 3, 1 - 0.4) (torch's probs is SciPy's 1 - p), "
       "SciPy 1.10.1"},
      {{{"total_count", T({0.5, 10., 2.})}, {"logits", T({-1., 0.3, 2.})}},
       T({0., 7., 25.}),
       T({-0.1566308437591114, -3.079167891031169, -4.168959760138774}),
       "scipy.stats.nbinom.logpmf([0, 7, 25], [0.5, 10, 2], scipy.special.expit(-logits)), "
       "SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"total_count", -1.}, {"probs", 0.5}},
       "NegativeBinomial: total_count is -1, but must be at least 0"},
      {{{"total_count", 2.}, {"probs", T({0.5, 1.})}},
       "NegativeBinomial: probs[1] is 1, but must be in [0, 1)"},
      {{{"total_count", 2.}}, "NegativeBinomial: exactly one of probs or logits must be given"},
  };
  t.sampling = {{"total_count", T({3., 10.})}, {"logits", T({-0.4, 0.5})}};
  return t;
}

FamilyTable geometric_table() {
  FamilyTable t{"Geometric"};
  t.log_prob = {
      {{{"probs", 0.3}},
       T({0., 1., 5.}),
       T({-1.203972804325936, -1.5606477482646683, -2.987347524019598}),
       "scipy.stats.geom.logpmf([0, 1, 5] + 1, 0.3) (SciPy counts trials), SciPy 1.10.1"},
      {{{"logits", T({-2., 0., 1.5})}},
       T({3., 0., 1.}),
       T({-2.5077120441718903, -0.6931471805599453, -1.9028265559655049}),
       "scipy.stats.geom.logpmf([3, 0, 1] + 1, scipy.special.expit([-2, 0, 1.5])), SciPy 1.10.1"},
      {{{"probs", T({1., 0.5})}},
       T({0., 2.}),
       T({0.0, -2.0794415416798357}),
       "scipy.stats.geom.logpmf([1, 3], [1, 0.5]), SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"probs", T({0.5, 1.5})}}, "Geometric: probs[1] is 1.5, but must be in [0, 1]"},
      {{{"probs", 0.5}, {"logits", 0.}}, "Geometric: exactly one of probs or logits must be given"},
  };
  t.sampling = {{"probs", T({0.3, 0.7})}};
  return t;
}

FamilyTable zero_inflated_poisson_table() {
  FamilyTable t{"ZeroInflatedPoisson"};
  t.log_prob = {
      {{{"rate", 2.5}, {"gate", 0.3}},
       T({0., 1., 6.}),
       T({-1.028733212673555, -1.9403842120645773, -3.938181764703903}),
       "closed form log(gate [k = 0] + (1 - gate) exp(-r) r^k / k!) in mpmath (50 digits); "
       "SciPy has no zero-inflated Poisson"},
      {{{"rate", T({0.5, 3., 10.})}, {"gate_logits", T({-1., 0.5, 2.})}},
       T({0., 4., 0.}),
       T({-0.3391847033381162, -2.7576816598556135, -0.12692186684949477}),
       "the same closed form with gate = 1 / (1 + exp(-gate_logits)), mpmath (50 digits)"},
  };
  t.invalid = {
      {{{"rate", 0.}, {"gate", 0.5}}, "ZeroInflatedPoisson: rate is 0, but must be positive"},
      {{{"rate", 1.}, {"gate", T({0.5, 1.2})}},
       "ZeroInflatedPoisson: gate[1] is 1.2, but must be in [0, 1]"},
      {{{"rate", 1.}, {"gate", 0.5}, {"gate_logits", 0.}},
       "ZeroInflatedPoisson: exactly one of gate or gate_logits must be given"},
      {{{"rate", 1.}}, "ZeroInflatedPoisson: exactly one of gate or gate_logits must be given"},
  };
  t.sampling = {{"rate", T({2.5, 6.})}, {"gate_logits", T({-0.8, 0.4})}};
  return t;
}

FamilyTable zero_inflated_negative_binomial_table() {
  FamilyTable t{"ZeroInflatedNegativeBinomial"};
  t.log_prob = {
      {{{"total_count", 3.}, {"probs", 0.4}, {"gate", 0.2}},
       T({0., 2., 9.}),
       T({-0.986713196170701, -1.796442417132437, -5.994903824247106}),
       "closed form log(gate [k = 0] + (1 - gate) Gamma(k + n) / (Gamma(n) k!) p^k (1 - p)^n) "
       "in mpmath (50 digits); SciPy has no zero-inflated negative binomial"},
      {{{"total_count", T({0.5, 10., 2.})},
        {"logits", T({-1., 0.3, 2.})},
        {"gate_logits", T({0.3, -2., 1.})}},
       T({0., 7., 0.}),
       T({-0.0636828645377056, -3.2060959020741446, -0.30804797972931003}),
       "the same closed form with p = expit(logits), gate = expit(gate_logits), mpmath"},
  };
  t.invalid = {
      {{{"total_count", -1.}, {"probs", 0.5}, {"gate", 0.5}},
       "ZeroInflatedNegativeBinomial: total_count is -1, but must be at least 0"},
      {{{"total_count", 1.}, {"probs", 1.}, {"gate", 0.5}},
       "ZeroInflatedNegativeBinomial: probs is 1, but must be in [0, 1)"},
      {{{"total_count", 1.}, {"probs", 0.5}, {"gate", T({-0.1})}},
       "ZeroInflatedNegativeBinomial: gate[0] is -0.1, but must be in [0, 1]"},
      {{{"total_count", 1.}, {"logits", 0.}},
       "ZeroInflatedNegativeBinomial: exactly one of gate or gate_logits must be given"},
      {{{"total_count", 1.}, {"gate", 0.5}},
       "ZeroInflatedNegativeBinomial: exactly one of probs or logits must be given"},
  };
  t.sampling = {{"total_count", T({3., 1.5})}, {"probs", T({0.4, 0.6})}, {"gate", T({0.2, 0.5})}};
  return t;
}

} // namespace

// What the table-driven suite cannot express.
class DiscreteExtras : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(1); }

  void categoricalSamplesAreLongAndLogProbTakesAnyIntegerDtype() {
    using namespace kiln::dist;
    Categorical c(Probs{T({{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}})});
    auto x = c.sample({5});
    QCOMPARE(x.scalar_type(), at::kLong);
    QVERIFY(at::equal(c.log_prob(x), c.log_prob(x.to(at::kDouble))));
    // A value without the batch dims broadcasts against the batch (gathered, not one-hot).
    auto lp = c.log_prob(at::tensor({1L}));
    QCOMPARE(kiln::to_shape(lp.sizes()), (kiln::Shape{2}));
    QVERIFY(at::allclose(lp, T({0.5, 0.1}).log()));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError, c.log_prob(at::tensor({3L, 0L})));
  }

  void unnormalizedProbsAreNormalizedAsTorchDoes() {
    using namespace kiln::dist;
    // torch.distributions.Categorical(torch.tensor([1., 2., 1.])).probs == [0.25, 0.5, 0.25]
    Categorical c(Probs{T({1., 2., 1.})});
    QVERIFY(at::allclose(c.probs(), T({0.25, 0.5, 0.25})));
    QVERIFY(std::abs(c.log_prob(at::tensor(1L)).item<double>() - std::log(0.5)) < 1e-12);
    Categorical ints(Probs{at::ones({4}, at::kLong)});
    QVERIFY(at::allclose(ints.probs(), at::full({4}, 0.25, at::kDouble)));
    OneHotCategorical o(Probs{T({3., 1.})});
    QVERIFY(at::allclose(o.probs(), T({0.75, 0.25})));
  }

  void floatParametersGiveFloatSamples() {
    using namespace kiln::dist;
    Bernoulli b(Logits{at::zeros({3}, at::kFloat)});
    QCOMPARE(b.sample().scalar_type(), at::kFloat);
    OneHotCategorical o(Probs{at::full({4}, 0.25, at::kFloat)});
    QCOMPARE(o.sample({2}).scalar_type(), at::kFloat);
    QCOMPARE(o.enumerate_support().scalar_type(), at::kFloat);
  }

  void inhomogeneousTotalCountCannotEnumerate() {
    using namespace kiln::dist;
    Binomial b(T({2., 3.}), Probs{0.5});
    QVERIFY_THROWS_EXCEPTION(kiln::NotSupportedError, b.enumerate_support());
    Binomial h(T({3., 3.}), Logits{T({0., 1.})});
    QCOMPARE(kiln::to_shape(h.enumerate_support().sizes()), (kiln::Shape{4, 2}));
  }

  void zeroInflationByProbsAndByLogitsAgree() {
    using namespace kiln::dist;
    ZeroInflatedPoisson a(T({0.5, 4.}), Gate{T({0.25, 0.7})});
    ZeroInflatedPoisson b(T({0.5, 4.}), GateLogits{T({0.25, 0.7}).logit()});
    auto x = T({{0., 0.}, {1., 5.}});
    QVERIFY(at::allclose(a.log_prob(x), b.log_prob(x), 1e-12, 1e-12));
    QVERIFY(at::allclose(a.mean(), b.mean()));
  }
};

int main(int argc, char** argv) {
  ConformanceSuite suite({bernoulli_table(), binomial_table(), beta_binomial_table(),
                          categorical_table(), one_hot_categorical_table(), poisson_table(),
                          gamma_poisson_table(), negative_binomial_table(), geometric_table(),
                          zero_inflated_poisson_table(), zero_inflated_negative_binomial_table()});
  DiscreteExtras extras;
  const int failed = QTest::qExec(&suite, argc, argv);
  return failed + QTest::qExec(&extras, argc, argv);
}

#include "discrete_family_test.moc"
