// The linear regressions of examples/posteriordb under NUTS: each model checks silently, two
// seeds agree, and the posterior means of the coefficients match references computed without
// sampling by examples/scripts/posteriordb_references.py (numpy/scipy; least squares where the
// coefficients have flat priors, a quadrature over sigma where they have normal priors).
#include <QtTest/QtTest>

#include "tests/app/posteriordb_runs.h"

using namespace kiln::test;

namespace {

void expect_means(const NutsRun& run, const QString& site, const QList<double>& reference) {
  for (int i = 0; i < reference.size(); ++i) {
    expect_mean_near(run, QString("%1[%2]").arg(site).arg(i), reference[i]);
    if (QTest::currentTestFailed())
      return;
  }
}

// A dense mass matrix for the regressions with uncentered predictors, whose coefficients are
// strongly correlated: it needs a longer warmup than the diagonal one to be estimated.
const RunSize kDense{2, 300, 400, {"--dense-mass"}};

} // namespace

class PosteriordbRegressionTest : public QObject {
  Q_OBJECT

private slots:
  void kidscoreInteraction() {
    const QString p = "kidiq-kidscore_interaction";
    expect_check_passes(p);
    const NutsRun run = expect_stable(p, kDense);
    if (QTest::currentTestFailed())
      return;
    // Least squares (posteriordb_references.py).
    expect_means(
        run, "beta",
        {-11.482021142022273, 51.26822342920095, 0.9688892102312284, -0.48427466511803813});
  }

  void logearnInteractionZ() {
    const QString p = "earnings-logearn_interaction_z";
    expect_check_passes(p);
    const NutsRun run = expect_stable(p, kDense);
    if (QTest::currentTestFailed())
      return;
    // Least squares on log earnings (posteriordb_references.py).
    expect_means(
        run, "beta",
        {9.526608475570914, 0.06542342565849751, 0.4197130725934131, 0.028644117942083505});
  }

  void logmesquiteLogvash() {
    const QString p = "mesquite-logmesquite_logvash";
    expect_check_passes(p);
    const NutsRun run = expect_stable(p, kDense);
    if (QTest::currentTestFailed())
      return;
    // Least squares on log weight (posteriordb_references.py).
    expect_means(run, "beta",
                 {5.3080062009457105, 0.38461254351519936, 0.4127859515513088, -0.31525040680650884,
                  0.42404404382291394, -0.5382295617974542});
  }

  void nes() {
    const QString p = "nes2000-nes";
    expect_check_passes(p);
    const NutsRun run = expect_stable(p, kDense);
    if (QTest::currentTestFailed())
      return;
    // Least squares (posteriordb_references.py).
    expect_means(run, "beta",
                 {0.8084846161669899, 0.7892252482562283, -1.0791030854993544, -0.45006071677262377,
                  -0.7166257967424977, -0.4803803269835665, 0.2446137935123206,
                  -0.09404228670929696, 0.2358114173119042});
  }

  void blr() {
    const QString p = "sblrc-blr";
    expect_check_passes(p);
    const NutsRun run = expect_stable(p, kDense);
    if (QTest::currentTestFailed())
      return;
    // normal(0, 10) priors on beta, half-normal(10) on sigma: the conditional posterior mean of
    // beta averaged over p(sigma | y) on a grid (posteriordb_references.py).
    expect_means(run, "beta",
                 {0.9996512642405677, 0.9987217031172011, 0.998183906773462, 0.9988373009022035,
                  0.9985900432737506});
  }

  // The year is uncentered, so alpha and beta are correlated almost perfectly: a diagonal mass
  // matrix saturates the tree depth (R-hat 1.3 after 300 draws); a dense one decorrelates them,
  // and the compiled potential makes the long trajectories cheap.
  void kilpisjarvi() {
    const QString p = "kilpisjarvi_mod-kilpisjarvi";
    expect_check_passes(p);
    if (QTest::currentTestFailed())
      return;
    // scipy.stats.norm: logpdf(alpha, 9.3129, 100) + logpdf(beta, 0, 0.0333) + the sum of
    // logpdf(y, alpha + beta x, sigma); sigma's flat prior adds 0.
    expect_log_joint(p, R"({"alpha": -61.0, "beta": 0.0177, "sigma": 1.1})", -97.62290177463406,
                     1e-9);
    if (QTest::currentTestFailed())
      return;
    expect_stable(p, RunSize{2, 500, 500, {"--dense-mass"}});
  }
};

QTEST_GUILESS_MAIN(PosteriordbRegressionTest)
#include "posteriordb_regression_test.moc"
