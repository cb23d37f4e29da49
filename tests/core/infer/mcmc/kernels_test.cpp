// HMC and NUTS kernels on closed-form targets: moments of Gaussians within 4 Monte Carlo
// standard errors (batch means), the adapted step size reaching the target acceptance, a
// dense metric recovering a 100-dimensional covariance, divergences in Neal's funnel, the tree
// depth limit, and the bookkeeping of leapfrog steps.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/infer/mcmc/hmc.h"
#include "core/infer/mcmc/nuts.h"
#include "core/util/error.h"
#include "tests/support/batch_means.h"
#include "tests/support/fixture.h"
#include "tests/support/gaussian_potential.h"

using namespace kiln;
using namespace kiln::infer::mcmc;
using kiln::test::GaussianPotential;

namespace {

struct Run {
  at::Tensor draws; // [num_samples, dim]
  std::vector<SamplerStats> stats;
  std::vector<SamplerStats> warmup_stats;
};

Run run(HamiltonianKernel& kernel, std::vector<double> init, int64_t num_warmup,
        int64_t num_samples) {
  const int64_t dim = static_cast<int64_t>(init.size());
  kernel.setup(init, num_warmup);
  Run out;
  for (int64_t i = 0; i < num_warmup; ++i)
    out.warmup_stats.push_back(kernel.sample());
  out.draws = at::empty({num_samples, dim}, at::kDouble);
  for (int64_t i = 0; i < num_samples; ++i) {
    out.stats.push_back(kernel.sample());
    std::copy(kernel.position().begin(), kernel.position().end(),
              out.draws.select(0, i).data_ptr<double>());
  }
  return out;
}

double mean_accept(const std::vector<SamplerStats>& stats) {
  double s = 0;
  for (const SamplerStats& st : stats)
    s += st.accept_stat;
  return s / static_cast<double>(stats.size());
}

int64_t divergences(const std::vector<SamplerStats>& stats) {
  int64_t n = 0;
  for (const SamplerStats& st : stats)
    n += st.diverging;
  return n;
}

// Mean and variance of each coordinate within 4 MCSE of the truth: E[x] = mean and
// E[(x - mean)^2] = sd^2, each estimated with its batch-means standard error.
void check_moments(const at::Tensor& draws, const std::vector<double>& mean,
                   const std::vector<double>& sd) {
  const at::Tensor m = at::tensor(mean, at::kDouble);
  const at::Tensor v = at::tensor(sd, at::kDouble).pow(2);
  const double zm = kiln::test::mean_mcse_z(draws.unsqueeze(0), m);
  const double zv = kiln::test::mean_mcse_z((draws - m).pow(2).unsqueeze(0), v);
  QVERIFY2(zm < 4, ("mean off by " + std::to_string(zm) + " MCSE").c_str());
  QVERIFY2(zv < 4, ("variance off by " + std::to_string(zv) + " MCSE").c_str());
}

const std::vector<double> kMean = {1.0, -2.0, 0.0, 3.0, 0.5};
const std::vector<double> kSd = {1.0, 10.0, 0.1, 2.0, 0.5};

} // namespace

class KernelsTest : public QObject {
  Q_OBJECT
private slots:
  void init() { kiln::test::reset(2024); }

  // Independent Gaussians of scales 0.1 to 10: the diagonal metric adapts to them.
  void nutsGaussianMoments() {
    const auto target = GaussianPotential::diagonal(kMean, kSd);
    NUTS nuts(target, KernelConfig{});
    const Run r = run(nuts, std::vector<double>(5, 0.0), 500, 2000);
    check_moments(r.draws, kMean, kSd);
    QCOMPARE(divergences(r.stats), int64_t(0));
    // The metric learned the variances (from the last window's 200 draws, shrunk a little).
    const std::vector<double>& inv = nuts.mass_matrix().inverse();
    for (size_t i = 0; i < kSd.size(); ++i) {
      const double ratio = inv[i] / (kSd[i] * kSd[i]);
      QVERIFY2(ratio > 0.6 && ratio < 1.5, std::to_string(ratio).c_str());
    }
  }

  void hmcGaussianMoments() {
    const auto target = GaussianPotential::diagonal(kMean, kSd);
    KernelConfig config;
    config.trajectory_length = 2.0;
    HMC hmc(target, config);
    const Run r = run(hmc, std::vector<double>(5, 0.0), 500, 3000);
    check_moments(r.draws, kMean, kSd);
    // The number of steps follows the adapted step size: floor(2 / eps).
    QCOMPARE(r.stats.back().n_leapfrog, std::max<int64_t>(1, int64_t(2.0 / hmc.step_size())));
    QCOMPARE(r.stats.back().tree_depth, int64_t(0));
  }

  // A fixed number of steps, no adaptation: each transition takes exactly num_steps.
  void hmcFixedSteps() {
    const auto target = GaussianPotential::diagonal({0.0, 0.0}, {1.0, 1.0});
    KernelConfig config;
    config.num_steps = 7;
    config.step_size = 0.3;
    config.adapt_step_size = false;
    config.adapt_mass_matrix = false;
    HMC hmc(target, config);
    const Run r = run(hmc, {0.1, 0.2}, 10, 2000);
    for (const SamplerStats& s : r.stats) {
      QCOMPARE(s.n_leapfrog, int64_t(7));
      QCOMPARE(s.step_size, 0.3);
    }
    QCOMPARE(hmc.step_size(), 0.3);
    check_moments(r.draws, {0.0, 0.0}, {1.0, 1.0});
  }

  // Dual averaging drives the acceptance statistic to the target: with the step size adapting
  // through the whole warmup (no metric windows to restart it), the second half of warmup
  // averages the target. Sampling then uses the averaged step, which lands at or a little above
  // the target (as Stan's and Pyro's NUTS do).
  void dualAveragingReachesTarget() {
    const auto target = GaussianPotential::diagonal(kMean, kSd);
    for (bool nuts_kernel : {true, false})
      for (double goal : {0.65, 0.8, 0.95}) {
        KernelConfig config;
        config.target_accept = goal;
        config.adapt_mass_matrix = false;
        config.trajectory_length = 1.0;
        std::unique_ptr<HamiltonianKernel> kernel;
        if (nuts_kernel)
          kernel = std::make_unique<NUTS>(target, config);
        else
          kernel = std::make_unique<HMC>(target, config);
        const Run r = run(*kernel, std::vector<double>(5, 0.0), 1000, 500);
        const std::vector<SamplerStats> late(r.warmup_stats.begin() + 500, r.warmup_stats.end());
        const std::string what = std::string(nuts_kernel ? "NUTS" : "HMC") + " target " +
                                 std::to_string(goal) + ": warmup " +
                                 std::to_string(mean_accept(late)) + ", sampling " +
                                 std::to_string(mean_accept(r.stats));
        QVERIFY2(std::abs(mean_accept(late) - goal) < 0.03, what.c_str());
        QVERIFY2(mean_accept(r.stats) > goal - 0.03, what.c_str());
        QVERIFY2(mean_accept(r.stats) < goal + 0.12, what.c_str());
      }
  }

  // A 100-dimensional Gaussian with correlations and scales from 0.3 to 3 (eigenvalues of the
  // covariance log-spaced over [0.1, 10], random eigenvectors): with a dense metric the sample
  // covariance and the adapted inverse metric recover it. Under iid draws,
  // E||S - Sigma||_F^2 = (tr(Sigma)^2 + ||Sigma||_F^2) / n; NUTS on a Gaussian with a good
  // metric is about that efficient, so the error must stay under twice its root. Two windows
  // of 200 draws (Stan's first windows of 25 and 50 draws cannot estimate 5050 entries, and
  // the deep trees their metrics cause would take most of this test's time).
  void denseMassRecoversCovariance() {
    const int64_t dim = 100;
    const at::Tensor q = std::get<0>(at::linalg_qr(at::randn({dim, dim}, at::kDouble)));
    const at::Tensor eig = at::logspace(-1, 1, dim, 10.0, at::kDouble);
    const at::Tensor cov = (q * eig).matmul(q.t());
    const at::Tensor sym = ((cov + cov.t()) / 2).contiguous();
    const std::vector<double> cov_v(sym.data_ptr<double>(), sym.data_ptr<double>() + dim * dim);
    const auto target = GaussianPotential::dense(std::vector<double>(dim, 0.0), cov_v);

    KernelConfig config;
    config.dense_mass = true;
    config.windows = WindowConfig{30, 200, 20}; // windows 30-229 and 230-429
    NUTS nuts(target, config);
    const int64_t n = 1000;
    const Run r = run(nuts, std::vector<double>(dim, 0.0), 450, n);
    const double fro = sym.norm().item<double>();
    const double tr = eig.sum().item<double>();
    auto iid_error = [&](int64_t draws) { return std::sqrt((tr * tr + fro * fro) / draws); };
    const at::Tensor centered = r.draws - r.draws.mean(0);
    const at::Tensor sample_cov = centered.t().matmul(centered) / (n - 1);
    const double err = (sample_cov - sym).norm().item<double>();
    QVERIFY2(err < 2 * iid_error(n), ("||S - Sigma|| = " + std::to_string(err) + ", iid scale " +
                                      std::to_string(iid_error(n)))
                                         .c_str());
    const at::Tensor inv =
        at::tensor(nuts.mass_matrix().inverse(), at::kDouble).reshape({dim, dim});
    const double merr = (inv - sym).norm().item<double>();
    QVERIFY2(merr < 2 * iid_error(200), ("||M^-1 - Sigma|| = " + std::to_string(merr)).c_str());
    QCOMPARE(divergences(r.stats), int64_t(0));
    // With the metric near Sigma the target looks like a standard normal: short trajectories.
    double depth = 0;
    for (const SamplerStats& s : r.stats)
      depth += static_cast<double>(s.tree_depth);
    QVERIFY2(depth / n < 5.5, std::to_string(depth / n).c_str());
  }

  // Without a terminal buffer the last window closes on the last warmup iteration: sampling
  // uses the step size searched for on the new metric. With correlation 0.999, which a
  // diagonal metric cannot undo, that step is near the narrow direction's scale
  // (sqrt(1 - 0.999) ~ 0.03), far below the 1 that a restarted dual averaging would give.
  void windowClosingAtTheEnd() {
    const auto target = GaussianPotential::dense({0.0, 0.0}, {1.0, 0.999, 0.999, 1.0});
    KernelConfig config;
    config.windows = WindowConfig{10, 20, 0}; // one window, 10-29
    NUTS nuts(target, config);
    const Run r = run(nuts, {0.0, 0.0}, 30, 20);
    QVERIFY2(nuts.step_size() > 0.005 && nuts.step_size() < 0.3,
             std::to_string(nuts.step_size()).c_str());
    QVERIFY(nuts.mass_matrix().inverse()[0] != 1.0); // the window's variance, not the identity
    for (const SamplerStats& s : r.stats)
      QCOMPARE(s.step_size, nuts.step_size());
  }

  // Neal's funnel, centered: the neck's curvature makes trajectories diverge even with the
  // step size warmup chose.
  void funnelDiverges() {
    const kiln::test::FunnelPotential funnel(10);
    NUTS nuts(funnel, KernelConfig{});
    const Run r = run(nuts, std::vector<double>(10, 0.5), 1000, 2000);
    const int64_t n = divergences(r.stats);
    QVERIFY2(n > 0, "no divergences in the funnel");
    // A divergent transition stopped its trajectory at the offending subtree.
    for (const SamplerStats& s : r.stats)
      QVERIFY(s.n_leapfrog <= (int64_t(1) << (s.tree_depth + 1)) - 1);
  }

  // The tree depth limit: never deeper, and a bad metric with a tiny step hits it.
  void maxTreeDepth() {
    const auto target = GaussianPotential::diagonal({0.0, 0.0}, {1.0, 1.0});
    KernelConfig config;
    config.max_tree_depth = 3;
    config.step_size = 0.01;
    config.adapt_step_size = false;
    config.adapt_mass_matrix = false;
    NUTS nuts(target, config);
    const Run r = run(nuts, {0.5, -0.5}, 0, 200);
    for (const SamplerStats& s : r.stats) {
      QCOMPARE(s.tree_depth, int64_t(3));
      QCOMPARE(s.n_leapfrog, int64_t(7));
    }
  }

  // n_leapfrog counts gradient evaluations: with adaptation off, the transitions' tallies add
  // up to the potential's calls; the stats agree with the state they report.
  void statsAreConsistent() {
    const auto target = GaussianPotential::diagonal({0.0, 1.0, 2.0}, {1.0, 2.0, 3.0});
    KernelConfig config;
    config.step_size = 0.4;
    config.adapt_step_size = false;
    config.adapt_mass_matrix = false;
    NUTS nuts(target, config);
    nuts.setup({0.0, 0.0, 0.0}, 0);
    const int64_t before = target.calls;
    int64_t leapfrogs = 0;
    for (int i = 0; i < 300; ++i) {
      const SamplerStats s = nuts.sample();
      leapfrogs += s.n_leapfrog;
      QCOMPARE(s.lp, -target.value(nuts.position().data()));
      QVERIFY(s.energy >= -s.lp); // H = U + K with K >= 0
      QVERIFY(s.accept_stat >= 0 && s.accept_stat <= 1);
      QVERIFY(s.n_leapfrog >= (int64_t(1) << s.tree_depth) - 1);
      QVERIFY(s.n_leapfrog <= (int64_t(1) << (s.tree_depth + 1)) - 1);
      QCOMPARE(s.step_size, 0.4);
    }
    QCOMPARE(target.calls - before - 300, leapfrogs); // value() above costs one call each
  }

  // Step size jitter spreads each iteration's step uniformly over eps (1 +- jitter).
  void stepSizeJitter() {
    const auto target = GaussianPotential::diagonal({0.0}, {1.0});
    KernelConfig config;
    config.step_size = 0.5;
    config.step_size_jitter = 0.4;
    config.adapt_step_size = false;
    NUTS nuts(target, config);
    const Run r = run(nuts, {0.0}, 0, 400);
    double lo = 1, hi = 0;
    for (const SamplerStats& s : r.stats) {
      lo = std::min(lo, s.step_size);
      hi = std::max(hi, s.step_size);
    }
    QVERIFY(lo >= 0.3 && lo < 0.32);
    QVERIFY(hi <= 0.7 && hi > 0.68);
  }

  void badSettings() {
    const auto target = GaussianPotential::diagonal({0.0}, {1.0});
    for (auto change : std::vector<std::function<void(KernelConfig&)>>{
             [](KernelConfig& c) { c.target_accept = 1.0; },
             [](KernelConfig& c) { c.step_size = -1; },
             [](KernelConfig& c) { c.max_tree_depth = 0; },
             [](KernelConfig& c) { c.step_size_jitter = 2; },
             [](KernelConfig& c) { c.dual_averaging.gamma = 0; },
             [](KernelConfig& c) { c.windows.base_window = 0; }}) {
      KernelConfig config;
      change(config);
      bool threw = false;
      try {
        NUTS nuts(target, config);
      } catch (const DomainError&) {
        threw = true;
      }
      QVERIFY(threw);
    }
    NUTS nuts(target, KernelConfig{});
    bool threw = false;
    try {
      nuts.setup({0.0, 1.0}, 10);
    } catch (const ShapeError&) {
      threw = true;
    }
    QVERIFY(threw);
  }
};

QTEST_APPLESS_MAIN(KernelsTest)
#include "kernels_test.moc"
