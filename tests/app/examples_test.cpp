// Every model in examples/ passes `kiln check` with its data, and `kiln logprob` gives the log
// joint at a point computed independently: SciPy (scipy.stats, run offline on the example's
// data; the expression is next to each number) or a closed form. The same numbers come out of
// real Pyro 1.8.6 through examples/scripts/pyro_logprob.py.
#include <QtTest/QtTest>

#include <cmath>
#include <functional>

#include "tests/support/kiln_process.h"

namespace {

const QString kExamples = QStringLiteral(KILN_SOURCE_DIR "/examples/");

// A JSON array of `n` copies of `item`.
QString repeated(const QString& item, int n) {
  QStringList items;
  for (int i = 0; i < n; ++i)
    items << item;
  return "[" + items.join(",") + "]";
}

QString zeros(int rows, int cols) {
  return repeated(repeated("0", cols), rows);
}

// The data and point of one example.
struct Case {
  QString model, data; // data: a file in examples/, or JSON text written to a temporary file
  QString values;
  double expected;
};

QString indexed_values(const QString& prefix, int n, const std::function<int(int)>& value) {
  QStringList items;
  for (int t = 0; t < n; ++t)
    items << QString("\"%1%2\": %3").arg(prefix).arg(t).arg(value(t));
  return items.join(", ");
}

QList<Case> cases() {
  const double half_log_2pi = 0.5 * std::log(2 * M_PI);
  return {
      // stats.beta(10, 10).logpdf(0.6) + 6 * log(0.6) + 4 * log(0.4)
      {"coin_flip", "coin_flip.json", R"({"latent_fairness": 0.6})", -5.837934643817321},
      // y, s = data; tr = [0.1, -0.2, ..., -0.8]: stats.norm(0, 5).logpdf(1) +
      // stats.halfcauchy(scale=5).logpdf(2) + stats.norm.logpdf(tr).sum() +
      // stats.norm(1 + 2 * tr, s).logpdf(y).sum()
      {"eight_schools_noncentered", "eight_schools.json",
       R"({"mu": 1, "tau": 2, "theta_raw": [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8]})",
       -44.07562695274744},
      // stats.norm(0, 5).logpdf(1) + stats.halfcauchy(scale=5).logpdf(2) +
      // stats.norm(1, 2).logpdf(th).sum() + stats.norm(th, s).logpdf(y).sum()
      {"eight_schools_centered", "eight_schools.json",
       R"({"mu": 1, "tau": 2, "theta": [3, -1, 2, 0.5, -0.5, 1.5, 4, 2.5]})", -50.989361784228336},
      // stats.norm(0, 10).logpdf(1) + stats.norm.logpdf(w).sum() +
      // stats.halfnorm(scale=1).logpdf(0.5) + stats.norm(1 + X @ w, 0.5).logpdf(y).sum()
      {"linear_regression", "linear_regression.json",
       R"({"b": 1, "w": [1.5, -2, 0.5], "sigma": 0.5})", -88.3222060916057},
      // stats.norm.logpdf(0.3) + stats.norm.logpdf(w).sum() +
      // stats.bernoulli(expit(X @ w + 0.3)).logpmf(y).sum()
      {"logistic_regression", "logistic_regression.json",
       R"({"b": 0.3, "w": [0.5, -0.5, 1, 0, -1]})", -199.00832522960198},
      // stats.norm(0, 10).logpdf(2) + stats.halfnorm(scale=5).logpdf(1) +
      // stats.norm(0, 10).logpdf(-0.7) + stats.halfnorm(scale=5).logpdf(0.5) +
      // stats.norm(2, 1).logpdf(a).sum() + stats.norm(a[group] - 0.7 * x, 0.5).logpdf(y).sum()
      {"hierarchical_regression", "hierarchical_regression.json",
       R"({"mu_a": 2, "sigma_a": 1, "b": -0.7, "sigma_y": 0.5,
           "a": [1, 2, 3, 2.5, 1.5, 2, 3.5, 0.5]})",
       -429.19565689304164},
      // stats.norm(0, 5).logpdf(0.5) + stats.norm(0, 1).logpdf(0.8) +
      // stats.poisson(exposure * exp(0.5 + 0.8 * x)).logpmf(counts).sum()
      {"poisson_regression", "poisson_regression.json", R"({"intercept": 0.5, "slope": 0.8})",
       -170.8047100718359},
      // stats.norm(0, 10).logpdf(1) + stats.uniform(-1, 2).logpdf(0.7) +
      // stats.halfnorm(scale=1).logpdf(0.5) + stats.norm(1, 0.5 / sqrt(1 - 0.49)).logpdf(y[0])
      // + stats.norm(1 + 0.7 * (y[:-1] - 1), 0.5).logpdf(y[1:]).sum()
      {"ar1", "ar1.json", R"({"mu": 1, "phi": 0.7, "sigma": 0.5})", -77.37887427846861},
      // z = arange(1000) % 3; w, lo, sc = [.2, .3, .5], [-3, 0, 4], [1, .5, 2]:
      // stats.dirichlet([1, 1, 1]).logpdf(w) + stats.norm(0, 10).logpdf(lo).sum() +
      // stats.lognorm(s=2, scale=1).logpdf(sc).sum() + log(w[z]).sum() +
      // stats.norm(lo[z], sc[z]).logpdf(x).sum()
      {"gmm", "gmm.json",
       R"({"weights": [0.2, 0.3, 0.5], "locs": [-3, 0, 4], "scales": [1, 0.5, 2], "z": )" +
           [] {
             QStringList z;
             for (int n = 0; n < 1000; ++n)
               z << QString::number(n % 3);
             return "[" + z.join(",") + "]";
           }() +
           "}",
       -14203.833446228015},
      // gmm_svi.py's model is gmm.py's (config_enumerate as a decorator): the same point.
      {"gmm_svi", "gmm.json",
       R"({"weights": [0.2, 0.3, 0.5], "locs": [-3, 0, 4], "scales": [1, 0.5, 2], "z": )" +
           [] {
             QStringList z;
             for (int n = 0; n < 1000; ++n)
               z << QString::number(n % 3);
             return "[" + z.join(",") + "]";
           }() +
           "}",
       -14203.833446228015},
      // Params at their initial values, T = [[.9, .1], [.1, .9]], lo = [-1, 1], scale 1;
      // x_t = (t // 5) % 2, prev = [0] + x[:-1]:
      // log(T[prev, x]).sum() + stats.norm(lo[x], 1).logpdf(y).sum()
      {"hmm_svi", "hmm.json",
       "{" + indexed_values("x_", 50, [](int t) { return (t / 5) % 2; }) + "}",
       -125.14818992738442},
      // x_t = (t // 5) % 2, prev = [0] + x[:-1]; T = [[.8, .2], [.3, .7]], lo = [-1, 2]:
      // sum(stats.dirichlet([2, 2]).logpdf(r) for r in T) + stats.norm(0, 5).logpdf(lo).sum()
      // + stats.halfnorm(scale=2).logpdf(0.6) + log(T[prev, x]).sum() +
      // stats.norm(lo[x], 0.6).logpdf(y).sum()
      {"hmm", "hmm.json",
       R"({"transition": [[0.8, 0.2], [0.3, 0.7]], "locs": [-1, 2], "scale": 0.6, )" +
           indexed_values("x_", 50, [](int t) { return (t / 5) % 2; }) + "}",
       -329.5923255398024},
      // rate = where(arange(112) < 40, 3, 1): log(1 / 112) + stats.expon.logpdf(3) +
      // stats.expon.logpdf(1) + stats.poisson(rate).logpmf(disasters).sum()
      {"change_point", "coal_mining.json", R"({"switch": 40, "early_rate": 3, "late_rate": 1})",
       -178.2007547297012},
      // stats.gamma(0.5).logpdf(tw).sum() + sum(stats.dirichlet(ones(4) / 4).logpdf(r) for r in
      // twd) + sum(stats.dirichlet(tw).logpdf(r) for r in dt) +
      // log(dt[arange(3)[None, :], wt]).sum() + log(twd[wt, data]).sum()
      {"lda",
       R"({"data": [[0, 1, 2], [3, 0, 1], [2, 2, 3], [1, 3, 0], [0, 0, 2]], "num_words": 4,
           "num_topics": 2, "num_docs": 3, "words_per_doc": 5})",
       R"({"topic_weights": [0.5, 1.5], "topic_words": [[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]],
           "doc_topics": [[0.3, 0.7], [0.5, 0.5], [0.9, 0.1]],
           "word_topics": [[0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 1]]})",
       -42.49914415281579},
      // lda_svi.py's model is lda.py's, and lda_sequential.py's the same terms one document at
      // a time (word_topics_d is column d): the same point and log joint.
      {"lda_svi",
       R"({"data": [[0, 1, 2], [3, 0, 1], [2, 2, 3], [1, 3, 0], [0, 0, 2]], "num_words": 4,
           "num_topics": 2, "num_docs": 3, "words_per_doc": 5})",
       R"({"topic_weights": [0.5, 1.5], "topic_words": [[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]],
           "doc_topics": [[0.3, 0.7], [0.5, 0.5], [0.9, 0.1]],
           "word_topics": [[0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 1]]})",
       -42.49914415281579},
      {"lda_sequential",
       R"({"data": [[0, 1, 2], [3, 0, 1], [2, 2, 3], [1, 3, 0], [0, 0, 2]], "num_words": 4,
           "num_topics": 2, "num_docs": 3, "words_per_doc": 5})",
       R"({"topic_weights": [0.5, 1.5], "topic_words": [[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]],
           "doc_topics_0": [0.3, 0.7], "doc_topics_1": [0.5, 0.5], "doc_topics_2": [0.9, 0.1],
           "word_topics_0": [0, 1, 0, 1, 0], "word_topics_1": [1, 1, 0, 0, 1],
           "word_topics_2": [0, 0, 1, 0, 1]})",
       -42.49914415281579},
      // Every weight and bias 0: each of the 89610 is N(0, 1) at 0, and the logits are 0, so
      // each of the 100 labels has probability 1/10 (the subsample is all 100 images, scale 1).
      {"bnn", "fashion_mnist.json",
       QString(R"({"fc1_w": %1, "fc1_b": %2, "fc2_w": %3, "fc2_b": %2, "out_w": %4,
                   "out_b": %5})")
           .arg(zeros(784, 100), repeated("0", 100), zeros(100, 100), zeros(100, 10),
                repeated("0", 10)),
       -half_log_2pi * (784 * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10) + 100 * std::log(0.1)},
      // The decoder's weights and biases 0 make every pixel's probability 1/2; z = 0 is
      // N(0, 1) at 0 in each of 100 x 10 entries.
      {"vae", "fashion_mnist.json",
       QString(R"({"z": %1, "decoder$$$0.weight": %2, "decoder$$$0.bias": %3,
                   "decoder$$$2.weight": %4, "decoder$$$2.bias": %5})")
           .arg(zeros(100, 10), zeros(64, 10), repeated("0", 64), zeros(784, 64),
                repeated("0", 784)),
       -half_log_2pi * 1000 + 100 * 784 * std::log(0.5)},
  };
}

} // namespace

class ExamplesTest : public QObject {
  Q_OBJECT
private:
  QTemporaryDir dir_;

  QString write(const QString& name, const QString& text) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text.toUtf8());
    return path;
  }

  QString data_path(const Case& c) {
    return c.data.endsWith(".json") ? kExamples + c.data : write(c.model + "_data.json", c.data);
  }

private slots:
  void everyExampleIsTested() {
    QStringList tested;
    for (const Case& c : cases())
      tested << c.model + ".py";
    for (const QString& name : QDir(kExamples).entryList({"*.py"}, QDir::Files))
      QVERIFY2(tested.contains(name), qPrintable(name));
    const QString readme = QString::fromUtf8([] {
      QFile f(kExamples + "README.md");
      f.open(QIODevice::ReadOnly);
      return f.readAll();
    }());
    for (const QString& name : tested)
      QVERIFY2(readme.contains(name), qPrintable(name + " is not in examples/README.md"));
  }

  void examplesPassCheck() {
    for (const Case& c : cases()) {
      auto r = kiln::test::run_kiln({"check", kExamples + c.model + ".py", "--data", data_path(c)});
      QVERIFY2(r.status == 0, qPrintable(c.model + ": " + r.err));
      QVERIFY2(r.err.isEmpty(), qPrintable(c.model + ": " + r.err));
    }
    // The examples that take the benchmark data run with it too.
    auto r =
        kiln::test::run_kiln({"check", kExamples + "lda.py", "--data", kExamples + "lda.json"});
    QVERIFY2(r.status == 0 && r.err.isEmpty(), qPrintable(r.err));
  }

  void logprobMatchesIndependentValues() {
    for (const Case& c : cases()) {
      const QString values = write(c.model + "_values.json", c.values);
      auto r = kiln::test::run_kiln(
          {"logprob", kExamples + c.model + ".py", "--data", data_path(c), "--values", values});
      QVERIFY2(r.status == 0, qPrintable(c.model + ": " + r.err));
      const QJsonObject out = QJsonDocument::fromJson(r.out.toUtf8()).object();
      const double log_joint = out["log_joint"].toDouble();
      QVERIFY2(std::abs(log_joint - c.expected) <= 1e-10 * std::abs(c.expected),
               qPrintable(QString("%1: %2, expected %3")
                              .arg(c.model)
                              .arg(log_joint, 0, 'g', 17)
                              .arg(c.expected, 0, 'g', 17)));
      double sum = 0;
      for (const QJsonValue& v : out["sites"].toObject())
        sum += v.toDouble();
      QVERIFY2(std::abs(sum - log_joint) <= 1e-10 * std::abs(log_joint), qPrintable(c.model));
    }
  }
};

QTEST_GUILESS_MAIN(ExamplesTest)
#include "examples_test.moc"
