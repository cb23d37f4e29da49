// The summary table: rows per scalar named as ArviZ names them, each equal to the scalar's own
// diagnostics; the text and CSV forms; and draws that cannot be summarized.
#include <cmath>
#include <limits>
#include <string>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/ess.h"
#include "core/diagnostics/mcse.h"
#include "core/diagnostics/rhat.h"
#include "core/diagnostics/summary.h"
#include "core/diagnostics/summary_format.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln::diagnostics;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

// A summary with fixed numbers, for the formats.
Summary fixed_summary() {
  Summary s;
  s.rows.push_back(
      {"mu", 4.48621, 3.48712, -1.62345, 10.69271, 0.23112, 0.16849, 241.4, 300.6, 1.0234});
  s.rows.push_back({"theta[0, 1]", -0.0002, 12.5, -20.0, 25.0, 0.01, 0.008, 1234.0, 987.2, kNan});
  return s;
}

} // namespace

class SummaryTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(21); }

  void rowsAreNamedAsArviZNamesThem() {
    const at::Tensor mu = at::randn({4, 100}, kiln::generator(), at::kDouble);
    const at::Tensor theta = at::randn({4, 100, 3}, kiln::generator(), at::kDouble);
    const at::Tensor L = at::randn({4, 100, 2, 2}, kiln::generator(), at::kDouble);
    const Summary s = summarize({{"mu", mu}, {"theta", theta}, {"L", L}});
    std::vector<std::string> names;
    for (const SummaryRow& r : s.rows)
      names.push_back(r.name);
    QCOMPARE(names, (std::vector<std::string>{"mu", "theta[0]", "theta[1]", "theta[2]", "L[0, 0]",
                                              "L[0, 1]", "L[1, 0]", "L[1, 1]"}));
    QCOMPARE(s.columns(), (std::vector<std::string>{"mean", "sd", "hdi_3%", "hdi_97%", "mcse_mean",
                                                    "mcse_sd", "ess_bulk", "ess_tail", "r_hat"}));
  }

  void eachRowIsItsScalarsDiagnostics() {
    const at::Tensor theta = at::randn({3, 201, 2}, kiln::generator(), at::kDouble);
    Summary s;
    add_site(s, "theta", theta);
    const at::Tensor x = theta.select(2, 1).contiguous();
    const Chains c(x);
    const SummaryRow& r = s.rows[1];
    QCOMPARE(r.mean, x.mean().item<double>());
    QVERIFY(std::abs(r.sd - x.std().item<double>()) < 1e-14);
    QCOMPARE(r.ess_bulk, ess_bulk(c));
    QCOMPARE(r.ess_tail, ess_tail(c));
    QCOMPARE(r.mcse_mean, mcse_mean(c));
    QCOMPARE(r.mcse_sd, mcse_sd(c));
    // 201 draws: az.summary folds at the median of all draws, az.rhat at that of the split
    // draws; on continuous draws the ranks, and so R-hat, agree.
    QVERIFY(std::abs(r.r_hat - rhat(c)) < 1e-12);
    const Interval h = hdi(x);
    QCOMPARE(r.hdi_lower, h.lower);
    QCOMPARE(r.hdi_upper, h.upper);
  }

  void otherHdiProbabilitiesNameTheirColumns() {
    Summary s;
    s.hdi_prob = 0.9;
    QCOMPARE(s.columns()[2], std::string("hdi_5%"));
    QCOMPARE(s.columns()[3], std::string("hdi_95%"));
    s.hdi_prob = 0.5;
    QCOMPARE(s.columns()[2], std::string("hdi_25%"));
    s.hdi_prob = 0.89;
    QCOMPARE(s.columns()[2], std::string("hdi_5.5%"));
    QCOMPARE(s.columns()[3], std::string("hdi_94.5%"));
  }

  void textHasAlignedRoundedColumns() {
    const std::string expected = "              mean      sd   hdi_3%  hdi_97%  mcse_mean  mcse_sd "
                                 " ess_bulk  ess_tail  r_hat\n"
                                 "mu           4.486   3.487   -1.623   10.693      0.231    0.168 "
                                 "      241       301   1.02\n"
                                 "theta[0, 1]  0.000  12.500  -20.000   25.000      0.010    0.008 "
                                 "     1234       987    nan\n";
    QCOMPARE(format_summary_text(fixed_summary()), expected);
  }

  void csvHoldsFullPrecision() {
    const std::string expected =
        ",mean,sd,hdi_3%,hdi_97%,mcse_mean,mcse_sd,ess_bulk,ess_tail,r_hat\n"
        "mu,4.48621,3.48712,-1.62345,10.69271,0.23112,0.16849,241.4,300.6,"
        "1.0234\n"
        "\"theta[0, 1]\",-2e-04,12.5,-20,25,0.01,0.008,1234,987.2,NaN\n";
    QCOMPARE(format_summary_csv(fixed_summary()), expected);
  }

  void oneChainHasNoRhat() {
    const Summary s = summarize({{"x", at::randn({1, 500}, kiln::generator(), at::kDouble)}});
    QVERIFY(std::isnan(s.rows[0].r_hat));
    QVERIFY(s.rows[0].ess_bulk > 100);
  }

  void drawsThatCannotBeSummarizedGiveNan() {
    const SummaryRow empty = summarize({{"x", at::empty({4, 0}, at::kDouble)}}).rows[0];
    for (double v : {empty.mean, empty.sd, empty.hdi_lower, empty.ess_bulk, empty.r_hat})
      QVERIFY(std::isnan(v));
    at::Tensor x = at::randn({2, 50}, kiln::generator(), at::kDouble);
    x[0][3] = std::numeric_limits<double>::infinity();
    const SummaryRow inf = summarize({{"x", x}}).rows[0];
    QVERIFY(std::isinf(inf.mean));
    for (double v : {inf.hdi_lower, inf.mcse_mean, inf.ess_bulk, inf.ess_tail, inf.r_hat})
      QVERIFY(std::isnan(v));
    const SummaryRow few =
        summarize({{"x", at::randn({2, 3}, kiln::generator(), at::kDouble)}}).rows[0];
    QVERIFY(!std::isnan(few.mean) && !std::isnan(few.hdi_lower));
    QVERIFY(std::isnan(few.ess_bulk) && std::isnan(few.mcse_sd));
    QCOMPARE(summarize({{"z", at::empty({2, 10, 0}, at::kDouble)}}).rows.size(), size_t{0});
  }

  void badInputsAreErrors() {
    QVERIFY_THROWS_EXCEPTION(kiln::ShapeError, summarize({{"x", at::zeros({5}, at::kDouble)}}));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError,
                             summarize({{"x", at::zeros({2, 5}, at::kDouble)}}, 1.0));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError,
                             summarize({{"x", at::zeros({2, 5}, at::kComplexDouble)}}));
  }

  void summariesAreReproducible() {
    const at::Tensor theta = at::randn({4, 300, 5}, kiln::generator(), at::kDouble);
    const Summary a = summarize({{"theta", theta}});
    const Summary b = summarize({{"theta", theta}});
    for (size_t i = 0; i < a.rows.size(); ++i)
      QVERIFY(same(a.rows[i].ess_bulk, b.rows[i].ess_bulk) &&
              same(a.rows[i].r_hat, b.rows[i].r_hat));
  }
};

QTEST_APPLESS_MAIN(SummaryTest)
#include "summary_test.moc"
