// Rank plots count each chain's draws by their rank among all chains; autocorrelation plots show
// each chain's autocorrelation by lag, the biased estimate ArviZ uses.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/autocorr_plot.h"
#include "ui/diagnostics/rank_plot.h"
#include "ui/diagnostics/run_model.h"

using namespace kiln;
using namespace kiln::ui;

class ChainPlotsTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  RunModel m_model;
  test::StoredMcmc m_spec;

  std::vector<double> chainDraws(const std::string& name, int64_t chain) {
    const Quantity q = m_model.data().quantity(name);
    std::vector<double> x;
    const auto& draws = m_model.data().chains()[static_cast<size_t>(chain)].sampling;
    for (int64_t i = 0; i < draws.rows; ++i)
      x.push_back(m_model.data().value(q, draws, i));
    return x;
  }

private slots:
  void initTestCase() {
    m_spec.stuck_offset = 1.5;
    const QString project = m_dir.filePath("chains.kiln");
    const int64_t id = test::write_mcmc_run(project.toStdString(), m_spec);
    QSignalSpy updated(&m_model, &RunModel::updated);
    m_model.open(project, id);
    QVERIFY(updated.wait(10000));
  }

  void averageRanksAsScipy() {
    // scipy.stats.rankdata([3, 1, 4, 1, 5]) -> [3. , 1.5, 4. , 1.5, 5. ]
    QCOMPARE(averageRanks({3, 1, 4, 1, 5}), (std::vector<double>{3, 1.5, 4, 1.5, 5}));
  }

  void rankCountsPerChain() {
    RankPlot plot;
    plot.setModel(&m_model);
    plot.setQuantity(m_model.data().quantity("mu"));
    plot.recompute();
    QCOMPARE(plot.graphCount(), static_cast<int>(m_spec.chains));
    QCOMPARE(plot.bins(), 10); // 200 draws a chain: 20 a bin
    std::vector<double> pooled;
    for (int64_t c = 0; c < m_spec.chains; ++c) {
      const auto x = chainDraws("mu", c);
      pooled.insert(pooled.end(), x.begin(), x.end());
    }
    // rank bins of the pooled 800 draws are 80 ranks wide
    for (int64_t c = 0; c < m_spec.chains; ++c) {
      std::vector<double> expected(10, 0.0);
      for (int64_t i = 0; i < m_spec.samples; ++i) {
        double rank = 1;
        for (double v : pooled)
          rank += v < pooled[c * m_spec.samples + i];
        expected[static_cast<size_t>(
            std::min<int64_t>(9, static_cast<int64_t>((rank - 1) / 80)))] += 1;
      }
      const auto data = plot.chainGraph(static_cast<int>(c))->data();
      for (int b = 0; b < 10; ++b)
        QCOMPARE(data->at(b)->value, expected[static_cast<size_t>(b)]);
    }
    // the stuck chain sits high: its top bin holds far more than the uniform 20
    QVERIFY(plot.chainGraph(3)->data()->at(9)->value > 60);
  }

  void autocorrelationPerChain() {
    AutocorrPlot plot;
    plot.setModel(&m_model);
    plot.setQuantity(m_model.data().quantity("theta[1]"));
    plot.recompute();
    QCOMPARE(plot.graphCount(), static_cast<int>(m_spec.chains));
    for (int c = 0; c < m_spec.chains; ++c) {
      const auto x = chainDraws("theta[1]", c);
      const double n = static_cast<double>(x.size());
      double mean = 0;
      for (double v : x)
        mean += v / n;
      // the biased estimate: sums over n, centred at the chain's mean
      auto acov = [&](size_t lag) {
        double s = 0;
        for (size_t i = 0; i + lag < x.size(); ++i)
          s += (x[i] - mean) * (x[i + lag] - mean);
        return s / n;
      };
      const auto data = plot.chainGraph(c)->data();
      QCOMPARE(data->size(), static_cast<int>(AutocorrPlot::kMaxLag + 1));
      QVERIFY(qAbs(data->at(0)->value - 1.0) < 1e-12);
      for (int lag : {1, 2, 10, 100})
        QVERIFY(qAbs(data->at(lag)->value - acov(lag) / acov(0)) < 1e-10);
    }
  }
};

QTEST_MAIN(ChainPlotsTest)
#include "chain_plots_test.moc"
