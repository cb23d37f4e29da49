// The MCMC runner on models: conjugate posteriors (normal-normal, beta-binomial,
// gamma-Poisson) within 4 Monte Carlo standard errors of their closed forms, deterministic
// sites, reproducibility whatever the threads, cancellation, thinning, the callback, and
// errors.
#include <atomic>
#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/half_cauchy.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/binomial.h"
#include "core/dist/discrete/poisson.h"
#include "core/dist/positive/beta.h"
#include "core/dist/positive/gamma.h"
#include "core/infer/mcmc/mcmc.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "tests/support/batch_means.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::infer::mcmc;
using infer::ModelDensity;
using kiln::test::T;
using poutine::sample;

namespace {

// mu ~ Normal(1, 2); y_i ~ Normal(mu, 1.5), i = 1..10. The posterior is Normal with precision
// 1/4 + 10/2.25 and mean (1/4 * 1 + sum(y) / 2.25) / precision.
const std::vector<double> kNormalY = {2.1, 3.4, 1.9, 2.8, 4.0, 2.2, 3.1, 1.5, 2.9, 3.3};

poutine::Model normal_normal() {
  const at::Tensor y = at::tensor(kNormalY, at::kDouble);
  return [y] {
    at::Tensor mu = sample("mu", dist::Normal(1., 2.));
    poutine::Plate data("data", 10);
    sample("y", dist::Normal(mu, 1.5), y);
  };
}

std::pair<double, double> normal_normal_posterior() {
  double sum = 0;
  for (double y : kNormalY)
    sum += y;
  const double precision = 0.25 + 10 / 2.25;
  return {(0.25 * 1.0 + sum / 2.25) / precision, std::sqrt(1 / precision)};
}

// p ~ Beta(2, 3); 7 successes of 20 ~ Binomial(20, p): the posterior is Beta(9, 16), mean
// 9 / 25, variance 9 * 16 / (25^2 * 26).
poutine::Model beta_binomial() {
  return [] {
    at::Tensor p = sample("p", dist::Beta(2., 3.));
    sample("k", dist::Binomial(20., dist::Probs{p}), T(7.));
  };
}

// lambda ~ Gamma(3, rate 2); y = (2, 4, 1, 3, 5, 2) ~ Poisson(lambda): the posterior is
// Gamma(3 + 17, 2 + 6), mean 20 / 8, variance 20 / 64.
poutine::Model gamma_poisson() {
  return [] {
    at::Tensor lambda = sample("lambda", dist::Gamma(3., 2.));
    poutine::Plate data("data", 6);
    sample("y", dist::Poisson(lambda), T({2., 4., 1., 3., 5., 2.}));
  };
}

// Eight schools, non-centered (Rubin 1981), with theta as a deterministic site.
poutine::Model eight_schools() {
  const at::Tensor y = T({28., 8., -3., 7., -1., 1., 18., 12.});
  const at::Tensor sigma = T({15., 10., 16., 11., 9., 11., 10., 18.});
  return [y, sigma] {
    at::Tensor mu = sample("mu", dist::Normal(0., 5.));
    at::Tensor tau = sample("tau", dist::HalfCauchy(5.));
    poutine::Plate schools("schools", 8);
    at::Tensor theta_raw = sample("theta_raw", dist::Normal(0., 1.));
    at::Tensor theta = poutine::deterministic("theta", mu + tau * theta_raw);
    sample("obs", dist::Normal(theta, sigma), y);
  };
}

MCMCConfig small_config(int64_t chains, int64_t warmup, int64_t samples, uint64_t seed) {
  MCMCConfig config;
  config.num_chains = chains;
  config.num_warmup = warmup;
  config.num_samples = samples;
  config.seed = seed;
  return config;
}

// The posterior mean and variance of `site` within 4 MCSE (batch means within each chain).
void check_posterior(const MCMCResult& result, const std::string& site, double mean, double sd) {
  const at::Tensor draws = result.get_samples(/*group_by_chain=*/true).at(site);
  const double zm = kiln::test::mean_mcse_z(draws, T(mean));
  const double zv = kiln::test::mean_mcse_z((draws - mean).pow(2), T(sd * sd));
  const std::string what = site + ": mean off by " + std::to_string(zm) + " MCSE, variance by " +
                           std::to_string(zv) + " (posterior mean " +
                           std::to_string(draws.mean().item<double>()) + ")";
  QVERIFY2(zm < 4 && zv < 4, what.c_str());
}

template <typename E, typename F> std::string error_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace

class MCMCTest : public QObject {
  Q_OBJECT
private slots:
  void init() { kiln::test::reset(5); }

  void normalNormal() {
    ModelDensity density(normal_normal());
    const auto [mean, sd] = normal_normal_posterior();
    for (Algorithm algorithm : {Algorithm::NUTS, Algorithm::HMC}) {
      MCMCConfig config = small_config(2, 200, 1000, 11);
      config.algorithm = algorithm;
      // The default length, 2 pi, is one period of a Gaussian posterior once the mass matrix is
      // adapted: trajectories come back near their start, and the chain barely moves.
      config.kernel.trajectory_length = 2.0;
      const MCMCResult result = run_mcmc(density, config);
      check_posterior(result, "mu", mean, sd);
      QCOMPARE(result.num_divergences(), int64_t(0));
    }
  }

  void betaBinomial() {
    ModelDensity density(beta_binomial());
    const MCMCResult result = run_mcmc(density, small_config(2, 200, 1000, 12));
    check_posterior(result, "p", 9.0 / 25, std::sqrt(9.0 * 16 / (25.0 * 25 * 26)));
    const at::Tensor p = result.get_samples().at("p");
    QVERIFY((p > 0).all().item<bool>() && (p < 1).all().item<bool>());
  }

  void gammaPoisson() {
    ModelDensity density(gamma_poisson());
    const MCMCResult result = run_mcmc(density, small_config(2, 200, 1000, 13));
    check_posterior(result, "lambda", 20.0 / 8, std::sqrt(20.0 / 64));
  }

  // Draws per site with the site's shape, deterministic sites computed at each draw, sampler
  // statistics, what warmup adapted, and timings.
  void eightSchoolsRecordsEverything() {
    ModelDensity density(eight_schools());
    const MCMCResult result = run_mcmc(density, small_config(2, 100, 100, 3));
    QCOMPARE(result.latent_sites, (std::vector<std::string>{"mu", "tau", "theta_raw"}));
    QCOMPARE(result.deterministic_sites, std::vector<std::string>{"theta"});
    QCOMPARE(result.chains.size(), size_t(2));
    QVERIFY(!result.cancelled);
    for (const ChainResult& chain : result.chains) {
      QCOMPARE(chain.samples.at("mu").sizes().vec(), (std::vector<int64_t>{100}));
      QCOMPARE(chain.samples.at("theta_raw").sizes().vec(), (std::vector<int64_t>{100, 8}));
      QCOMPARE(chain.samples.at("theta").sizes().vec(), (std::vector<int64_t>{100, 8}));
      QCOMPARE(chain.unconstrained.sizes().vec(), (std::vector<int64_t>{100, 10}));
      const at::Tensor& mu = chain.samples.at("mu");
      const at::Tensor& tau = chain.samples.at("tau");
      const at::Tensor expected =
          mu.unsqueeze(1) + tau.unsqueeze(1) * chain.samples.at("theta_raw");
      QVERIFY((chain.samples.at("theta") - expected).abs().max().item<double>() < 1e-12);
      QVERIFY((tau > 0).all().item<bool>());
      // tau is exp of its unconstrained coordinate.
      QVERIFY((chain.unconstrained.select(1, 1).exp() - tau).abs().max().item<double>() < 1e-12);
      QCOMPARE(chain.stats.size(), size_t(100));
      QCOMPARE(chain.warmup_stats.size(), size_t(100));
      QCOMPARE(chain.num_warmup_run, int64_t(100));
      QCOMPARE(chain.num_samples_run, int64_t(100));
      QVERIFY(chain.step_size > 0);
      QCOMPARE(chain.inverse_mass_matrix.sizes().vec(), std::vector<int64_t>{10});
      QVERIFY(chain.warmup_s > 0 && chain.sampling_s > 0);
      for (const SamplerStats& s : chain.stats) {
        QCOMPARE(s.step_size, chain.step_size);
        QVERIFY(s.n_leapfrog >= 1 && s.tree_depth >= 1);
      }
      QCOMPARE(chain.seed, chain_seed(3, chain.chain));
    }
    QCOMPARE(result.get_samples().at("theta").sizes().vec(), (std::vector<int64_t>{200, 8}));
    QCOMPARE(result.get_samples(true).at("theta").sizes().vec(), (std::vector<int64_t>{2, 100, 8}));
  }

  // The same seed gives the same draws with 1 thread, 4 threads or chains in sequence; another
  // seed does not; chains differ from each other.
  void sameSeedSameDraws() {
    ModelDensity density(eight_schools());
    auto draws = [&](ChainMethod method, int64_t threads, uint64_t seed) {
      MCMCConfig config = small_config(4, 30, 20, seed);
      config.chain_method = method;
      config.num_threads = threads;
      return run_mcmc(density, config);
    };
    const MCMCResult one = draws(ChainMethod::Parallel, 1, 8);
    const MCMCResult four = draws(ChainMethod::Parallel, 4, 8);
    const MCMCResult sequential = draws(ChainMethod::Sequential, 0, 8);
    const MCMCResult other = draws(ChainMethod::Parallel, 4, 9);
    for (const std::string site : {"mu", "tau", "theta_raw", "theta"}) {
      const at::Tensor a = one.get_samples(true).at(site);
      QVERIFY(at::equal(a, four.get_samples(true).at(site)));
      QVERIFY(at::equal(a, sequential.get_samples(true).at(site)));
      QVERIFY(!at::equal(a, other.get_samples(true).at(site)));
      QVERIFY(!at::equal(a[0], a[1]));
    }
    for (size_t c = 0; c < 4; ++c) {
      QCOMPARE(one.chains[c].step_size, four.chains[c].step_size);
      QCOMPARE(one.chains[c].stats.back().energy, four.chains[c].stats.back().energy);
    }
  }

  // A cancel between iterations keeps what was drawn: chains in sequence, cancelled from the
  // callback after 30 sampling iterations of the first chain, leave that chain with 30 draws
  // and the others unstarted.
  void cancellationKeepsDraws() {
    ModelDensity density(eight_schools());
    std::atomic<bool> cancel{false};
    MCMCConfig config = small_config(3, 50, 100, 4);
    config.chain_method = ChainMethod::Sequential;
    config.cancel = &cancel;
    config.callback = [&](const IterationInfo& info) {
      if (info.phase == Phase::Sampling && info.iteration == 50 + 29)
        cancel = true;
    };
    const MCMCResult result = run_mcmc(density, config);
    QVERIFY(result.cancelled);
    QCOMPARE(result.chains.size(), size_t(1));
    const ChainResult& chain = result.chains[0];
    QCOMPARE(chain.num_samples_run, int64_t(30));
    QCOMPARE(chain.stats.size(), size_t(30));
    QCOMPARE(chain.samples.at("theta").sizes().vec(), (std::vector<int64_t>{30, 8}));
    QCOMPARE(result.get_samples().at("mu").size(0), int64_t(30));

    // Cancelled in warmup, in parallel: every chain keeps its warmup statistics and no draws.
    std::atomic<bool> cancel2{false};
    config.chain_method = ChainMethod::Parallel;
    config.cancel = &cancel2;
    config.callback = [&](const IterationInfo& info) {
      if (info.iteration == 10)
        cancel2 = true;
    };
    const MCMCResult early = run_mcmc(density, config);
    QVERIFY(early.cancelled);
    QVERIFY(!early.chains.empty());
    for (const ChainResult& c : early.chains) {
      QCOMPARE(c.num_draws(), int64_t(0));
      QCOMPARE(c.samples.at("theta_raw").sizes().vec(), (std::vector<int64_t>{0, 8}));
      QVERIFY(c.num_warmup_run >= 1 && c.num_warmup_run < 50);
    }
  }

  // The callback sees every iteration of every chain in order, with its phase; the draw it can
  // ask for is the one recorded; thinning keeps sampling iterations 0, 3, 6, 9.
  void callbackAndThinning() {
    ModelDensity density(eight_schools());
    MCMCConfig config = small_config(2, 20, 10, 6);
    config.thin = 3;
    std::mutex mutex;
    std::vector<std::vector<int64_t>> seen(2);
    std::vector<std::vector<at::Tensor>> mu_at(2);
    config.callback = [&](const IterationInfo& info) {
      const at::Tensor mu = info.draw().at("mu").clone();
      QVERIFY(info.draw().count("theta") == 1);
      QCOMPARE(info.stats.lp, info.stats.lp); // not nan
      std::lock_guard<std::mutex> lock(mutex);
      QCOMPARE(info.phase, info.iteration < 20 ? Phase::Warmup : Phase::Sampling);
      seen[info.chain].push_back(info.iteration);
      mu_at[info.chain].push_back(mu);
    };
    const MCMCResult result = run_mcmc(density, config);
    for (int64_t c = 0; c < 2; ++c) {
      QCOMPARE(seen[c].size(), size_t(30));
      for (int64_t i = 0; i < 30; ++i)
        QCOMPARE(seen[c][i], i);
      const at::Tensor kept = result.chains[c].samples.at("mu");
      QCOMPARE(kept.size(0), int64_t(4));
      for (int64_t k = 0; k < 4; ++k)
        QVERIFY(at::equal(kept[k], mu_at[c][20 + 3 * k]));
      QCOMPARE(result.chains[c].num_samples_run, int64_t(10));
    }
  }

  // The initial point comes from the init strategy: with a tiny fixed step, the first draw is
  // next to it.
  void initStrategy() {
    ModelDensity density(normal_normal());
    MCMCConfig config = small_config(1, 0, 1, 1);
    config.init_strategy = infer::init_to_value({{"mu", T(-7.)}});
    config.kernel.adapt_step_size = false;
    config.kernel.step_size = 1e-4;
    const MCMCResult result = run_mcmc(density, config);
    QVERIFY(std::abs(result.chains[0].samples.at("mu")[0].item<double>() + 7) < 0.01);
  }

  // A supplied potential replaces the model's (a compiled tier's seam).
  void suppliedPotential() {
    struct Closed : Potential {
      // mu's posterior as a closed form: N(mean, sd).
      double mean, sd;
      mutable std::atomic<int64_t> calls{0};
      Closed(double m, double s) : mean(m), sd(s) {}
      int64_t dim() const override { return 1; }
      double value(const double* x) const override {
        ++calls;
        return 0.5 * std::pow((x[0] - mean) / sd, 2);
      }
      double value_and_grad(const double* x, double* g) const override {
        g[0] = (x[0] - mean) / (sd * sd);
        return value(x);
      }
    };
    ModelDensity density(normal_normal());
    const auto [mean, sd] = normal_normal_posterior();
    auto closed = std::make_shared<Closed>(mean, sd);
    MCMCConfig config = small_config(2, 200, 1000, 21);
    config.potential = closed;
    const MCMCResult result = run_mcmc(density, config);
    QVERIFY(closed->calls > 1000);
    check_posterior(result, "mu", mean, sd);

    config.potential = std::make_shared<Closed>(0, 1);
    ModelDensity eight(eight_schools());
    QVERIFY(error_of<ShapeError>([&] { run_mcmc(eight, config); }).find("has 1 coordinates") !=
            std::string::npos);
  }

  // A model with nothing latent still runs: every draw is the same, with its deterministic
  // sites and the log density of the data.
  void noLatentSites() {
    ModelDensity density([] {
      poutine::deterministic("c", T({1., 2.}));
      sample("y", dist::Normal(0., 1.), T(0.5));
    });
    const MCMCResult result = run_mcmc(density, small_config(2, 10, 5, 1));
    QVERIFY(result.latent_sites.empty());
    const at::Tensor c = result.get_samples().at("c");
    QCOMPARE(c.sizes().vec(), (std::vector<int64_t>{10, 2}));
    QVERIFY(at::equal(c[9], T({1., 2.})));
    for (const SamplerStats& s : result.chains[0].stats) {
      QCOMPARE(s.lp, -0.5 * std::log(2 * M_PI) - 0.125);
      QCOMPARE(s.n_leapfrog, int64_t(0));
    }
  }

  void errors() {
    ModelDensity density(normal_normal());
    MCMCConfig config = small_config(0, 10, 10, 1);
    QVERIFY(error_of<DomainError>([&] {
              run_mcmc(density, config);
            }).find("num_chains is 0, but must be positive") != std::string::npos);
    config = small_config(1, 10, 10, 1);
    config.thin = 0;
    QVERIFY(error_of<DomainError>([&] { run_mcmc(density, config); }).find("thin is 0") !=
            std::string::npos);
    config = small_config(1, 10, 10, 1);
    config.kernel.target_accept = 1.5;
    QVERIFY(error_of<DomainError>([&] { run_mcmc(density, config); }).find("target_accept") !=
            std::string::npos);

    // A model that fails part way through a run: the chain's error reaches the caller, with
    // the chain named, and keeps its kind.
    auto calls = std::make_shared<std::atomic<int64_t>>(0);
    ModelDensity failing([calls] {
      at::Tensor mu = sample("mu", dist::Normal(0., 1.));
      if (++*calls > 400)
        throw ShapeError("the model broke");
    });
    // A deterministic site whose shape changes between draws cannot be recorded. With HMC of
    // two fixed steps, each sampling iteration runs the model three times (two gradients and
    // the deterministic sites), so the shape alternates from draw to draw.
    auto runs = std::make_shared<std::atomic<int64_t>>(0);
    ModelDensity changing([runs] {
      at::Tensor mu = sample("mu", dist::Normal(0., 1.));
      poutine::deterministic("d", mu.expand({1 + (*runs)++ % 2}));
    });
    config = small_config(1, 0, 5, 1);
    config.algorithm = Algorithm::HMC;
    config.kernel.num_steps = 2;
    config.kernel.step_size = 0.1;
    config.kernel.adapt_step_size = false;
    const std::string shape_message = error_of<ShapeError>([&] { run_mcmc(changing, config); });
    QVERIFY2(shape_message.find("site 'd' has shape (2,) in this draw but (1,) in the first") !=
                     std::string::npos ||
                 shape_message.find("site 'd' has shape (1,) in this draw but (2,) in the first") !=
                     std::string::npos,
             shape_message.c_str());

    config = small_config(2, 100, 100, 1);
    const std::string message = error_of<ShapeError>([&] { run_mcmc(failing, config); });
    QVERIFY2(message.find("MCMC chain ") == 0 && message.find(" of 2: ") != std::string::npos &&
                 message.find("the model broke") != std::string::npos,
             message.c_str());
  }
};

QTEST_APPLESS_MAIN(MCMCTest)
#include "mcmc_test.moc"
