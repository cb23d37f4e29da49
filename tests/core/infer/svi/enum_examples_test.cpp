// The TraceEnum_ELBO examples as model files: examples/gmm_svi.py (Pyro's GMM tutorial,
// benchmark S2's model with a MAP guide) recovers the true mixture of
// ../shared/bench-data/gmm.json, and examples/hmm_svi.py's loss is minus the log likelihood
// of the forward algorithm (written out here) and training raises the likelihood past that of
// the parameters the data were drawn with (examples/scripts/make_data.py).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/meta/delta.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_enum_elbo.h"
#include "core/io/data_file.h"
#include "core/lang/conversions.h"
#include "core/lang/model_file.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;

namespace {

const std::string kExamples = std::string(KILN_SOURCE_DIR) + "/examples/";

struct Fit {
  poutine::Model model;
  poutine::Model guide;
};

// The file's model, and its guide unless `with_guide` is false.
Fit load(const std::string& file, const std::string& data_file, bool with_guide = true) {
  lang::DiagnosticSink sink;
  auto model_file = lang::ModelFile::open(kExamples + file, sink);
  if (!model_file->ok())
    throw Error(file + " does not load");
  const lang::DataMap data = io::load_data(kExamples + data_file);
  return {model_file->bind(data, data_file, "model"),
          with_guide ? model_file->bind(data, data_file, "guide") : poutine::Model()};
}

std::vector<double> to_vector(const at::Tensor& t) {
  const at::Tensor c = t.detach().to(at::kDouble).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// log p(y) of the HMM by the forward algorithm, starting from state 0.
double hmm_log_likelihood(const std::vector<double>& y, const std::vector<double>& trans,
                          const std::vector<double>& locs, double scale) {
  const size_t k = locs.size();
  auto log_normal = [&](double v, double loc) {
    const double z = (v - loc) / scale;
    return -0.5 * std::log(2 * M_PI) - std::log(scale) - 0.5 * z * z;
  };
  std::vector<double> alpha(k, -INFINITY);
  alpha[0] = 0; // the state before the first step
  for (double v : y) {
    std::vector<double> next(k);
    for (size_t j = 0; j < k; ++j) {
      double m = -INFINITY;
      for (size_t i = 0; i < k; ++i)
        m = std::max(m, alpha[i] + std::log(trans[i * k + j]));
      double s = 0;
      for (size_t i = 0; i < k; ++i)
        s += std::exp(alpha[i] + std::log(trans[i * k + j]) - m);
      next[j] = m + std::log(s) + log_normal(v, locs[j]);
    }
    alpha = next;
  }
  double m = *std::max_element(alpha.begin(), alpha.end());
  double s = 0;
  for (double a : alpha)
    s += std::exp(a - m);
  return m + std::log(s);
}

// A MAP guide for examples/lda.py: Delta sites of params in the model's plates.
void lda_guide(int64_t topics, int64_t words, int64_t docs) {
  using dist::constraints::positive;
  using dist::constraints::simplex;
  {
    poutine::Plate plate("topics", topics);
    const at::Tensor weights = poutine::param("topic_weights_map", at::ones({topics}), positive());
    const at::Tensor topic_words =
        poutine::param("topic_words_map", at::ones({topics, words}) / words, simplex());
    poutine::sample("topic_weights", dist::Delta(weights));
    poutine::sample("topic_words", dist::Delta(topic_words, 0., 1));
  }
  poutine::Plate plate("documents", docs);
  const at::Tensor doc_topics =
      poutine::param("doc_topics_map", at::ones({docs, topics}) / topics, simplex());
  poutine::sample("doc_topics", dist::Delta(doc_topics, 0., 1));
}

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

} // namespace

class EnumExamplesTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(1);
    poutine::param_store().clear();
  }

  void gmmRecoversTheTrueMixture() {
    const Fit fit = load("gmm_svi.py", "gmm.json");
    infer::svi::SVI svi(fit.model, fit.guide,
                        std::make_shared<infer::svi::Adam>(infer::svi::AdamOptions{0.05}),
                        std::make_shared<infer::svi::TraceEnum_ELBO>());
    for (int step = 0; step < 1000; ++step)
      svi.step();
    // The truth (../shared/bench-data/gmm.json): locs -4, 0, 5; scales 1, 0.7, 1.5; weights
    // 0.3, 0.5, 0.2. Standard errors with N=1000 are below 0.1 for the locs.
    const std::vector<double> locs = to_vector(poutine::param_store().get("locs_map"));
    const std::vector<double> scales = to_vector(poutine::param_store().get("scales_map"));
    const std::vector<double> weights = to_vector(poutine::param_store().get("weights_map"));
    qInfo("fitted locs %.3f %.3f %.3f, scales %.3f %.3f %.3f, weights %.3f %.3f %.3f", locs[0],
          locs[1], locs[2], scales[0], scales[1], scales[2], weights[0], weights[1], weights[2]);
    std::vector<size_t> order = {0, 1, 2};
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return locs[a] < locs[b]; });
    const double true_locs[] = {-4.0, 0.0, 5.0}, true_scales[] = {1.0, 0.7, 1.5},
                 true_weights[] = {0.3, 0.5, 0.2};
    for (size_t k = 0; k < 3; ++k) {
      const size_t i = order[k];
      QVERIFY2(std::abs(locs[i] - true_locs[k]) < 0.3, ("loc " + std::to_string(locs[i])).c_str());
      QVERIFY2(std::abs(scales[i] - true_scales[k]) < 0.2,
               ("scale " + std::to_string(scales[i])).c_str());
      QVERIFY2(std::abs(weights[i] - true_weights[k]) < 0.05,
               ("weight " + std::to_string(weights[i])).c_str());
    }
  }

  void ldaAtFullSizeStaysSmall() {
    // Benchmark S3's size: the word topics enumerated over 20 topics for 64 x 1000 words, whose
    // observation Categorical(topic_words[word_topics]) must gather, not broadcast (5 GB).
    const double before = peak_rss_bytes();
    const Fit fit = load("lda.py", "lda.json", false);
    infer::svi::ElboConfig config;
    config.max_plate_nesting = 2; // a first run to find it would sample word_topics: (L, D, V)
    infer::svi::TraceEnum_ELBO elbo(config);
    const auto estimate = elbo.estimate(fit.model, [] { lda_guide(20, 1000, 1000); });
    QVERIFY(std::isfinite(estimate.loss));
    const at::Tensor leaf = poutine::param_store().unconstrained("doc_topics_map");
    const at::Tensor grad = torch::autograd::grad({estimate.surrogate}, {leaf})[0];
    QVERIFY(at::isfinite(grad).all().item<bool>());
    const double grown = peak_rss_bytes() - before;
    QVERIFY2(grown < 1e9, ("peak memory grew by " + std::to_string(grown / 1e9) + " GB").c_str());
  }

  void hmmLossIsTheForwardAlgorithm() {
    const Fit fit = load("hmm_svi.py", "hmm.json");
    const std::vector<double> y =
        to_vector(lang::to_tensor(io::load_data(kExamples + "hmm.json").at("y"), "y"));
    infer::svi::SVI svi(fit.model, fit.guide,
                        std::make_shared<infer::svi::Adam>(infer::svi::AdamOptions{0.05}),
                        std::make_shared<infer::svi::TraceEnum_ELBO>());
    // At the initial params: transition 0.8 I + 0.1 normalized, locs (-1, 1), scale 1.
    const double initial = svi.evaluate_loss();
    QVERIFY2(std::abs(initial + hmm_log_likelihood(y, {0.9, 0.1, 0.1, 0.9}, {-1., 1.}, 1.)) < 1e-6,
             std::to_string(initial).c_str());
    for (int step = 0; step < 500; ++step)
      svi.step();
    // Maximum likelihood: at least as likely as the parameters the data were drawn with
    // (transition [[0.9, 0.1], [0.2, 0.8]], locs (-1, 2), scale 0.5).
    const double fitted = svi.evaluate_loss();
    const double at_truth = -hmm_log_likelihood(y, {0.9, 0.1, 0.2, 0.8}, {-1., 2.}, 0.5);
    QVERIFY2(fitted <= at_truth,
             (std::to_string(fitted) + " vs " + std::to_string(at_truth)).c_str());
    const std::vector<double> locs = to_vector(poutine::param_store().get("locs"));
    QVERIFY(std::abs(locs[0] + 1.0) < 0.4 && std::abs(locs[1] - 2.0) < 0.4);
    const std::vector<double> trans = to_vector(poutine::param_store().get("transition"));
    const std::vector<double> scale = to_vector(poutine::param_store().get("scale"));
    QVERIFY2(std::abs(fitted + hmm_log_likelihood(y, trans, locs, scale[0])) < 1e-6,
             "the fitted loss is the forward algorithm's at the fitted params");
  }
};

QTEST_GUILESS_MAIN(EnumExamplesTest)
#include "enum_examples_test.moc"
