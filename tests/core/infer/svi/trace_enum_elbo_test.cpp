// TraceEnum_ELBO against brute force: the loss of models whose discrete sites are enumerated
// (with no continuous latent site, or a Delta guide for it) is minus the log marginal likelihood,
// here summed over every assignment by a loop written out with the densities by hand; its
// gradient in the params is autograd's gradient of that sum. Mixtures in a plate and in nested
// plates, an HMM under markov, guide-side enumeration (the ELBO is then the exact expectation
// over the guide's probabilities), vectorized particles, the score function of a sampled guide
// site, and the errors.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/categorical.h"
#include "core/dist/meta/delta.h"
#include "core/infer/svi/trace_enum_elbo.h"
#include "core/poutine/handlers/markov.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using infer::svi::ElboConfig;
using infer::svi::TraceEnum_ELBO;
using poutine::param;
using poutine::Plate;
using poutine::sample;

namespace {

const poutine::InferDict kParallel = {{"enumerate", std::string("parallel")}};

// log N(x | loc, 1) as a tensor of loc.
at::Tensor log_normal(double x, const at::Tensor& loc) {
  return -0.5 * std::log(2 * M_PI) - 0.5 * (loc - x) * (loc - x);
}

at::Tensor log_sum_exp(const std::vector<at::Tensor>& terms) {
  return at::logsumexp(at::stack(terms), 0);
}

// Every assignment of n variables with k values each: calls f(assignment).
void for_each_assignment(int n, int k, const std::function<void(const std::vector<int>&)>& f) {
  std::vector<int> a(n, 0);
  while (true) {
    f(a);
    int i = 0;
    while (i < n && ++a[i] == k)
      a[i++] = 0;
    if (i == n)
      return;
  }
}

at::Tensor stored(const std::string& name) {
  return poutine::param_store().get(name);
}

// The loss and its gradient in the named params' unconstrained values.
struct LossAndGrad {
  double loss;
  std::vector<at::Tensor> grads;
};

LossAndGrad elbo_loss(TraceEnum_ELBO& elbo, const poutine::Model& model,
                      const poutine::Model& guide, const std::vector<std::string>& params) {
  auto estimate = elbo.estimate(model, guide);
  std::vector<at::Tensor> leaves;
  for (const std::string& name : params)
    leaves.push_back(poutine::param_store().unconstrained(name));
  return {estimate.loss, torch::autograd::grad({estimate.surrogate}, leaves)};
}

LossAndGrad brute_loss(const std::function<at::Tensor()>& loss,
                       const std::vector<std::string>& params) {
  at::Tensor value = loss();
  std::vector<at::Tensor> leaves;
  for (const std::string& name : params)
    leaves.push_back(poutine::param_store().unconstrained(name));
  return {value.item<double>(), torch::autograd::grad({value}, leaves)};
}

void compare(const LossAndGrad& got, const LossAndGrad& expected, double tol = 1e-6) {
  QVERIFY2(std::abs(got.loss - expected.loss) < tol,
           (std::to_string(got.loss) + " vs " + std::to_string(expected.loss)).c_str());
  QCOMPARE(got.grads.size(), expected.grads.size());
  for (size_t i = 0; i < got.grads.size(); ++i) {
    const double diff = (got.grads[i] - expected.grads[i]).abs().max().item<double>();
    QVERIFY2(diff < tol,
             ("gradient " + std::to_string(i) + " is off by " + std::to_string(diff)).c_str());
  }
}

const std::vector<double> kX = {-1.3, 0.4, 2.2};

// A two-component mixture of params: z_i in a plate picks the location of x_i.
void mixture() {
  at::Tensor locs = param("locs", T({-1., 1.}));
  at::Tensor w = param("weights", T({0.3, 0.7}), dist::constraints::simplex());
  Plate data("data", 3);
  at::Tensor z = sample("z", dist::Categorical(dist::Probs{w}), {}, kParallel);
  sample("x", dist::Normal(locs.index({z}), 1.), T({-1.3, 0.4, 2.2}));
}

at::Tensor mixture_brute() {
  const at::Tensor locs = stored("locs"), w = stored("weights");
  std::vector<at::Tensor> terms;
  for_each_assignment(3, 2, [&](const std::vector<int>& z) {
    at::Tensor lp = at::zeros({}, at::kDouble);
    for (int i = 0; i < 3; ++i)
      lp = lp + w[z[i]].log() + log_normal(kX[i], locs[z[i]]);
    terms.push_back(lp);
  });
  return -log_sum_exp(terms);
}

// Groups of members: y_g picks how each member's z_gi is drawn, z_gi the location of x_gi.
const std::vector<std::vector<double>> kGroups = {{-1.1, 0.3, 2.0}, {1.4, -0.2, 0.9}};

void nested() {
  at::Tensor locs = param("locs", T({-1., 1.5}));
  at::Tensor pg = param("p_group", T({0.4, 0.6}), dist::constraints::simplex());
  at::Tensor pm = param("p_member", T({{0.8, 0.2}, {0.25, 0.75}}), dist::constraints::simplex());
  Plate groups("groups", 2, {0, {}, -2});
  at::Tensor y = sample("y", dist::Categorical(dist::Probs{pg}), {}, kParallel);
  Plate members("members", 3, {0, {}, -1});
  at::Tensor z = sample("z", dist::Categorical(dist::Probs{pm.index({y})}), {}, kParallel);
  sample("x", dist::Normal(locs.index({z}), 1.), T({{-1.1, 0.3, 2.0}, {1.4, -0.2, 0.9}}));
}

at::Tensor nested_brute() {
  const at::Tensor locs = stored("locs"), pg = stored("p_group"), pm = stored("p_member");
  std::vector<at::Tensor> terms;
  // a[0..1]: y per group; a[2 + 3g + i]: z of member i of group g.
  for_each_assignment(8, 2, [&](const std::vector<int>& a) {
    at::Tensor lp = at::zeros({}, at::kDouble);
    for (int g = 0; g < 2; ++g) {
      lp = lp + pg[a[g]].log();
      for (int i = 0; i < 3; ++i) {
        const int z = a[2 + 3 * g + i];
        lp = lp + pm[a[g]][z].log() + log_normal(kGroups[g][i], locs[z]);
      }
    }
    terms.push_back(lp);
  });
  return -log_sum_exp(terms);
}

// An HMM of 3 states over 5 steps, starting from state 0, under markov.
const std::vector<double> kY = {-0.8, 0.1, 1.9, 2.3, -0.4};

void hmm() {
  at::Tensor trans = param("trans", T({{0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.25, 0.25, 0.5}}),
                           dist::constraints::simplex());
  at::Tensor locs = param("locs", T({-1., 0.5, 2.}));
  at::Tensor x = at::zeros({}, at::kLong);
  poutine::markov_loop(5, 1, [&](int64_t t) {
    x = sample("x_" + std::to_string(t), dist::Categorical(dist::Probs{trans.index({x})}), {},
               kParallel);
    sample("y_" + std::to_string(t), dist::Normal(locs.index({x}), 1.), T(kY[t]));
  });
}

at::Tensor hmm_brute() {
  const at::Tensor trans = stored("trans"), locs = stored("locs");
  std::vector<at::Tensor> terms;
  for_each_assignment(5, 3, [&](const std::vector<int>& x) {
    at::Tensor lp = at::zeros({}, at::kDouble);
    int previous = 0;
    for (int t = 0; t < 5; ++t) {
      lp = lp + trans[previous][x[t]].log() + log_normal(kY[t], locs[x[t]]);
      previous = x[t];
    }
    terms.push_back(lp);
  });
  return -log_sum_exp(terms);
}

// A continuous global with a Delta guide, and z enumerated in the guide: the ELBO is
// log p(mu) + sum_i sum_z q_i(z) [log w_z + log N(x_i | mu + offset_z, 1) - log q_i(z)].
const std::vector<double> kOffsets = {-1.0, 1.0};

void shifted_mixture() {
  at::Tensor mu = sample("mu", dist::Normal(0., 3.));
  at::Tensor w = param("weights", T({0.3, 0.7}), dist::constraints::simplex());
  Plate data("data", 3);
  at::Tensor z = sample("z", dist::Categorical(dist::Probs{w}), {}, kParallel);
  sample("x", dist::Normal(mu + T({-1.0, 1.0}).index({z}), 1.), T({-1.3, 0.4, 2.2}));
}

void delta_and_enumerated_guide() {
  sample("mu", dist::Delta(param("mu_q", T(0.5))));
  at::Tensor q = param("q", T({{0.5, 0.5}, {0.2, 0.8}, {0.9, 0.1}}), dist::constraints::simplex());
  Plate data("data", 3);
  sample("z", dist::Categorical(dist::Probs{q}), {}, kParallel);
}

at::Tensor delta_and_enumerated_guide_brute() {
  const at::Tensor mu = stored("mu_q"), w = stored("weights"), q = stored("q");
  at::Tensor elbo = -0.5 * std::log(2 * M_PI) - std::log(3.0) - 0.5 * (mu / 3.0) * (mu / 3.0);
  for (int i = 0; i < 3; ++i)
    for (int z = 0; z < 2; ++z)
      elbo = elbo + q[i][z] * (w[z].log() + log_normal(kX[i], mu + kOffsets[z]) - q[i][z].log());
  return -elbo;
}

// A global c enumerated in the guide; z_i enumerated in the model given c.
void switched_mixture() {
  at::Tensor pc = param("p_c", T({0.35, 0.65}), dist::constraints::simplex());
  at::Tensor pz = param("p_z", T({{0.9, 0.1}, {0.2, 0.8}}), dist::constraints::simplex());
  at::Tensor locs = param("locs", T({-1., 1.5}));
  at::Tensor c = sample("c", dist::Categorical(dist::Probs{pc}), {}, kParallel);
  Plate data("data", 3);
  at::Tensor z = sample("z", dist::Categorical(dist::Probs{pz.index({c})}), {}, kParallel);
  sample("x", dist::Normal(locs.index({z}), 1.), T({-1.3, 0.4, 2.2}));
}

void switched_guide() {
  at::Tensor qc = param("q_c", T({0.6, 0.4}), dist::constraints::simplex());
  sample("c", dist::Categorical(dist::Probs{qc}), {}, kParallel);
}

at::Tensor switched_brute() {
  const at::Tensor pc = stored("p_c"), pz = stored("p_z"), locs = stored("locs"),
                   qc = stored("q_c");
  at::Tensor elbo = at::zeros({}, at::kDouble);
  for (int c = 0; c < 2; ++c) {
    at::Tensor inner = pc[c].log() - qc[c].log();
    for (int i = 0; i < 3; ++i)
      inner = inner + log_sum_exp({pz[c][0].log() + log_normal(kX[i], locs[0]),
                                   pz[c][1].log() + log_normal(kX[i], locs[1])});
    elbo = elbo + qc[c] * inner;
  }
  return -elbo;
}

} // namespace

class TraceEnumElboTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(11);
    poutine::param_store().clear();
  }

  void mixtureInAPlateIsMinusTheLogMarginal() {
    TraceEnum_ELBO elbo;
    const std::vector<std::string> params = {"locs", "weights"};
    const LossAndGrad got = elbo_loss(
        elbo, mixture, [] {}, params);
    QCOMPARE(elbo.max_plate_nesting(), int64_t{1});
    compare(got, brute_loss(mixture_brute, params));
  }

  void mixtureInNestedPlatesIsMinusTheLogMarginal() {
    TraceEnum_ELBO elbo;
    const std::vector<std::string> params = {"locs", "p_group", "p_member"};
    const LossAndGrad got = elbo_loss(
        elbo, nested, [] {}, params);
    compare(got, brute_loss(nested_brute, params));
  }

  void hmmUnderMarkovIsMinusTheLogMarginal() {
    TraceEnum_ELBO elbo;
    const std::vector<std::string> params = {"trans", "locs"};
    const LossAndGrad got = elbo_loss(
        elbo, hmm, [] {}, params);
    compare(got, brute_loss(hmm_brute, params));
  }

  void guideEnumerationIsTheExactExpectation() {
    TraceEnum_ELBO elbo;
    const std::vector<std::string> params = {"mu_q", "weights", "q"};
    const LossAndGrad got = elbo_loss(elbo, shifted_mixture, delta_and_enumerated_guide, params);
    compare(got, brute_loss(delta_and_enumerated_guide_brute, params));
  }

  void modelEnumerationUnderAGuideEnumeratedSite() {
    TraceEnum_ELBO elbo;
    const std::vector<std::string> params = {"p_c", "p_z", "locs", "q_c"};
    const LossAndGrad got = elbo_loss(elbo, switched_mixture, switched_guide, params);
    compare(got, brute_loss(switched_brute, params));
  }

  void particlesAverageAndVectorize() {
    // A deterministic guide: every particle gives the same value.
    const std::vector<std::string> params = {"mu_q", "weights", "q"};
    TraceEnum_ELBO single;
    elbo_loss(single, shifted_mixture, delta_and_enumerated_guide, params); // creates the params
    const LossAndGrad expected = brute_loss(delta_and_enumerated_guide_brute, params);
    for (bool vectorize : {false, true}) {
      ElboConfig config;
      config.num_particles = 3;
      config.vectorize_particles = vectorize;
      TraceEnum_ELBO elbo(config);
      compare(elbo_loss(elbo, shifted_mixture, delta_and_enumerated_guide, params), expected);
    }
  }

  void paramsListsWhatTheModelAndGuideRead() {
    TraceEnum_ELBO elbo;
    const auto estimate = elbo.estimate(shifted_mixture, delta_and_enumerated_guide);
    QCOMPARE(estimate.params, (std::vector<std::string>{"weights", "mu_q", "q"}));
  }

  void sampledGuideSiteGetsTheScoreFunction() {
    // c sampled in the guide (not enumerated): the mean surrogate gradient over many particles
    // is the exact gradient, which enumerating c in the guide gives.
    const std::vector<std::string> params = {"p_c", "p_z", "locs", "q_c"};
    TraceEnum_ELBO exact;
    const LossAndGrad expected = elbo_loss(exact, switched_mixture, switched_guide, params);
    auto sampled_guide = [] {
      at::Tensor qc = param("q_c", T({0.6, 0.4}), dist::constraints::simplex());
      sample("c", dist::Categorical(dist::Probs{qc}));
    };
    ElboConfig config;
    config.num_particles = 20000;
    config.vectorize_particles = true;
    TraceEnum_ELBO elbo(config);
    auto flat = [](const std::vector<at::Tensor>& grads) {
      std::vector<at::Tensor> parts;
      for (const at::Tensor& g : grads)
        parts.push_back(g.reshape(-1));
      return at::cat(parts);
    };
    std::vector<at::Tensor> batches;
    for (int b = 0; b < 10; ++b)
      batches.push_back(flat(elbo_loss(elbo, switched_mixture, sampled_guide, params).grads));
    const at::Tensor all = at::stack(batches);
    const at::Tensor mean = all.mean(0);
    const at::Tensor se = all.std(0) / std::sqrt(10.0);
    const at::Tensor exact_grad = flat(expected.grads);
    const at::Tensor z = ((mean - exact_grad).abs() / (se + 1e-12));
    QVERIFY2(z.max().item<double>() < 5,
             ("max z-score " + std::to_string(z.max().item<double>())).c_str());
  }

  void nonfiniteLossNamesTheSite() {
    auto model = [] {
      at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.5, 0.5})}), {}, kParallel);
      sample("x", dist::Normal(T({-1., 1.}).index({z}), 1.), T(0.3));
      sample("c", dist::Normal(0., 1.), T(INFINITY));
    };
    TraceEnum_ELBO elbo;
    const auto estimate = elbo.estimate(model, [] {});
    QVERIFY(std::isinf(estimate.loss));
    QCOMPARE(estimate.nonfinite_site, std::string("site 'c' of the model"));
  }

  void valuesTheGuideRulesOutDoNotCount() {
    // q = (1, 0) given by logits: the ELBO is that of z = 0 alone, though -log q(1) is inf.
    auto model = [] {
      at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.4, 0.6})}));
      sample("x", dist::Normal(T({0., 3.}).index({z}), 1.), T(0.));
    };
    auto guide = [] {
      sample("z", dist::Categorical(dist::Logits{T({0., -INFINITY})}), {}, kParallel);
    };
    TraceEnum_ELBO elbo;
    const double loss = elbo.estimate(model, guide).loss;
    QVERIFY2(std::abs(loss + std::log(0.4) - 0.5 * std::log(2 * M_PI)) < 1e-12,
             std::to_string(loss).c_str());
  }

  void latentSitesMustBeGuidedOrEnumerated() {
    auto model = [] {
      sample("z", dist::Categorical(dist::Probs{T({0.5, 0.5})}));
      sample("w", dist::Categorical(dist::Probs{T({0.5, 0.5})}), {},
             {{"enumerate", std::string("sequential")}});
    };
    TraceEnum_ELBO elbo;
    QVERIFY_THROWS_EXCEPTION(Error, elbo.estimate(model, [] {}));
    auto guide = [] { sample("z", dist::Categorical(dist::Probs{T({0.5, 0.5})})); };
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, elbo.estimate(model, guide));
  }

  void sharedScaleIsRequired() {
    auto model = [] {
      at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.5, 0.5})}), {}, kParallel);
      poutine::Plate data("data", 10, {2});
      sample("x", dist::Normal(T({-1., 1.}).index({z}), 1.), T({0.1, 0.2}));
    };
    TraceEnum_ELBO elbo;
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, elbo.estimate(model, [] {}));
  }

  void subsampledPlateScalesTheMarginal() {
    // Every site enumerated or depending on one sits in the subsampled plate: the marginal of
    // the subsample is scaled by size / subsample_size.
    auto model = [] {
      poutine::Plate data("data", 6, {3});
      at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.3, 0.7})}), {}, kParallel);
      const at::Tensor x = T({-1.3, 0.4, 2.2, 0.7, -0.1, 1.6}).index({data.indices()});
      sample("x", dist::Normal(T({-1., 1.}).index({z}), 1.), x);
    };
    ElboConfig config;
    config.max_plate_nesting = 1; // no first run to find it: the subsample drawn is the same
    TraceEnum_ELBO elbo(config);
    reset(3);
    const double loss = elbo.estimate(model, [] {}).loss;
    reset(3);
    const at::Tensor indices = poutine::get_trace(model).at("data").value;
    const std::vector<double> all = {-1.3, 0.4, 2.2, 0.7, -0.1, 1.6};
    double expected = 0;
    for (int64_t k = 0; k < 3; ++k) {
      const double x = all[indices[k].item<int64_t>()];
      expected += 2.0 * log_sum_exp({T(std::log(0.3)) + log_normal(x, T(-1.)),
                                     T(std::log(0.7)) + log_normal(x, T(1.))})
                            .item<double>();
    }
    QVERIFY(std::abs(loss + expected) < 1e-9);
  }
};

QTEST_GUILESS_MAIN(TraceEnumElboTest)
#include "trace_enum_elbo_test.moc"
