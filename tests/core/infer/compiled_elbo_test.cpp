// The compiled ELBO (core/infer/compiled/compiled_elbo.h): the same loss and gradient as the
// interpreter's Trace_ELBO at the same seed for a regression under AutoNormal and
// AutoDiagonalNormal; fresh noise on every run; minibatches drawn anew on every run; the same
// posterior from run_svi with and
// without it; and the refusals, each naming its reason.
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "core/dist/continuous/half_normal.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/infer/autoguide/auto_diagonal_normal.h"
#include "core/infer/autoguide/auto_multivariate_normal.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/infer/compiled/compiled_elbo.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/infer/svi/trace_enum_elbo.h"
#include "core/io/data_file.h"
#include "core/lang/model_file.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/run/svi_run.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"
#include "tests/support/normal_normal.h"

using namespace kiln;
using infer::compiled::CompiledElbo;
using infer::compiled::try_compile_elbo;
using test::T;

namespace {

infer::svi::ElboPtr trace_elbo() {
  return std::make_shared<infer::svi::Trace_ELBO>();
}

// y = 1 + X w + noise, 40 points, 3 covariates, sigma ~ HalfNormal(1).
struct Regression {
  at::Tensor x, y;
  Regression() {
    manual_seed(3);
    x = at::randn({40, 3}, generator(), at::kDouble);
    y = 1.0 + at::matmul(x, T({0.5, -1.0, 2.0})) + 0.3 * at::randn({40}, generator(), at::kDouble);
  }
  poutine::Model model() const {
    return [x = x, y = y] {
      auto b = poutine::sample("b", dist::Normal(0., 10.));
      auto w = poutine::sample("w", dist::Normal(T(0.), T(1.)).expand({3})->to_event(1));
      auto sigma = poutine::sample("sigma", dist::HalfNormal(T(1.0)));
      poutine::Plate data("data", 40);
      poutine::sample("y", dist::Normal(b + at::matmul(x, w), sigma), y);
    };
  }
};

// The interpreter's loss and gradient (Trace_ELBO unless `elbo` is given), flat in `names`'
// order.
double interpreted(const poutine::Model& model, const poutine::Model& guide,
                   const std::vector<std::string>& names, std::vector<double>& grad,
                   infer::svi::ElboPtr elbo = trace_elbo()) {
  infer::svi::ElboEstimate e = elbo->estimate(model, guide);
  e.surrogate.backward();
  grad.clear();
  for (const std::string& name : names) {
    at::Tensor leaf = poutine::param_store().unconstrained(name);
    at::Tensor g = leaf.grad().contiguous();
    grad.insert(grad.end(), g.data_ptr<double>(), g.data_ptr<double>() + g.numel());
    leaf.mutable_grad().reset();
  }
  return e.loss;
}

// The compiled loss and gradient at `x` equal the interpreter's (Trace_ELBO) at each seed, to
// 1e-9 relative.
void expect_matches_interpreter(CompiledElbo& elbo, const poutine::Model& model,
                                const poutine::Model& guide, const std::vector<double>& x,
                                std::initializer_list<uint64_t> seeds) {
  std::vector<double> grad(elbo.dim()), ref;
  for (uint64_t seed : seeds) {
    manual_seed(seed);
    const double u_ref = interpreted(model, guide, elbo.params(), ref);
    manual_seed(seed);
    const double u = elbo.loss_and_grad(x.data(), grad.data());
    QVERIFY2(std::abs(u - u_ref) < 1e-9 * std::abs(u_ref),
             qPrintable(QString("%1 vs %2").arg(u).arg(u_ref)));
    for (size_t i = 0; i < grad.size(); ++i)
      QVERIFY2(std::abs(grad[i] - ref[i]) < 1e-9 * (1 + std::abs(ref[i])),
               qPrintable(QString("entry %1: %2 vs %3").arg(i).arg(grad[i]).arg(ref[i])));
  }
}

} // namespace

class CompiledElboTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    test::reset(1);
    poutine::param_store().clear();
  }

  void equalsTheInterpreterAtTheSameSeed() {
    const Regression r;
    const poutine::Model model = r.model();
    std::vector<std::shared_ptr<infer::autoguide::AutoGuide>> guides{
        std::make_shared<infer::autoguide::AutoNormal>(model),
        std::make_shared<infer::autoguide::AutoDiagonalNormal>(model)};
    for (const auto& guide : guides) {
      poutine::param_store().clear();
      const poutine::Model g = guide->as_model();
      infer::svi::Trace_ELBO().loss(model, g); // creates the guide's parameters
      std::string refusal;
      auto elbo = try_compile_elbo(model, g, poutine::param_store(), trace_elbo(), &refusal);
      QVERIFY2(elbo, refusal.c_str());
      std::vector<double> x(elbo->dim()), grad(elbo->dim());
      elbo->read(poutine::param_store(), x.data());
      expect_matches_interpreter(*elbo, model, g, x, {7u, 8u});
      if (QTest::currentTestFailed())
        return;
      // Each run draws new noise: two losses at the same parameters differ.
      const double a = elbo->loss_and_grad(x.data(), grad.data());
      const double b = elbo->loss_and_grad(x.data(), grad.data());
      QVERIFY(a != b);
    }
  }

  // TraceEnum_ELBO: the GMM of examples/gmm_svi.py (z enumerated, a MAP guide with a simplex
  // param, whose stick-breaking is a cumprod), its loss the recorded logsumexp contraction.
  void traceEnumEqualsTheInterpreter() {
    lang::DiagnosticSink sink;
    auto file = lang::ModelFile::open(KILN_SOURCE_DIR "/examples/gmm_svi.py", sink);
    QVERIFY(file->ok());
    const lang::DataMap data = io::load_data(KILN_SOURCE_DIR "/examples/gmm.json");
    const poutine::Model model = file->bind(data, "gmm.json", "model");
    const poutine::Model guide = file->bind(data, "gmm.json", "guide");
    const auto enum_elbo = [] { return std::make_shared<infer::svi::TraceEnum_ELBO>(); };
    enum_elbo()->loss(model, guide); // creates the guide's parameters
    std::string refusal;
    auto elbo = try_compile_elbo(model, guide, poutine::param_store(), enum_elbo(), &refusal);
    QVERIFY2(elbo, refusal.c_str());
    std::vector<double> x(elbo->dim()), grad(elbo->dim()), ref;
    elbo->read(poutine::param_store(), x.data());
    x[0] += 0.3; // away from the initial values, where some gradients vanish
    elbo->write(x.data(), poutine::param_store());
    const double u_ref = interpreted(model, guide, elbo->params(), ref, enum_elbo());
    const double u = elbo->loss_and_grad(x.data(), grad.data());
    QVERIFY2(std::abs(u - u_ref) < 1e-9 * std::abs(u_ref),
             qPrintable(QString("%1 vs %2").arg(u).arg(u_ref)));
    double largest = 0;
    for (size_t i = 0; i < grad.size(); ++i) {
      QVERIFY2(std::abs(grad[i] - ref[i]) < 1e-9 * (1 + std::abs(ref[i])),
               qPrintable(QString("entry %1: %2 vs %3").arg(i).arg(grad[i]).arg(ref[i])));
      largest = std::max(largest, std::abs(ref[i]));
    }
    QVERIFY(largest > 1); // the gradient is not trivially zero
  }

  // A minibatch is an input of the program: a subsampling plate's indices are drawn anew each
  // run (as the interpreter's plate draws them), and the rows and labels they pick are read at
  // run time, through relu and Categorical's take.
  void subsampledModelsCompile() {
    const std::string path = dir_.filePath("classifier.py").toStdString();
    std::ofstream(path)
        << "import torch\nimport pyro\nimport pyro.distributions as dist\n\n\n"
           "def model(x, labels):\n"
           "    w = pyro.sample(\"w\", dist.Normal(0., 1.).expand([3, 4]).to_event(2))\n"
           "    b = pyro.sample(\"b\", dist.Normal(0., 1.).expand([4]).to_event(1))\n"
           "    with pyro.plate(\"data\", x.shape[0], subsample_size=8) as idx:\n"
           "        h = torch.relu(x[idx] @ w + b)\n"
           "        pyro.sample(\"y\", dist.Categorical(logits=h), obs=labels[idx])\n";
    lang::DiagnosticSink sink;
    const std::shared_ptr<lang::ModelFile> file = lang::ModelFile::open(path, sink);
    QVERIFY(file->ok());
    manual_seed(5);
    lang::DataMap data;
    data["x"] = at::randn({30, 3}, generator(), at::kDouble);
    data["labels"] = at::randint(4, {30}, generator(), at::kLong);
    const poutine::Model model = file->bind(data, "", "model");
    auto guide = std::make_shared<infer::autoguide::AutoNormal>(model);
    const poutine::Model g = guide->as_model();
    infer::svi::Trace_ELBO().loss(model, g);
    std::string refusal;
    auto elbo = try_compile_elbo(model, g, poutine::param_store(), trace_elbo(), &refusal);
    QVERIFY2(elbo, refusal.c_str());
    std::vector<double> x(elbo->dim()), grad(elbo->dim());
    elbo->read(poutine::param_store(), x.data());
    expect_matches_interpreter(*elbo, model, g, x, {21u, 22u, 23u});
    if (QTest::currentTestFailed())
      return;
    // Seeded alike, two runs are equal; the next one draws another batch and other noise.
    manual_seed(30);
    const double a = elbo->loss_and_grad(x.data(), grad.data());
    manual_seed(30);
    const double b = elbo->loss_and_grad(x.data(), grad.data());
    const double c = elbo->loss_and_grad(x.data(), grad.data());
    QCOMPARE(a, b);
    QVERIFY(b != c);
  }

  void runSviFitsTheSamePosteriorCompiledOrNot() {
    // Normal mean, known noise (tests/support/normal_normal.h): an exact posterior.
    for (bool compile : {true, false}) {
      run::SviRunConfig c;
      c.lr = 0.02;
      c.steps = 2000;
      c.seed = 4;
      c.posterior_draws = 4000;
      c.compile = compile;
      const run::SviRunResult r = run::run_svi(test::normal_normal_model, c);
      QCOMPARE(r.gradient, std::string(compile ? "compiled" : "interpreted"));
      const at::Tensor mu = r.draws.at("mu");
      // Draws' Monte Carlo error 0.35 / sqrt(4000) = 0.006; the rest is Adam's jitter.
      QVERIFY2(std::abs(mu.mean().item<double>() - test::kNormalNormalMean) < 0.05,
               qPrintable(QString::number(mu.mean().item<double>())));
      QVERIFY(std::abs(mu.std().item<double>() / test::kNormalNormalSd - 1.0) < 0.15);
    }
  }

  void refusesWhatItCannotRecord() {
    std::string why;
    // An op outside the set: AutoMultivariateNormal's density solves a triangular system.
    const Regression r;
    auto mvn = std::make_shared<infer::autoguide::AutoMultivariateNormal>(r.model());
    infer::svi::Trace_ELBO().loss(r.model(), mvn->as_model());
    QVERIFY(
        !try_compile_elbo(r.model(), mvn->as_model(), poutine::param_store(), trace_elbo(), &why));
    QVERIFY2(QString::fromStdString(why).contains("linalg_solve_triangular"), why.c_str());
    poutine::param_store().clear();
    // A guide site without rsample.
    const poutine::Model coin = [] {
      auto z = poutine::sample("z", dist::Bernoulli(dist::Probs{T(0.3)}));
      poutine::sample("x", dist::Normal(z, T(1.)), T(0.5));
    };
    const poutine::Model coin_guide = [] {
      auto p = poutine::param("p", [] { return T(0.5); });
      poutine::sample("z", dist::Bernoulli(dist::Probs{p}));
    };
    infer::svi::Trace_ELBO().loss(coin, coin_guide);
    QVERIFY(!try_compile_elbo(coin, coin_guide, poutine::param_store(), trace_elbo(), &why));
    QVERIFY2(QString::fromStdString(why).contains("not reparameterized"), why.c_str());

    // An integer made from a parameter: the recording would fix the integer.
    const poutine::Model cast = [] {
      auto mu = poutine::sample("mu", dist::Normal(0., 1.));
      const at::Tensor data = at::linspace(0.5, 1.5, 2, at::kDouble);
      poutine::sample("x", dist::Normal(mu, 1.),
                      data.index({(mu.abs() * 0).to(at::kLong).reshape({1})}));
    };
    auto cast_guide = std::make_shared<infer::autoguide::AutoNormal>(cast);
    infer::svi::Trace_ELBO().loss(cast, cast_guide->as_model());
    QVERIFY(!try_compile_elbo(cast, cast_guide->as_model(), poutine::param_store(), trace_elbo(),
                              &why));
    QVERIFY2(QString::fromStdString(why).contains("computes in Long"), why.c_str());

    // Control flow on a value the guide draws: refused at the recording, whichever way the
    // noise of the recording went.
    const std::string path = dir_.filePath("branch.py").toStdString();
    std::ofstream(path)
        << "import torch\nimport pyro\nimport pyro.distributions as dist\n\n\n"
           "def model():\n"
           "    mu = pyro.sample(\"mu\", dist.Normal(0., 1.))\n"
           "    if mu > 0:\n"
           "        pyro.sample(\"x\", dist.Normal(mu, 1.), obs=torch.tensor(0.5))\n"
           "    else:\n"
           "        pyro.sample(\"x\", dist.Normal(mu, 2.), obs=torch.tensor(0.5))\n";
    lang::DiagnosticSink sink;
    const std::shared_ptr<lang::ModelFile> file = lang::ModelFile::open(path, sink);
    QVERIFY(file->ok());
    std::vector<std::string> unused;
    const poutine::Model branchy = file->bind(lang::DataMap{}, "", "model", &unused);
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      poutine::param_store().clear();
      manual_seed(seed);
      auto branchy_guide = std::make_shared<infer::autoguide::AutoNormal>(branchy);
      infer::svi::Trace_ELBO().loss(branchy, branchy_guide->as_model());
      QVERIFY(!try_compile_elbo(branchy, branchy_guide->as_model(), poutine::param_store(),
                                trace_elbo(), &why));
      QVERIFY2(QString::fromStdString(why).contains("value-dependent control flow"), why.c_str());
    }
  }

private:
  QTemporaryDir dir_;
};

QTEST_MAIN(CompiledElboTest)
#include "compiled_elbo_test.moc"
