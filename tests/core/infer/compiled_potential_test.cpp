// The compiled tier of MCMC potentials (core/infer/compiled): its value and gradient against
// ModelPotential's on the example models, its refusals (value-dependent control flow, an op
// outside its set, enumerated sites), digamma and trigamma against LibTorch's, and NUTS through
// it against NUTS through the interpreter on eight schools.
#include <cmath>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/mcse.h"
#include "core/infer/compiled/compiled_potential.h"
#include "core/infer/compiled/special_functions.h"
#include "core/infer/mcmc/mcmc.h"
#include "core/infer/mcmc/model_potential.h"
#include "core/infer/model_density.h"
#include "core/io/data_file.h"
#include "core/lang/model_file.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using infer::ModelDensity;
using infer::compiled::CompiledPotential;

namespace {

const std::string kExamples = KILN_SOURCE_DIR "/examples/";

poutine::Model load(const std::string& model_path, const std::string& data_path) {
  lang::DiagnosticSink sink;
  std::shared_ptr<lang::ModelFile> file = lang::ModelFile::open(model_path, sink);
  if (!file->ok())
    throw Error("test model " + model_path + " has errors");
  std::vector<std::string> unused;
  return file->bind(data_path.empty() ? lang::DataMap{} : io::load_data(data_path), data_path,
                    "model", &unused);
}

poutine::Model example(const std::string& model, const std::string& data) {
  return load(kExamples + model, kExamples + data);
}

// The model compiles, and its program's potential and gradient equal the interpreter's at 12
// points to 1e-10.
void expect_compiles_and_matches(const ModelDensity& density) {
  std::string why;
  const auto compiled = infer::compiled::try_compile(density, &why);
  QVERIFY2(compiled, why.c_str());
  const std::string mismatch =
      infer::compiled::compare_with_interpreter(density, *compiled, 12, 1e-10, 3);
  QVERIFY2(mismatch.empty(), mismatch.c_str());
}

// The refusal message for a model, or "" when it compiles.
std::string refusal(const ModelDensity& density) {
  std::string why;
  return infer::compiled::try_compile(density, &why) ? "" : why;
}

} // namespace

class CompiledPotentialTest : public QObject {
  Q_OBJECT
private:
  QTemporaryDir dir_;

  // A model file with `body` as the model's body, no data.
  poutine::Model source_model(const std::string& name, const std::string& body) {
    const std::string path = dir_.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path) << "import torch\nimport pyro\nimport pyro.distributions as dist\n\n\n"
                           "def model():\n"
                        << body;
    return load(path, "");
  }

private slots:
  void init() { test::reset(1); }

  void examplesMatchTheInterpreter() {
    // Every example without enumerated sites compiles; value and gradient agree with
    // ModelPotential's at 12 points other than the constructor's (1e-10 relative).
    const std::pair<const char*, const char*> models[] = {
        {"eight_schools_noncentered.py", "eight_schools.json"},
        {"eight_schools_centered.py", "eight_schools.json"},
        {"coin_flip.py", "coin_flip.json"},
        {"linear_regression.py", "linear_regression.json"},
        {"logistic_regression.py", "logistic_regression.json"},
        {"hierarchical_regression.py", "hierarchical_regression.json"},
        {"poisson_regression.py", "poisson_regression.json"},
        {"ar1.py", "ar1.json"},
    };
    for (const auto& [model, data] : models) {
      const ModelDensity density(example(model, data));
      const CompiledPotential compiled(density);
      QCOMPARE(compiled.dim(), density.dim());
      const std::string mismatch =
          infer::compiled::compare_with_interpreter(density, compiled, 12, 1e-10, 7);
      QVERIFY2(mismatch.empty(), qPrintable(QString(model) + ": " + mismatch.c_str()));
    }
  }

  void specialFunctionsAndMoreOpsMatch() {
    // lgamma and digamma of a parameter (adjoints digamma, trigamma), Gamma and StudentT log
    // densities, clamp, where, sum over a dim, mean, stack, indexing, matmul of two matrices.
    const ModelDensity density(source_model(
        "special.py",
        "    a = pyro.sample(\"a\", dist.Gamma(2., 1.))\n"
        "    z = pyro.sample(\"z\", dist.Normal(torch.zeros(3, 2), 1.).to_event(2))\n"
        "    pyro.sample(\"x\", dist.Gamma(a, 1.5), obs=torch.tensor([0.5, 1.2, 2.0]))\n"
        "    pyro.sample(\"t\", dist.StudentT(a + 1., z[0, 0], 2.), obs=torch.tensor(0.3))\n"
        "    m = z @ torch.tensor([[1., 2.], [0.5, -1.]])\n"
        "    s = torch.stack([m.sum(0), torch.clamp(m, -1., 1.).mean(0)])\n"
        "    w = torch.where(s > 0, s, 2. * s)\n"
        "    pyro.factor(\"f\", torch.digamma(a) + w.sum() - torch.lgamma(a + 0.5))\n"));
    expect_compiles_and_matches(density);
  }

  void logsumexpAndCumprodMatch() {
    // logsumexp over a dim and over all, cumprod along each dim, and cumprod through an exact
    // zero (its adjoint cannot divide by the element there).
    const ModelDensity density(source_model(
        "lse.py", "    a = pyro.sample(\"a\", dist.LogNormal(0., 1.))\n"
                  "    z = pyro.sample(\"z\", dist.Normal(torch.zeros(3, 4), 1.).to_event(2))\n"
                  "    l = torch.logsumexp(z * a, 1).sum() + torch.logsumexp(z, (0, 1))\n"
                  "    c = torch.cumprod(z, 0).sum() + torch.cumprod(z * 0.5, -1).sum()\n"
                  "    zero = torch.cumprod(torch.stack([a, a - a, a + 1., a]), 0).sum()\n"
                  "    pyro.factor(\"f\", l - 0.1 * c + zero)\n"));
    expect_compiles_and_matches(density);
  }

  void erfAndErfcMatch() {
    // A probit likelihood: Phi(x) = erfc(-x / sqrt 2) / 2, and erf of a positive parameter.
    const ModelDensity density(source_model(
        "probit.py", "    b = pyro.sample(\"b\", dist.Normal(0., 1.))\n"
                     "    s = pyro.sample(\"s\", dist.HalfNormal(1.))\n"
                     "    p = 0.5 * torch.erfc(-(b + torch.tensor([-1., 0.5, 2.])) / 2 ** 0.5)\n"
                     "    pyro.sample(\"y\", dist.Bernoulli(p), obs=torch.tensor([0., 1., 1.]))\n"
                     "    pyro.factor(\"f\", torch.log(torch.erf(s)))\n"));
    expect_compiles_and_matches(density);
  }

  void pointValueAndGradientAgree() {
    // One point spelled out: the potential of eight schools (non-centered) at x, compiled and
    // through autograd.
    const ModelDensity density(example("eight_schools_noncentered.py", "eight_schools.json"));
    const CompiledPotential compiled(density);
    const infer::mcmc::ModelPotential interpreted(density);
    std::vector<double> x = {1.5, -0.3, 0.2, -1.0, 0.7, 0.1, -0.4, 2.0, -2.2, 0.05};
    std::vector<double> g(10), g_ref(10);
    const double u = compiled.value_and_grad(x.data(), g.data());
    const double u_ref = interpreted.value_and_grad(x.data(), g_ref.data());
    QVERIFY(std::abs(u - u_ref) <= 1e-10 * std::abs(u_ref));
    QCOMPARE(compiled.value(x.data()), u);
    for (size_t i = 0; i < x.size(); ++i)
      QVERIFY2(std::abs(g[i] - g_ref[i]) <= 1e-10 * (1 + std::abs(g_ref[i])),
               qPrintable(QString::number(i)));
  }

  void refusesValueDependentControlFlow() {
    const ModelDensity density(source_model("branch.py", "    mu = pyro.sample(\"mu\", "
                                                         "dist.Normal(0., 1.))\n"
                                                         "    if mu > 0:\n"
                                                         "        pyro.factor(\"f\", mu)\n"
                                                         "    else:\n"
                                                         "        pyro.factor(\"f\", -mu)\n"));
    const std::string why = refusal(density);
    QVERIFY2(why.find("value-dependent control flow") != std::string::npos, why.c_str());
    QVERIFY_EXCEPTION_THROWN(CompiledPotential{density}, NotSupportedError);
  }

  void refusesAnOpOutsideItsSet() {
    const ModelDensity density(source_model("erfinv.py",
                                            "    mu = pyro.sample(\"mu\", "
                                            "dist.Uniform(-1., 1.))\n"
                                            "    pyro.factor(\"f\", torch.erfinv(mu))\n"));
    const std::string why = refusal(density);
    QVERIFY2(why.find("aten::erfinv is outside the compiled op set") != std::string::npos,
             why.c_str());
  }

  void refusesEnumeratedSites() {
    const ModelDensity density(example("gmm.py", "gmm.json"));
    const std::string why = refusal(density);
    QVERIFY2(why.find("enumerates discrete site 'z'") != std::string::npos, why.c_str());
  }

  void digammaAndTrigammaMatchLibTorch() {
    for (double x : {-2.5, -0.3, 1e-3, 0.5, 1.0, 2.7, 9.99, 10.0, 37.5, 1e4}) {
      const at::Tensor t = at::scalar_tensor(x, at::kDouble);
      const double psi = at::digamma(t).item<double>();
      const double psi1 = at::polygamma(1, t).item<double>();
      QVERIFY2(std::abs(infer::compiled::digamma(x) - psi) <= 1e-13 * (1 + std::abs(psi)),
               qPrintable(QString::number(x)));
      // LibTorch's own algorithm, so the adjoint of digamma agrees with autograd's.
      QVERIFY2(std::abs(infer::compiled::trigamma(x) - psi1) <= 1e-13 * (1 + std::abs(psi1)),
               qPrintable(QString("%1: %2 vs %3")
                              .arg(x)
                              .arg(infer::compiled::trigamma(x), 0, 'g', 17)
                              .arg(psi1, 0, 'g', 17)));
    }
  }

  void severalThreadsAtOnce() {
    // Each concurrent caller gets its own workspace: results equal the sequential ones.
    const ModelDensity density(example("linear_regression.py", "linear_regression.json"));
    const CompiledPotential compiled(density);
    const int64_t dim = density.dim();
    std::vector<std::vector<double>> points(4, std::vector<double>(dim));
    for (size_t k = 0; k < points.size(); ++k)
      for (int64_t i = 0; i < dim; ++i)
        points[k][i] = 0.1 * static_cast<double>(k + 1) * std::sin(static_cast<double>(i));
    std::vector<double> expected(points.size());
    std::vector<double> grad(dim);
    for (size_t k = 0; k < points.size(); ++k)
      expected[k] = compiled.value_and_grad(points[k].data(), grad.data());
    std::vector<double> got(points.size());
    std::vector<std::thread> threads;
    for (size_t k = 0; k < points.size(); ++k)
      threads.emplace_back([&, k] {
        std::vector<double> g(dim);
        for (int rep = 0; rep < 200; ++rep)
          got[k] = compiled.value_and_grad(points[k].data(), g.data());
      });
    for (std::thread& t : threads)
      t.join();
    for (size_t k = 0; k < points.size(); ++k)
      QCOMPARE(got[k], expected[k]);
  }

  void nutsMatchesTheInterpreter() {
    // NUTS on eight schools (non-centered) through both tiers, different seeds: every latent
    // coordinate's posterior mean agrees within 4 combined MCSE.
    const ModelDensity density(example("eight_schools_noncentered.py", "eight_schools.json"));
    auto run = [&](bool compiled, uint64_t seed) {
      infer::mcmc::MCMCConfig config;
      config.num_chains = 2;
      config.num_warmup = 300;
      config.num_samples = 600;
      config.seed = seed;
      if (compiled)
        config.potential = std::make_shared<CompiledPotential>(density);
      return infer::mcmc::run_mcmc(density, config).get_samples(/*group_by_chain=*/true);
    };
    const poutine::ValueMap a = run(true, 11);
    const poutine::ValueMap b = run(false, 12);
    int compared = 0;
    for (const char* site : {"mu", "tau", "theta_raw"}) {
      const at::Tensor da = a.at(site).to(at::kDouble).reshape({2, 600, -1});
      const at::Tensor db = b.at(site).to(at::kDouble).reshape({2, 600, -1});
      for (int64_t k = 0; k < da.size(2); ++k) {
        const at::Tensor xa = da.select(2, k).contiguous(), xb = db.select(2, k).contiguous();
        const double mean_a = xa.mean().item<double>(), mean_b = xb.mean().item<double>();
        const double mcse = std::hypot(diagnostics::mcse_mean(xa), diagnostics::mcse_mean(xb));
        QVERIFY2(std::abs(mean_a - mean_b) <= 4 * mcse,
                 qPrintable(QString("%1[%2]: %3 vs %4, mcse %5")
                                .arg(site)
                                .arg(k)
                                .arg(mean_a)
                                .arg(mean_b)
                                .arg(mcse)));
        ++compared;
      }
    }
    QCOMPARE(compared, 10);
  }
};

QTEST_GUILESS_MAIN(CompiledPotentialTest)
#include "compiled_potential_test.moc"
