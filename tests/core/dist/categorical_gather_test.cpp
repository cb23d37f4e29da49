// Categorical.log_prob gathers from its table as constructed even when plates and enumeration
// have broadcast its batch: a small case against log(probs) indexed entry by entry (values and
// gradients, probs and logits forms), and LDA's case (topics x 1 x 1 x vocabulary probs
// expanded to topics x words x docs, words x docs values, benchmark S3) within 1 GB of peak
// memory, where a broadcast table would take 10 GB.
#include <sys/resource.h>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/discrete/categorical.h"
#include "core/dist/validation.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;

namespace {

// The process's peak resident memory, in bytes.
double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

} // namespace

class CategoricalGatherTest : public QObject {
  Q_OBJECT

private slots:
  void init() { reset(5); }

  void broadcastBatchMatchesEntryByEntry() {
    // probs (T, 1, 1, V) against values (L, D), the batch expanded to (T, L, D) as plates do.
    const int64_t t = 3, l = 4, d = 2, v = 5;
    for (bool logits_form : {false, true}) {
      at::Tensor raw = at::rand({t, 1, 1, v}, at::kDouble).add_(0.1).requires_grad_();
      const at::Tensor value = at::randint(v, {l, d}, at::kLong);
      const dist::DistPtr base = logits_form
                                     ? std::make_shared<dist::Categorical>(dist::Logits{raw})
                                     : std::make_shared<dist::Categorical>(dist::Probs{raw});
      const at::Tensor lp = base->expand({t, l, d})->log_prob(value);
      QCOMPARE(lp.sizes().vec(), (std::vector<int64_t>{t, l, d}));
      const at::Tensor log_p =
          logits_form ? raw - raw.logsumexp(-1, true) : (raw / raw.sum(-1, true)).log();
      std::vector<at::Tensor> entries;
      for (int64_t a = 0; a < t; ++a)
        for (int64_t b = 0; b < l; ++b)
          for (int64_t c = 0; c < d; ++c)
            entries.push_back(log_p[a][0][0][value[b][c].item<int64_t>()]);
      const at::Tensor expected = at::stack(entries).reshape({t, l, d});
      QVERIFY((lp - expected).abs().max().item<double>() < 1e-12);
      const at::Tensor weights = at::rand({t, l, d}, at::kDouble);
      const at::Tensor g = torch::autograd::grad({(lp * weights).sum()}, {raw})[0];
      const at::Tensor g_expected = torch::autograd::grad({(expected * weights).sum()}, {raw})[0];
      QVERIFY((g - g_expected).abs().max().item<double>() < 1e-12);
    }
  }

  // Past 16384 lookups, a table whose rows each meet every value takes the outer gather
  // (core/dist/discrete/row_gather.h): against ATen's gather from the broadcast table.
  void outerGatherMatchesAtenGather() {
    const int64_t t = 4, l = 64, d = 100, v = 50;
    at::Tensor raw = at::randn({t, 1, 1, v}, at::kDouble).requires_grad_();
    const at::Tensor value = at::randint(v, {l, d}, at::kLong);
    const at::Tensor lp = dist::Categorical(dist::Logits{raw}).expand({t, l, d})->log_prob(value);
    const at::Tensor table = raw - raw.logsumexp(-1, true);
    const at::Tensor expected =
        table.expand({t, l, d, v}).gather(-1, value.expand({t, l, d}).unsqueeze(-1)).squeeze(-1);
    QVERIFY((lp - expected).abs().max().item<double>() < 1e-14);
    const at::Tensor weights = at::rand({t, l, d}, at::kDouble);
    const at::Tensor g = torch::autograd::grad({(lp * weights).sum()}, {raw})[0];
    const at::Tensor g_expected = torch::autograd::grad({(expected * weights).sum()}, {raw})[0];
    QVERIFY((g - g_expected).abs().max().item<double>() < 1e-11);
  }

  // Without validation a value outside the support still gets a message, not a wild read.
  void outerGatherReportsAValueOutOfRange() {
    const dist::ValidationScope off(false);
    at::Tensor value = at::randint(50, {64, 100}, at::kLong);
    value[3][7] = 50;
    const auto d =
        dist::Categorical(dist::Logits{at::zeros({4, 1, 1, 50}, at::kDouble)}).expand({4, 64, 100});
    try {
      d->log_prob(value);
      QFAIL("no error");
    } catch (const DomainError& e) {
      QVERIFY2(std::string(e.what()).find("categorical value 50 at position 307 is outside "
                                          "[0, 49]") != std::string::npos,
               e.what());
    }
  }

  void ldaSizedCaseStaysSmall() {
    const int64_t topics = 20, words = 64, docs = 1000, vocabulary = 1000;
    const double before = peak_rss_bytes();
    at::Tensor topic_words =
        at::rand({topics, vocabulary}, at::kDouble).add_(0.01).requires_grad_();
    // word_topics enumerated: its values 0..T-1 along dim -3.
    const at::Tensor word_topics = at::arange(topics, at::kLong).reshape({topics, 1, 1});
    const at::Tensor data = at::randint(vocabulary, {words, docs}, at::kLong);
    dist::Categorical words_dist(dist::Probs{topic_words.index({word_topics})});
    const at::Tensor lp = words_dist.expand({topics, words, docs})->log_prob(data);
    QCOMPARE(lp.sizes().vec(), (std::vector<int64_t>{topics, words, docs}));
    const at::Tensor g = torch::autograd::grad({lp.sum()}, {topic_words})[0];
    QVERIFY(at::isfinite(g).all().item<bool>());
    const double grown = peak_rss_bytes() - before;
    QVERIFY2(grown < 1e9, ("peak memory grew by " + std::to_string(grown / 1e9) + " GB").c_str());
    // One entry checked against the table.
    const at::Tensor p = topic_words[7] / topic_words[7].sum();
    const int64_t w = data[10][500].item<int64_t>();
    QVERIFY(std::abs(lp[7][10][500].item<double>() - std::log(p[w].item<double>())) < 1e-12);
  }
};

QTEST_GUILESS_MAIN(CategoricalGatherTest)
#include "categorical_gather_test.moc"
