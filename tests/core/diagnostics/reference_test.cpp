// Every diagnostic on three small fixed draw sets against reference_values.py (next to this
// file), an implementation written from Vehtari et al. (2021) with numpy and scipy: direct
// autocovariance sums, scipy's rankdata and norm.ppf, numpy's quantile. The same numbers came
// out of ArviZ 0.x's own functions (_multichain_statistics, _ess, _rhat, _hdi, _bfmi, autocorr)
// run on these arrays. Set A has odd chains (21 draws: the split drops each middle draw) and
// ties; in B the second chain is shifted; in C Geyer's sequence stops at a negative pair.
#include <cmath>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/autocovariance.h"
#include "core/diagnostics/bfmi.h"
#include "core/diagnostics/ess.h"
#include "core/diagnostics/hdi.h"
#include "core/diagnostics/mcse.h"
#include "core/diagnostics/quantile.h"
#include "core/diagnostics/rhat.h"
#include "core/diagnostics/summary.h"
#include "tests/support/fixture.h"

using namespace kiln::diagnostics;
using kiln::test::T;

namespace {

at::Tensor set_a() {
  return T({
      {-0.3, -1.1, -0.1, 0.4,  -0.2, -0.2, -1.9, -1.8, -0.7, 0.2, 0.1,
       -0.8, -0.7, 0.2,  -1.3, 0.6,  0.1,  -0.8, -1.4, -1.8, -0.2},
      {-1.1, -1.2, -0.4, -1.2, -1.6, 1.0, 0.5, 0.0, 2.3, 2.3, 1.9,
       2.0,  1.7,  1.1,  -1.6, 0.0,  0.0, 1.7, 2.0, 2.5, 1.0},
      {1.1, 2.1,  0.4, 0.4,  -0.1, 0.5, 0.5, 0.2, 1.2, 1.4, 1.8,
       1.9, -0.1, 0.4, -0.2, 1.8,  1.1, 2.0, 2.0, 1.4, -0.3},
  });
}

at::Tensor set_b() {
  return T({
      {0.12, -0.53, 0.91, 0.24, -1.37, 0.45, 0.08, -0.66, 1.21, 0.33, -0.19, 0.57},
      {2.31, 1.74, 2.96, 1.88, 2.52, 1.43, 2.07, 2.69, 1.95, 2.24, 1.61, 2.83},
  });
}

at::Tensor set_c() {
  return T({
      {0.0,   0.3,   -0.27, -0.89, -0.45, -0.99, 0.06,  1.34,  -0.49, -0.62,
       0.49,  0.36,  0.11,  -0.93, -0.03, 0.7,   -1.34, -0.46, -1.9,  -1.29,
       -1.84, -0.24, -1.27, 0.27,  0.16,  -0.19, -2.52, -0.54, -0.05, 0.11},
      {-1.53, -0.48, -0.98, -0.81, 1.06,  -0.81, -0.03, 0.88, -0.58, -0.11,
       0.11,  0.06,  -1.23, 0.08,  1.36,  -1.55, 0.86,  0.12, -0.64, 2.0,
       0.76,  -1.2,  0.07,  0.58,  -0.19, 0.68,  -0.07, 0.67, 1.44,  -0.68},
      {0.2,   -0.46, 0.13,  -1.19, -0.58, -0.2,  0.9,   1.15,  -1.32, -0.79,
       0.65,  -1.99, -0.46, -0.1,  1.26,  0.69,  -0.33, -0.37, -0.25, 1.52,
       -0.43, -0.3,  0.35,  -0.12, -0.2,  -1.11, -0.01, -0.44, 1.17,  0.65},
      {-0.02, 0.67, -0.34, 1.05,  -0.01, 0.58,  -1.29, 0.35,  -1.69, -2.04,
       -0.3,  -0.9, 0.16,  2.24,  -0.83, -0.62, 0.21,  0.49,  -0.18, -0.21,
       0.7,   0.52, -1.03, -0.08, 0.04,  -1.05, 0.26,  -0.86, 0.97,  0.19},
  });
}

// The values reference_values.py prints for one set.
struct Reference {
  const char* name;
  at::Tensor draws;
  double mean, sd, hdi_lower, hdi_upper, mcse_mean, mcse_sd, ess_bulk, ess_tail, ess_basic,
      ess_mean, r_hat, rhat_basic;
  std::vector<double> quantiles_5_50_95;
  std::vector<double> hdi_50;
  std::vector<double> autocorrelation_chain0_lags_1_2_3;
  std::vector<double> e_bfmi;
};

std::vector<Reference> references() {
  return {
      {"A",
       set_a(),
       0.32857142857142857,
       1.203144880588633,
       -1.9,
       2.1,
       0.310194310854864,
       0.085682319377729,
       16.359188619704184,
       46.29963898916968,
       6.473183520920675,
       15.044168819769068,
       1.1826127600900105,
       1.2357693354101873,
       {-1.6, 0.2, 2.09},
       {-0.4, 1.2},
       {0.17600523856718106, -0.21377247628486476, -0.3607355231488035},
       {1.6311942517343907, 0.7654812326566377, 1.4209850107066384}},
      {"B",
       set_b(),
       1.14125,
       1.2225181158078031,
       -0.66,
       2.96,
       0.44270685340169735,
       0.10394481515263498,
       8.713977833176271,
       33.125069801078546,
       1.7684028616539218,
       7.625671915849047,
       1.7432818357701392,
       2.6040291927898016,
       {-0.6405000000000001, 1.3199999999999998, 2.8089999999999997},
       {1.21, 2.96},
       {-0.3465940175065972, -0.3366640921670849, 0.6246258930295424},
       {2.652533066229002, 2.96256607505563}},
      {"C",
       set_c(),
       -0.1464166666666667,
       0.8655942689131844,
       -1.69,
       1.52,
       0.07414701418830143,
       0.04800300737265968,
       138.33667820981327,
       101.77624848879383,
       121.20588562166289,
       136.2829137366485,
       1.008598075722835,
       1.0057292488743117,
       {-1.557, -0.10500000000000001, 1.2639999999999998},
       {-0.64, 0.36},
       {0.13770017991725703, -0.0026985234257896683, -0.11055608016137529},
       {1.7026547719026854, 2.2774326226567383, 1.966946471793538, 2.088299000946422}},
  };
}

void check_close(double actual, double expected, const std::string& what) {
  const double tolerance = 1e-12 * std::max(1.0, std::abs(expected));
  QVERIFY2(
      std::abs(actual - expected) <= tolerance,
      (what + ": " + std::to_string(actual) + " vs reference " + std::to_string(expected)).c_str());
}

void check_close(const std::vector<double>& actual, const std::vector<double>& expected,
                 const std::string& what) {
  QCOMPARE(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    check_close(actual[i], expected[i], what + "[" + std::to_string(i) + "]");
}

} // namespace

class ReferenceTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(); }

  void singleDiagnosticsMatchTheReference() {
    for (const Reference& r : references()) {
      const std::string set = std::string(r.name) + " ";
      const Chains x(r.draws);
      check_close(ess_bulk(x), r.ess_bulk, set + "ess_bulk");
      check_close(ess_tail(x), r.ess_tail, set + "ess_tail");
      check_close(ess(x), r.ess_basic, set + "ess");
      check_close(ess_mean(x), r.ess_mean, set + "ess_mean");
      check_close(rhat(x), r.r_hat, set + "rhat");
      check_close(rhat_basic(x), r.rhat_basic, set + "rhat_basic");
      check_close(mcse_mean(x), r.mcse_mean, set + "mcse_mean");
      check_close(mcse_sd(x), r.mcse_sd, set + "mcse_sd");
      const Interval h94 = hdi(r.draws);
      check_close({h94.lower, h94.upper}, {r.hdi_lower, r.hdi_upper}, set + "hdi 94%");
      const Interval h50 = hdi(r.draws, 0.5);
      check_close({h50.lower, h50.upper}, r.hdi_50, set + "hdi 50%");
      check_close(quantiles(r.draws, {0.05, 0.5, 0.95}), r.quantiles_5_50_95, set + "quantiles");
      const at::Tensor acf = autocorrelation(r.draws[0]);
      check_close({acf[1].item<double>(), acf[2].item<double>(), acf[3].item<double>()},
                  r.autocorrelation_chain0_lags_1_2_3, set + "autocorrelation");
      check_close(e_bfmi(x), r.e_bfmi, set + "e_bfmi");
    }
  }

  void summaryRowsMatchTheReference() {
    for (const Reference& r : references()) {
      const std::string set = std::string(r.name) + " ";
      const SummaryRow row = summarize_scalar(r.name, Chains(r.draws));
      QCOMPARE(row.name, std::string(r.name));
      check_close(row.mean, r.mean, set + "mean");
      check_close(row.sd, r.sd, set + "sd");
      check_close(row.hdi_lower, r.hdi_lower, set + "hdi_3%");
      check_close(row.hdi_upper, r.hdi_upper, set + "hdi_97%");
      check_close(row.mcse_mean, r.mcse_mean, set + "mcse_mean");
      check_close(row.mcse_sd, r.mcse_sd, set + "mcse_sd");
      check_close(row.ess_bulk, r.ess_bulk, set + "ess_bulk");
      check_close(row.ess_tail, r.ess_tail, set + "ess_tail");
      check_close(row.r_hat, r.r_hat, set + "r_hat");
    }
  }
};

QTEST_APPLESS_MAIN(ReferenceTest)
#include "reference_test.moc"
