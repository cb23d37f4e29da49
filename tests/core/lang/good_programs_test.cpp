// The golden good programs (tests/lang/good/*.py) run: the log joint of each model at a given
// point, with data bound from C++, equals the hand formula written here from the densities'
// definitions (no ATen in the formulas).
#include <QtTest/QtTest>

#include <cmath>
#include <vector>

#include <ATen/ATen.h>

#include "core/infer/log_joint.h"
#include "core/lang/model_file.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/lang_files.h"

using namespace kiln;
using kiln::test::T;

namespace {

const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

double normal(double x, double loc, double scale) {
  const double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - kHalfLog2Pi;
}
double half_normal(double x, double scale) {
  return std::log(2.0) + normal(x, 0, scale);
}
double half_cauchy(double x, double scale) {
  return std::log(2 / (M_PI * scale * (1 + (x / scale) * (x / scale))));
}
double log_normal(double x, double loc, double scale) {
  return normal(std::log(x), loc, scale) - std::log(x);
}
double student_t(double x, double df, double loc, double scale) {
  const double z = (x - loc) / scale;
  return std::lgamma((df + 1) / 2) - std::lgamma(df / 2) - 0.5 * std::log(df * M_PI) -
         std::log(scale) - (df + 1) / 2 * std::log1p(z * z / df);
}
double beta(double x, double a, double b) {
  return std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + (a - 1) * std::log(x) +
         (b - 1) * std::log1p(-x);
}
double bernoulli(double y, double p) {
  return y * std::log(p) + (1 - y) * std::log1p(-p);
}
double dirichlet(const std::vector<double>& x, const std::vector<double>& alpha) {
  double lp = 0, total = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    lp += (alpha[i] - 1) * std::log(x[i]) - std::lgamma(alpha[i]);
    total += alpha[i];
  }
  return lp + std::lgamma(total);
}
double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}
double softplus(double x) {
  return std::log1p(std::exp(x));
}

at::Tensor L(std::vector<int64_t> values) {
  return at::tensor(values, at::kLong);
}

// The log joint of `function` of the good program `file` at `values`.
infer::PointLogJoint run(const char* file, const std::string& function, const lang::DataMap& data,
                         const poutine::ValueMap& values) {
  lang::DiagnosticSink sink;
  auto model_file =
      lang::ModelFile::open(kiln::test::lang_dir("good").toStdString() + "/" + file, sink);
  if (!model_file->ok())
    throw Error(std::string(file) + " does not load");
  return infer::log_joint_at(model_file->bind(data, "test data", function), values, "test values");
}

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-10 * (1 + std::abs(b));
}

#define CHECK_CLOSE(actual, expected)                                                              \
  QVERIFY2(close(actual, expected),                                                                \
           qPrintable(QString("%1 vs %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

} // namespace

class GoodProgramsTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void coinFlip() {
    const std::vector<double> flips{1, 0, 1, 1};
    const double f = 0.3;
    double expected = beta(f, 10, 10);
    for (double y : flips)
      expected += bernoulli(y, f);
    for (const char* function : {"model", "vectorized_model"}) {
      auto point =
          run("coin_flip.py", function, {{"data", T({1, 0, 1, 1})}}, {{"latent_fairness", T(f)}});
      CHECK_CLOSE(point.log_joint, expected);
    }
    auto point =
        run("coin_flip.py", "model", {{"data", T({1, 0, 1, 1})}}, {{"latent_fairness", T(f)}});
    QCOMPARE(point.sites.size(), size_t(5));
    QCOMPARE(point.sites[4].name, std::string("obs_3"));
    QVERIFY(point.sites[4].observed && !point.sites[0].observed);
    CHECK_CLOSE(point.sites[1].log_prob, std::log(f));
  }

  void eightSchools() {
    const std::vector<double> y{1, 2, 3}, sigma{1, 2, 1}, raw{0.5, -1, 0.2};
    const double mu = 0.4, tau = 1.7;
    lang::DataMap data{{"J", int64_t(3)}, {"y", T({1, 2, 3})}, {"sigma", T({1, 2, 1})}};
    double expected = normal(mu, 0, 5) + half_cauchy(tau, 5);
    for (int j = 0; j < 3; ++j)
      expected += normal(raw[j], 0, 1) + normal(y[j], mu + tau * raw[j], sigma[j]);
    auto point = run("eight_schools.py", "model", data,
                     {{"mu", T(mu)}, {"tau", T(tau)}, {"theta_raw", T({0.5, -1, 0.2})}});
    CHECK_CLOSE(point.log_joint, expected);
    // Centered, at theta = mu + tau * raw: the prior of theta is N(mu, tau).
    double centered = normal(mu, 0, 5) + half_cauchy(tau, 5);
    std::vector<double> theta;
    for (int j = 0; j < 3; ++j) {
      theta.push_back(mu + tau * raw[j]);
      centered += normal(theta[j], mu, tau) + normal(y[j], theta[j], sigma[j]);
    }
    auto c = run("eight_schools.py", "centered", data,
                 {{"mu", T(mu)}, {"tau", T(tau)}, {"theta", at::tensor(theta, at::kDouble)}});
    CHECK_CLOSE(c.log_joint, centered);
  }

  void gaussianMixture() {
    // model = config_enumerate(model): the assignments are enumerable, and take given values.
    const std::vector<double> x{0.5, -1, 2}, w{0.3, 0.7}, locs{-1, 1};
    const std::vector<int64_t> z{0, 1, 1};
    const double scale = 1.5;
    double expected = dirichlet(w, {0.5, 0.5}) + log_normal(scale, 0, 2) + normal(locs[0], 0, 10) +
                      normal(locs[1], 0, 10);
    for (int n = 0; n < 3; ++n)
      expected += std::log(w[z[n]]) + normal(x[n], locs[z[n]], scale);
    auto point = run("gmm.py", "model", {{"data", T({0.5, -1, 2})}},
                     {{"weights", T({0.3, 0.7})},
                      {"scale", T(scale)},
                      {"locs", T({-1, 1})},
                      {"assignment", L({0, 1, 1})}});
    CHECK_CLOSE(point.log_joint, expected);
  }

  void hierarchicalLogistic() {
    // x is 4 x 2; design() appends a column of ones, so beta has 3 entries.
    const std::vector<std::vector<double>> x{{0.5, -1}, {1, 0.2}, {-0.3, 0.8}, {2, -0.5}};
    const std::vector<int64_t> groups{0, 1, 1, 0};
    const std::vector<double> y{1, 0, 1, 1}, b{0.3, -0.2, 0.1}, alpha{0.4, -0.6};
    const double mu = 0.5, sigma = 1.2;
    double expected = normal(mu, 0, 2.5) + half_cauchy(sigma, 1);
    for (double bj : b)
      expected += student_t(bj, 3, 0, 2.5);
    for (double a : alpha)
      expected += normal(a, mu, sigma);
    for (int n = 0; n < 4; ++n) {
      const double eta = alpha[groups[n]] + x[n][0] * b[0] + x[n][1] * b[1] + b[2];
      expected += bernoulli(y[n], sigmoid(eta));
    }
    lang::DataMap data{{"x", T({{0.5, -1}, {1, 0.2}, {-0.3, 0.8}, {2, -0.5}})},
                       {"groups", L({0, 1, 1, 0})},
                       {"num_groups", int64_t(2)},
                       {"y", T({1, 0, 1, 1})}};
    auto point = run("hierarchical_logistic.py", "model", data,
                     {{"mu", T(mu)},
                      {"sigma", T(sigma)},
                      {"beta", T({0.3, -0.2, 0.1})},
                      {"alpha", T({0.4, -0.6})}});
    CHECK_CLOSE(point.log_joint, expected);
  }

  void hiddenMarkovModel() {
    // Two sequences of lengths 3 and 2 over 3 tones; 4 hidden states.
    const std::vector<std::vector<std::vector<double>>> seq{{{1, 0, 1}, {0, 0, 1}, {1, 1, 0}},
                                                            {{0, 1, 0}, {1, 1, 1}, {0, 0, 0}}};
    const std::vector<int64_t> lengths{3, 2};
    std::vector<std::vector<double>> px(4), py(4);
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < 4; ++c)
        px[r].push_back(r == c ? 0.55 : 0.15);
      for (int d = 0; d < 3; ++d)
        py[r].push_back(0.1 + 0.2 * r + 0.05 * d);
    }
    const std::vector<std::vector<int64_t>> states{{1, 1, 3}, {2, 0}};
    double expected = 0;
    for (int r = 0; r < 4; ++r) {
      std::vector<double> alpha(4, 0.1);
      alpha[r] = 1.0;
      expected += dirichlet(px[r], alpha);
      for (int d = 0; d < 3; ++d)
        expected += beta(py[r][d], 0.1, 0.9);
    }
    poutine::ValueMap values;
    for (int i = 0; i < 2; ++i) {
      int64_t previous = 0;
      for (int t = 0; t < lengths[i]; ++t) {
        const int64_t s = states[i][t];
        expected += std::log(px[previous][s]);
        for (int d = 0; d < 3; ++d)
          expected += bernoulli(seq[i][t][d], py[s][d]);
        values["x_" + std::to_string(i) + "_" + std::to_string(t)] =
            at::scalar_tensor(s, at::kLong);
        previous = s;
      }
    }
    std::vector<double> flat_px, flat_py, flat_seq;
    for (int r = 0; r < 4; ++r) {
      flat_px.insert(flat_px.end(), px[r].begin(), px[r].end());
      flat_py.insert(flat_py.end(), py[r].begin(), py[r].end());
    }
    for (const auto& s : seq)
      for (const auto& step : s)
        flat_seq.insert(flat_seq.end(), step.begin(), step.end());
    values["probs_x"] = at::tensor(flat_px, at::kDouble).reshape({4, 4});
    values["probs_y"] = at::tensor(flat_py, at::kDouble).reshape({4, 3});
    lang::DataMap data{{"sequences", at::tensor(flat_seq, at::kDouble).reshape({2, 3, 3})},
                       {"lengths", L({3, 2})}};
    auto point = run("hmm.py", "model", data, values);
    CHECK_CLOSE(point.log_joint, expected);
  }

  void linearRegression() {
    const std::vector<std::vector<double>> x{{1, 2}, {-1, 0.5}, {0.3, -0.7}};
    const std::vector<double> y{2.5, -1, 0.4}, b{1, -1};
    const double alpha = 0.5, sigma = 0.8;
    double expected =
        normal(alpha, 0, 10) + normal(b[0], 0, 10) + normal(b[1], 0, 10) + half_normal(sigma, 1);
    for (int n = 0; n < 3; ++n)
      expected += normal(y[n], alpha + x[n][0] * b[0] + x[n][1] * b[1], sigma);
    auto point = run("linear_regression.py", "model",
                     {{"x", T({{1, 2}, {-1, 0.5}, {0.3, -0.7}})}, {"y", T({2.5, -1, 0.4})}},
                     {{"alpha", T(alpha)}, {"beta", T({1, -1})}, {"sigma", T(sigma)}});
    CHECK_CLOSE(point.log_joint, expected);
  }

  void variationalAutoencoder() {
    // The decoder's params are given by their site names; the network is z (10) -> 400,
    // softplus -> 784, sigmoid: computed here with loops.
    const int Z = 10, H = 400, X = 784, N = 2;
    auto w0 = [](int k, int i) { return 0.01 * ((k + i) % 5 - 2); };
    auto b0 = [](int k) { return 0.1 - 0.001 * (k % 4); };
    auto w2 = [](int j, int k) { return 0.001 * ((j * k) % 7 - 3); };
    auto b2 = [](int j) { return 0.05 * (j % 3 - 1); };
    auto z = [](int n, int i) { return 0.1 * i - 0.5 + 0.3 * n; };
    auto x = [](int n, int j) { return double((j + n) % 2); };
    std::vector<double> W0, B0, W2, B2, Zs, Xs;
    for (int k = 0; k < H; ++k) {
      for (int i = 0; i < Z; ++i)
        W0.push_back(w0(k, i));
      B0.push_back(b0(k));
    }
    for (int j = 0; j < X; ++j) {
      for (int k = 0; k < H; ++k)
        W2.push_back(w2(j, k));
      B2.push_back(b2(j));
    }
    double expected = 0;
    for (int n = 0; n < N; ++n) {
      std::vector<double> hidden(H);
      for (int i = 0; i < Z; ++i) {
        Zs.push_back(z(n, i));
        expected += normal(z(n, i), 0, 1);
      }
      for (int k = 0; k < H; ++k) {
        double a = b0(k);
        for (int i = 0; i < Z; ++i)
          a += w0(k, i) * z(n, i);
        hidden[k] = softplus(a);
      }
      for (int j = 0; j < X; ++j) {
        double logit = b2(j);
        for (int k = 0; k < H; ++k)
          logit += w2(j, k) * hidden[k];
        Xs.push_back(x(n, j));
        expected += bernoulli(x(n, j), sigmoid(logit));
      }
    }
    auto point = run("vae.py", "model", {{"x", at::tensor(Xs, at::kDouble).reshape({N, X})}},
                     {{"latent", at::tensor(Zs, at::kDouble).reshape({N, Z})},
                      {"decoder$$$0.weight", at::tensor(W0, at::kDouble).reshape({H, Z})},
                      {"decoder$$$0.bias", at::tensor(B0, at::kDouble)},
                      {"decoder$$$2.weight", at::tensor(W2, at::kDouble).reshape({X, H})},
                      {"decoder$$$2.bias", at::tensor(B2, at::kDouble)}});
    CHECK_CLOSE(point.log_joint, expected);
  }
};

QTEST_GUILESS_MAIN(GoodProgramsTest)
#include "good_programs_test.moc"
