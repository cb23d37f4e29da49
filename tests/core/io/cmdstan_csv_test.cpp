// One chain as CmdStan writes it: the config comments, the header, the adaptation block, the
// draws in column-major order, and the elapsed times, checked on a run built by hand.
#include <QtTest/QtTest>

#include <sstream>

#include <ATen/ATen.h>

#include "core/io/cmdstan_csv.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using infer::mcmc::ChainResult;
using infer::mcmc::MCMCConfig;
using infer::mcmc::MCMCResult;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

bool has_line(const std::vector<std::string>& ls, const std::string& line) {
  return std::find(ls.begin(), ls.end(), line) != ls.end();
}

// Two draws of mu (scalar) and x (2 x 2), and a deterministic site s (scalar).
MCMCResult two_draws() {
  MCMCResult result;
  result.latent_sites = {"mu", "x"};
  result.deterministic_sites = {"s"};
  ChainResult c;
  c.chain = 1;
  c.samples["mu"] = at::tensor({0.5, -1.5}, at::kDouble);
  // x[d][i][j] = 100 d + 10 i + j
  c.samples["x"] =
      at::tensor({0., 1., 10., 11., 100., 101., 110., 111.}, at::kDouble).reshape({2, 2, 2});
  c.samples["s"] = at::tensor({0.1, 2.0}, at::kFloat);
  infer::mcmc::SamplerStats a{-3.25, 0.9, 0.5, 2, 3, false, 4.0};
  infer::mcmc::SamplerStats b{-2.0, 0.75, 0.5, 3, 7, true, 3.5};
  c.stats = {a, b};
  c.warmup_stats = {a};
  c.step_size = 0.5;
  c.inverse_mass_matrix = at::tensor({1.0, 0.25, 2.0, 3.0, 4.0}, at::kDouble);
  c.warmup_s = 0.125;
  c.sampling_s = 0.5;
  c.num_warmup_run = 10;
  c.num_samples_run = 2;
  result.chains = {ChainResult{}, c};
  return result;
}

} // namespace

class CmdStanCsvTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void layoutIsCmdStans() {
    MCMCConfig config;
    config.num_chains = 2;
    config.num_warmup = 10;
    config.num_samples = 2;
    config.seed = 7;
    config.kernel.max_tree_depth = 8;
    std::ostringstream out;
    io::write_cmdstan_csv(out, {"coin", "coin.json"}, config, two_draws(), 1);
    const auto ls = lines(out.str());
    QCOMPARE(ls.front(), std::string("# model = coin"));
    for (const char* line :
         {"# method = sample", "#   sample", "#     num_samples = 2", "#     num_warmup = 10",
          "#     thin = 1", "#       engaged = 1", "#       delta = 0.80000000000000004",
          "#     algorithm = hmc", "#         engine = nuts", "#             max_depth = 8",
          "#         metric = diag_e", "# id = 2", "#   file = coin.json", "#   seed = 7"})
      QVERIFY2(has_line(ls, line), line);
    const auto header = std::find(ls.begin(), ls.end(),
                                  "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,"
                                  "divergent__,energy__,mu,x.1.1,x.2.1,x.1.2,x.2.2,s");
    QVERIFY(header != ls.end());
    // Everything before the header is a comment; after it come the adaptation lines.
    for (auto it = ls.begin(); it != header; ++it)
      QVERIFY(it->rfind("#", 0) == 0);
    QCOMPARE(*(header + 1), std::string("# Adaptation terminated"));
    QCOMPARE(*(header + 2), std::string("# Step size = 0.5"));
    QCOMPARE(*(header + 3), std::string("# Diagonal elements of inverse mass matrix:"));
    QCOMPARE(*(header + 4), std::string("# 1, 0.25, 2, 3, 4"));
    // Column-major: x.2.1 is x[1][0].
    QCOMPARE(*(header + 5), std::string("-3.25,0.90000000000000002,0.5,2,3,0,4,0.5,0,10,1,11,"
                                        "0.10000000149011612"));
    QCOMPARE(*(header + 6), std::string("-2,0.75,0.5,3,7,1,3.5,-1.5,100,110,101,111,2"));
    const std::vector<std::string> tail(header + 7, ls.end());
    QCOMPARE(tail, (std::vector<std::string>{"# ", "#  Elapsed Time: 0.125 seconds (Warm-up)",
                                             "#                0.5 seconds (Sampling)",
                                             "#                0.625 seconds (Total)", "# "}));
  }

  void staticHmcDenseAndNoWarmup() {
    MCMCConfig config;
    config.algorithm = infer::mcmc::Algorithm::HMC;
    config.kernel.num_steps = 12;
    config.kernel.dense_mass = true;
    config.num_warmup = 0;
    MCMCResult result = two_draws();
    result.chains[1].num_warmup_run = 0;
    std::ostringstream out;
    io::write_cmdstan_csv(out, {"m", ""}, config, result, 1);
    const auto ls = lines(out.str());
    QVERIFY(has_line(ls, "#         engine = static"));
    QVERIFY(has_line(ls, "#             num_steps = 12"));
    QVERIFY(has_line(ls, "#         metric = dense_e"));
    QVERIFY(has_line(ls, "#       engaged = 0"));
    QVERIFY(!has_line(ls, "# Adaptation terminated"));
  }

  void denseMetricRows() {
    MCMCResult result = two_draws();
    result.chains[1].inverse_mass_matrix = at::tensor({2.0, 0.5, 0.5, 1.0}).reshape({2, 2});
    std::ostringstream out;
    io::write_cmdstan_csv(out, {"m", ""}, MCMCConfig{}, result, 1);
    const auto ls = lines(out.str());
    const auto it = std::find(ls.begin(), ls.end(), "# Elements of inverse mass matrix:");
    QVERIFY(it != ls.end());
    QCOMPARE(*(it + 1), std::string("# 2, 0.5"));
    QCOMPARE(*(it + 2), std::string("# 0.5, 1"));
  }

  void badChainIsAnError() {
    std::ostringstream out;
    QVERIFY_THROWS_EXCEPTION(Error,
                             io::write_cmdstan_csv(out, {"m", ""}, MCMCConfig{}, two_draws(), 2));
    // Chain 1 (index 0) has no draws of its sites.
    QVERIFY_THROWS_EXCEPTION(Error,
                             io::write_cmdstan_csv(out, {"m", ""}, MCMCConfig{}, two_draws(), 0));
  }
};

QTEST_GUILESS_MAIN(CmdStanCsvTest)
#include "cmdstan_csv_test.moc"
