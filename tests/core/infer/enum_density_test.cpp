// ModelDensity with enumerated discrete sites: the marginal log joint against brute-force sums
// over every assignment written out by hand (closed-form densities, not the library's
// log_prob), for a mixture in a plate, a global discrete, nested plates and an HMM under
// markov; gradients against central differences; the contraction's errors.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/categorical.h"
#include "core/dist/discrete/poisson.h"
#include "core/infer/enum/contraction.h"
#include "core/infer/enum/infer_discrete.h"
#include "core/infer/mcmc/mcmc.h"
#include "core/infer/model_density.h"
#include "core/poutine/handlers/markov.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/batch_means.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using infer::ModelDensity;
using poutine::sample;

namespace {

double log_normal(double x, double loc, double scale) {
  const double z = (x - loc) / scale;
  return -0.5 * std::log(2 * M_PI) - std::log(scale) - 0.5 * z * z;
}

// log sum_i exp(terms[i]).
double log_sum_exp(const std::vector<double>& terms) {
  double m = -INFINITY;
  for (double t : terms)
    m = std::max(m, t);
  double s = 0;
  for (double t : terms)
    s += std::exp(t - m);
  return m + std::log(s);
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

// The gradient of the potential against central differences.
void check_grad(const ModelDensity& density, const at::Tensor& x) {
  const at::Tensor grad = density.potential_and_grad(x).second;
  const double h = 1e-6;
  for (int64_t i = 0; i < x.size(0); ++i) {
    at::Tensor up = x.clone(), down = x.clone();
    up[i] += h;
    down[i] -= h;
    const double fd = (density.potential(up) - density.potential(down)) / (2 * h);
    QVERIFY2(std::abs(grad[i].item<double>() - fd) < 1e-6,
             ("coordinate " + std::to_string(i)).c_str());
  }
}

const std::vector<double> kData = {-1.3, 0.4, 2.2};
const std::vector<double> kWeights = {0.3, 0.7};

// A two-component mixture: z_i in a plate picks the location of x_i.
void mixture_in_plate() {
  at::Tensor locs = sample("locs", dist::Normal(T({0., 0.}), T({2., 2.})));
  poutine::Plate data("data", 3);
  at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.3, 0.7})}));
  sample("x", dist::Normal(locs.index({z}), 1.), T({-1.3, 0.4, 2.2}));
}

double mixture_in_plate_log_joint(const std::vector<double>& locs) {
  double prior = log_normal(locs[0], 0, 2) + log_normal(locs[1], 0, 2);
  std::vector<double> terms;
  for_each_assignment(3, 2, [&](const std::vector<int>& z) {
    double lp = 0;
    for (int i = 0; i < 3; ++i)
      lp += std::log(kWeights[z[i]]) + log_normal(kData[i], locs[z[i]], 1);
    terms.push_back(lp);
  });
  return prior + log_sum_exp(terms);
}

} // namespace

class EnumDensityTest : public QObject {
  Q_OBJECT

private slots:
  void init() { reset(7); }

  void mixtureInAPlateMatchesBruteForce() {
    ModelDensity density(mixture_in_plate);
    QCOMPARE(density.dim(), int64_t{2});
    QCOMPARE(density.enumerated_names(), std::vector<std::string>{"z"});
    for (const auto& locs : std::vector<std::vector<double>>{{-1, 2}, {0.3, -0.5}, {1.7, 1.1}}) {
      const at::Tensor x = T({locs[0], locs[1]});
      QVERIFY(std::abs(density.potential(x) + mixture_in_plate_log_joint(locs)) < 1e-9);
      check_grad(density, x);
    }
  }

  void globalDiscreteMatchesBruteForce() {
    // c picks one location for all the data.
    poutine::Model model = [] {
      at::Tensor locs = sample("locs", dist::Normal(T({0., 0.}), T({2., 2.})));
      at::Tensor c = sample("c", dist::Bernoulli(dist::Probs{0.3}));
      poutine::Plate data("data", 3);
      sample("x", dist::Normal(locs.index({c.to(at::kLong)}), 1.), T({-1.3, 0.4, 2.2}));
    };
    ModelDensity density(model);
    const std::vector<double> locs = {-0.4, 1.5};
    std::vector<double> terms;
    for (int c = 0; c < 2; ++c) {
      double lp = std::log(c ? 0.3 : 0.7);
      for (double x : kData)
        lp += log_normal(x, locs[c], 1);
      terms.push_back(lp);
    }
    const double expected =
        log_normal(locs[0], 0, 2) + log_normal(locs[1], 0, 2) + log_sum_exp(terms);
    const at::Tensor x = T({locs[0], locs[1]});
    QVERIFY(std::abs(density.potential(x) + expected) < 1e-9);
    check_grad(density, x);
  }

  void nestedPlatesMatchBruteForce() {
    // z_g per group in the outer plate; the observations of a group in the inner plate share it.
    const at::Tensor data = T({{-1.0, -0.2, 0.5}, {1.4, 2.1, 0.9}});
    poutine::Model model = [data] {
      at::Tensor locs = sample("locs", dist::Normal(T({0., 0.}), T({2., 2.})));
      at::Tensor scale = sample("s", dist::Normal(0., 1.));
      poutine::Plate groups("groups", 2, {{}, {}, -2});
      at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.3, 0.7})}));
      poutine::Plate items("items", 3, {{}, {}, -1});
      sample("x", dist::Normal(locs.index({z}), at::exp(scale)), data);
    };
    ModelDensity density(model);
    const std::vector<double> locs = {-0.6, 1.2};
    const double s = 0.2;
    double expected = log_normal(locs[0], 0, 2) + log_normal(locs[1], 0, 2) + log_normal(s, 0, 1);
    for (int g = 0; g < 2; ++g) {
      std::vector<double> terms;
      for (int z = 0; z < 2; ++z) {
        double lp = std::log(kWeights[z]);
        for (int i = 0; i < 3; ++i)
          lp += log_normal(data[g][i].item<double>(), locs[z], std::exp(s));
        terms.push_back(lp);
      }
      expected += log_sum_exp(terms);
    }
    const at::Tensor x = T({locs[0], locs[1], s});
    QVERIFY(std::abs(density.potential(x) + expected) < 1e-9);
    check_grad(density, x);
  }

  void markovChainMatchesBruteForce() {
    // An HMM of 4 steps and 3 states under markov: enumeration recycles two dims.
    const std::vector<double> ys = {-1.0, 0.2, 1.9, 0.7};
    const at::Tensor trans = T({{0.8, 0.1, 0.1}, {0.2, 0.6, 0.2}, {0.25, 0.25, 0.5}});
    const at::Tensor init = T({0.5, 0.3, 0.2});
    poutine::Model model = [=] {
      at::Tensor locs = sample("locs", dist::Normal(T({0., 0., 0.}), T({2., 2., 2.})));
      at::Tensor x;
      poutine::markov_loop(4, 1, [&](int64_t t) {
        at::Tensor probs = t == 0 ? init : trans.index({x});
        x = sample("x_" + std::to_string(t), dist::Categorical(dist::Probs{probs}));
        sample("y_" + std::to_string(t), dist::Normal(locs.index({x}), 1.),
               T(ys[static_cast<size_t>(t)]));
      });
    };
    ModelDensity density(model);
    QCOMPARE(density.enumerated_names().size(), size_t{4});
    const std::vector<double> locs = {-1.1, 0.3, 1.6};
    std::vector<double> terms;
    for_each_assignment(4, 3, [&](const std::vector<int>& x) {
      double lp = std::log(init[x[0]].item<double>());
      for (int t = 0; t < 4; ++t) {
        if (t > 0)
          lp += std::log(trans[x[t - 1]][x[t]].item<double>());
        lp += log_normal(ys[t], locs[x[t]], 1);
      }
      terms.push_back(lp);
    });
    double expected = log_sum_exp(terms);
    for (double l : locs)
      expected += log_normal(l, 0, 2);
    const at::Tensor x = T({locs[0], locs[1], locs[2]});
    QVERIFY(std::abs(density.potential(x) + expected) < 1e-9);
    check_grad(density, x);
  }

  void nutsRecoversMixtureLocations() {
    // Two components with weights 0.4 / 0.6, locations under Normal(-2, 1) and Normal(2, 1)
    // priors; z per point marginalized, and recorded by infer_discrete. Posterior means and sds by
    // quadrature on a 1201 x 1201 grid over [-6, 6]^2 (numpy/scipy: sum of exp(log joint) with the
    // mixture written out): locs[0]: -1.90382 (sd 0.45619), locs[1]: 2.07538 (sd 0.46122).
    const at::Tensor data = T({-2.5, -1.8, -2.2, -1.0, 1.7, 2.4, 2.9, 1.5});
    poutine::Model model = [data] {
      at::Tensor locs = sample("locs", dist::Normal(T({-2., 2.}), T({1., 1.})));
      poutine::Plate points("points", 8);
      at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.4, 0.6})}));
      sample("x", dist::Normal(locs.index({z}), 1.), data);
    };
    ModelDensity density(model);
    infer::mcmc::MCMCConfig config;
    config.num_chains = 2;
    config.num_warmup = 300;
    config.num_samples = 1000;
    config.seed = 5;
    const poutine::ValueMap samples =
        infer::mcmc::run_mcmc(density, config).get_samples(/*group_by_chain=*/true);
    const at::Tensor draws = samples.at("locs");
    const at::Tensor mean = T({-1.9038217, 2.0753819});
    const at::Tensor sd = T({0.4561916, 0.4612243});
    const double zm = mean_mcse_z(draws, mean);
    const double zv = mean_mcse_z((draws - mean).pow(2), sd.pow(2));
    QVERIFY2(
        zm < 4 && zv < 4,
        ("mean off by " + std::to_string(zm) + " MCSE, variance by " + std::to_string(zv)).c_str());
    // The recorded assignments (infer_discrete at each draw): P(z = 1) of the points -1.0 and
    // 1.5 by the same quadrature, averaging w1 N(x; l1, 1) / sum_k w_k N(x; l_k, 1): 0.0446601
    // and 0.9931979. (The other points are all but certain.)
    const at::Tensor z = samples.at("z");
    QCOMPARE(z.sizes().vec(), (std::vector<int64_t>{2, 1000, 8}));
    const at::Tensor picked = z.index({"...", at::tensor({3, 7}, at::kLong)}).to(at::kDouble);
    const double zz = mean_mcse_z(picked, T({0.0446601, 0.9931979}));
    QVERIFY2(zz < 4, ("assignments off by " + std::to_string(zz) + " MCSE").c_str());
  }

  void inferDiscreteMatchesTheExactPosterior() {
    // Mixture in a plate at locs = (-1, 2): each z_i is independent given locs, with
    // P(z_i = 1) = w1 N(x_i; 2, 1) / sum_k w_k N(x_i; locs_k, 1), written out here.
    ModelDensity density(mixture_in_plate);
    const std::vector<double> locs = {-1, 2};
    const at::Tensor x = T({locs[0], locs[1]});
    const int n = 2000;
    at::Tensor ones = at::zeros({3}, at::kDouble);
    for (int i = 0; i < n; ++i) {
      const at::Tensor z = infer::infer_discrete(density, x, 1, generator()).at("z");
      QCOMPARE(z.sizes().vec(), std::vector<int64_t>{3});
      ones += z.to(at::kDouble);
    }
    // Temperature 0: the more probable component of each point.
    const at::Tensor map = infer::infer_discrete(density, x, 0, generator()).at("z");
    for (int i = 0; i < 3; ++i) {
      const double a = kWeights[0] * std::exp(log_normal(kData[i], locs[0], 1));
      const double b = kWeights[1] * std::exp(log_normal(kData[i], locs[1], 1));
      const double p = b / (a + b);
      const double freq = ones[i].item<double>() / n;
      QVERIFY2(
          std::abs(freq - p) < 4 * std::sqrt(p * (1 - p) / n),
          ("z[" + std::to_string(i) + "]: " + std::to_string(freq) + " vs " + std::to_string(p))
              .c_str());
      QCOMPARE(map[i].item<int64_t>(), int64_t{p > 0.5});
    }
  }

  void inferDiscreteDrawsAMarkovChainJointly() {
    // The HMM of markovChainMatchesBruteForce, 3 steps: the frequency of each of the 27 paths
    // against its exact posterior from the sum over all paths.
    const std::vector<double> ys = {-1.0, 0.2, 1.9};
    const at::Tensor trans = T({{0.8, 0.1, 0.1}, {0.2, 0.6, 0.2}, {0.25, 0.25, 0.5}});
    const at::Tensor init = T({0.5, 0.3, 0.2});
    poutine::Model model = [=] {
      at::Tensor locs = sample("locs", dist::Normal(T({0., 0., 0.}), T({2., 2., 2.})));
      at::Tensor x;
      poutine::markov_loop(3, 1, [&](int64_t t) {
        at::Tensor probs = t == 0 ? init : trans.index({x});
        x = sample("x_" + std::to_string(t), dist::Categorical(dist::Probs{probs}));
        sample("y_" + std::to_string(t), dist::Normal(locs.index({x}), 1.),
               T(ys[static_cast<size_t>(t)]));
      });
    };
    ModelDensity density(model);
    const std::vector<double> locs = {-1.1, 0.3, 1.6};
    std::vector<double> exact(27);
    double total = 0;
    for_each_assignment(3, 3, [&](const std::vector<int>& x) {
      double lp = std::log(init[x[0]].item<double>());
      for (int t = 0; t < 3; ++t) {
        if (t > 0)
          lp += std::log(trans[x[t - 1]][x[t]].item<double>());
        lp += log_normal(ys[t], locs[x[t]], 1);
      }
      exact[x[0] + 3 * x[1] + 9 * x[2]] = std::exp(lp);
      total += std::exp(lp);
    });
    const int n = 2000;
    std::vector<double> counts(27, 0);
    const at::Tensor point = T({locs[0], locs[1], locs[2]});
    for (int i = 0; i < n; ++i) {
      const poutine::ValueMap d = infer::infer_discrete(density, point, 1, generator());
      counts[d.at("x_0").item<int64_t>() + 3 * d.at("x_1").item<int64_t>() +
             9 * d.at("x_2").item<int64_t>()] += 1;
    }
    for (int j = 0; j < 27; ++j) {
      const double p = exact[j] / total;
      const double freq = counts[j] / n;
      QVERIFY2(
          std::abs(freq - p) < 4 * std::sqrt(p * (1 - p) / n) + 1e-12,
          ("path " + std::to_string(j) + ": " + std::to_string(freq) + " vs " + std::to_string(p))
              .c_str());
    }
  }

  void discreteWithoutFiniteSupportIsNamed() {
    poutine::Model model = [] {
      sample("mu", dist::Normal(0., 1.));
      sample("k", dist::Poisson(2.));
    };
    try {
      ModelDensity density(model);
      QFAIL("expected NotSupportedError");
    } catch (const NotSupportedError& e) {
      const std::string message = e.what();
      QVERIFY2(message.find("discrete latent site(s) 'k'") != std::string::npos, message.c_str());
    }
  }

  void crossingPlatesAreNotSupported() {
    // One enumerated value shared by factors in two plates that do not nest.
    std::vector<int64_t> sizes = {2, 3};
    infer::LogFactor a{at::zeros({2, 2}, at::kDouble), {0, -1}, {-1}};
    infer::LogFactor b{at::zeros({2, 3}, at::kDouble), {1, -2}, {-2}};
    infer::LogFactor c{at::zeros({2}, at::kDouble), {1}, {}};
    infer::LogFactor d{at::zeros({2, 2, 3}, at::kDouble), {1, -1, -2}, {-1, -2}};
    // c and d alone contract: log(2 * exp(0)) with d's plates multiplied out.
    QVERIFY(std::abs(infer::contract_log_factors({c, d}, sizes).item<double>() - std::log(2.0)) <
            1e-12);
    infer::LogFactor e{at::zeros({2, 2, 2, 3}, at::kDouble), {0, 1, -1, -2}, {-1, -2}};
    QVERIFY_EXCEPTION_THROWN(infer::contract_log_factors({a, b, e}, sizes), NotSupportedError);
  }
};

QTEST_APPLESS_MAIN(EnumDensityTest)
#include "enum_density_test.moc"
