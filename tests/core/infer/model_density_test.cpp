// ModelDensity: the layout of latent sites, the potential against log joints written out by
// hand (closed-form densities here, not the library's log_prob) plus log |det J| computed by
// autograd on the free coordinates, gradients against central differences, scale, mask and
// subsampling, supports that depend on other sites, and the errors.
#include <cmath>
#include <functional>
#include <memory>
#include <string>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/continuous/exponential.h"
#include "core/dist/continuous/half_cauchy.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/continuous/uniform.h"
#include "core/dist/discrete/poisson.h"
#include "core/dist/multivariate/dirichlet.h"
#include "core/dist/multivariate/lkj_cholesky.h"
#include "core/dist/multivariate/multivariate_normal.h"
#include "core/dist/positive/beta.h"
#include "core/infer/model_density.h"
#include "core/poutine/handlers/mask.h"
#include "core/poutine/handlers/scale.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using infer::ModelDensity;
using poutine::sample;

namespace {

const double kLog2Pi = std::log(2 * M_PI);

double log_normal(double x, double loc, double scale) {
  const double z = (x - loc) / scale;
  return -0.5 * kLog2Pi - std::log(scale) - 0.5 * z * z;
}

double log_half_cauchy(double x, double scale) {
  return std::log(2.0 / M_PI) - std::log(scale) - std::log1p((x / scale) * (x / scale));
}

double d(const at::Tensor& t) {
  return t.item<double>();
}

// Eight schools, non-centered (Rubin 1981; the data as in Gelman et al., BDA3 section 5.5).
const std::vector<double> kY = {28, 8, -3, 7, -1, 1, 18, 12};
const std::vector<double> kSigma = {15, 10, 16, 11, 9, 11, 10, 18};

poutine::Model eight_schools() {
  at::Tensor y = at::tensor(kY, at::kDouble), sigma = at::tensor(kSigma, at::kDouble);
  return [y, sigma] {
    at::Tensor mu = sample("mu", dist::Normal(0., 5.));
    at::Tensor tau = sample("tau", dist::HalfCauchy(5.));
    poutine::Plate schools("schools", 8);
    at::Tensor theta_raw = sample("theta_raw", dist::Normal(0., 1.));
    at::Tensor theta = poutine::deterministic("theta", mu + tau * theta_raw);
    sample("obs", dist::Normal(theta, sigma), y);
  };
}

// The potential of eight schools by hand: x = (mu, log tau, theta_raw[8]).
double eight_schools_potential(const at::Tensor& x) {
  const double mu = d(x[0]), log_tau = d(x[1]), tau = std::exp(log_tau);
  double lp = log_normal(mu, 0, 5) + log_half_cauchy(tau, 5) + log_tau; // + log |d tau / dx|
  for (int i = 0; i < 8; ++i) {
    const double raw = d(x[2 + i]);
    lp += log_normal(raw, 0, 1) + log_normal(kY[i], mu + tau * raw, kSigma[i]);
  }
  return -lp;
}

// Dirichlet, LKJ, Beta sites, and observations that use all three.
at::Tensor alpha() {
  return T({1.5, 2., 3.});
}

poutine::Model mixed() {
  return [] {
    at::Tensor w = sample("w", dist::Dirichlet(alpha()));
    at::Tensor L = sample("L", dist::LKJCholesky(3, 1.5));
    at::Tensor p = sample("p", dist::Beta(2., 3.));
    sample("y", dist::Normal((w * T({1., 2., 3.})).sum() + p, 1.), T(2.3));
    sample("v",
           dist::MultivariateNormal(at::zeros({3}, at::kDouble), std::nullopt, std::nullopt, L),
           T({0.3, -0.5, 1.1}));
  };
}

// The log joint of `mixed` at constrained values, by hand.
double mixed_log_joint(const at::Tensor& w, const at::Tensor& L, double p) {
  // Dirichlet: Gamma(sum a) / prod Gamma(a_i) * prod w_i^(a_i - 1).
  const double a[3] = {1.5, 2., 3.};
  double lp = std::lgamma(6.5);
  for (int i = 0; i < 3; ++i)
    lp += -std::lgamma(a[i]) + (a[i] - 1) * std::log(d(w[i]));
  // LKJCholesky(3, eta) on the strict lower entries of L: prod_{i=2..d} L_ii^(d - i + 2 eta - 2)
  // over c_d(eta); log c_3(1.5) from Lewandowski, Kurowicka & Joe (2009) eq. 16:
  // sum_{k=1}^{d-1} [(2 eta - 2 + d - k)(d - k) log 2 + (d - k) log B(b_k, b_k)],
  // b_k = eta + (d - k - 1) / 2 (scipy.special.betaln gives 1.0269468501930161).
  lp += 2 * std::log(d(L[1][1])) + 1 * std::log(d(L[2][2])) - 1.0269468501930161;
  // Beta(2, 3).
  lp += std::lgamma(5.) - std::lgamma(2.) - std::lgamma(3.) + std::log(p) + 2 * std::log1p(-p);
  // y ~ Normal(w . (1, 2, 3) + p, 1) at 2.3.
  lp += log_normal(2.3, d(w[0]) + 2 * d(w[1]) + 3 * d(w[2]) + p, 1.);
  // v ~ MVN(0, L L^T): z = L^-1 v by forward substitution.
  const double v[3] = {0.3, -0.5, 1.1};
  double z[3];
  for (int i = 0; i < 3; ++i) {
    double s = v[i];
    for (int j = 0; j < i; ++j)
      s -= d(L[i][j]) * z[j];
    z[i] = s / d(L[i][i]);
    lp += -0.5 * kLog2Pi - std::log(d(L[i][i])) - 0.5 * z[i] * z[i];
  }
  return lp;
}

// log |det| of the Jacobian of x -> free(forward(x)), by autograd: an independent check of the
// transforms' log_abs_det_jacobian.
using Free = std::function<at::Tensor(const at::Tensor&)>;
double autograd_log_det(const dist::TransformPtr& t, const at::Tensor& x, const Free& free) {
  at::Tensor xr = x.detach().clone().requires_grad_(true);
  at::Tensor y = free(t->forward(xr)).reshape(-1);
  std::vector<at::Tensor> rows;
  for (int64_t j = 0; j < y.size(0); ++j)
    rows.push_back(torch::autograd::grad({y[j]}, {xr}, {}, true)[0].reshape(-1));
  return d(std::get<1>(at::linalg_slogdet(at::stack(rows))));
}

double mixed_potential(const ModelDensity& density, const at::Tensor& x) {
  poutine::ValueMap v = density.constrain(x);
  double lp = mixed_log_joint(v["w"], v["L"], d(v["p"]));
  for (const auto& site : density.sites()) {
    at::Tensor xs = x.narrow(0, site.offset, site.size).view(site.unconstrained_shape);
    Free free = [](const at::Tensor& y) { return y; };
    if (site.name == "w")
      free = [](const at::Tensor& y) { return y.narrow(-1, 0, 2); };
    if (site.name == "L")
      free = [](const at::Tensor& y) { return tril_to_vec(y, -1); };
    lp += autograd_log_det(site.transform, xs, free);
  }
  return -lp;
}

// Central differences of the potential, step h.
at::Tensor numeric_grad(const ModelDensity& density, const at::Tensor& x, double h = 1e-6) {
  at::Tensor g = at::zeros_like(x);
  for (int64_t i = 0; i < x.size(0); ++i) {
    at::Tensor hi = x.clone(), lo = x.clone();
    hi[i] += h;
    lo[i] -= h;
    g[i] = (density.potential(hi) - density.potential(lo)) / (2 * h);
  }
  return g;
}

void check_grad(const ModelDensity& density, const at::Tensor& x) {
  auto [pe, grad] = density.potential_and_grad(x);
  QCOMPARE(pe, density.potential(x));
  at::Tensor numeric = numeric_grad(density, x);
  const double err = d((grad - numeric).abs().max());
  const double scale = std::max(1.0, d(numeric.abs().max()));
  QVERIFY2(err < 1e-6 * scale,
           ("gradient differs from central differences by " + std::to_string(err)).c_str());
}

template <typename E> std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace

class ModelDensityTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(7); }

  void eightSchoolsLayout() {
    ModelDensity density(eight_schools());
    QCOMPARE(density.dim(), int64_t(10));
    const auto& sites = density.sites();
    QCOMPARE(sites.size(), size_t(3));
    QCOMPARE(sites[0].name, std::string("mu"));
    QCOMPARE(sites[1].name, std::string("tau"));
    QCOMPARE(sites[2].name, std::string("theta_raw"));
    QCOMPARE(sites[1].support->name(), std::string("nonnegative")); // as torch's HalfCauchy
    QCOMPARE(sites[2].offset, int64_t(2));
    QCOMPARE(sites[2].size, int64_t(8));
    QCOMPARE(sites[2].shape, (Shape{8}));
    QCOMPARE(density.deterministic_names(), std::vector<std::string>{"theta"});
    QCOMPARE(density.plate_subsamples().count("schools"), size_t(1));
  }

  void eightSchoolsPotentialIsTheLogJointByHand() {
    ModelDensity density(eight_schools());
    for (int k = 0; k < 5; ++k) {
      at::Tensor x = at::randn({10}, generator(), at::kDouble) * 1.5;
      QVERIFY(std::abs(density.potential(x) - eight_schools_potential(x)) < 1e-10);
    }
  }

  void eightSchoolsGradientMatchesFiniteDifferences() {
    ModelDensity density(eight_schools());
    for (int k = 0; k < 3; ++k)
      check_grad(density, at::randn({10}, generator(), at::kDouble));
  }

  void eightSchoolsDeterministics() {
    ModelDensity density(eight_schools());
    at::Tensor x = at::randn({10}, generator(), at::kDouble);
    poutine::ValueMap det = density.deterministics(x);
    QCOMPARE(det.size(), size_t(1));
    at::Tensor expected = x[0] + x[1].exp() * x.narrow(0, 2, 8);
    QVERIFY(at::allclose(det["theta"], expected, 1e-12, 1e-12));
  }

  void mixedSupportsLayout() {
    ModelDensity density(mixed());
    QCOMPARE(density.dim(), int64_t(2 + 3 + 1));
    const auto& s = density.sites();
    QCOMPARE(s[0].shape, (Shape{3}));
    QCOMPARE(s[0].unconstrained_shape, (Shape{2}));
    QCOMPARE(s[1].shape, (Shape{3, 3}));
    QCOMPARE(s[1].unconstrained_shape, (Shape{3}));
    QCOMPARE(s[1].offset, int64_t(2));
    QCOMPARE(s[2].shape, Shape{});
    QCOMPARE(s[2].offset, int64_t(5));
    QVERIFY(!s[0].dynamic_support && !s[1].dynamic_support);
  }

  void mixedPotentialIsTheLogJointByHandPlusJacobian() {
    ModelDensity density(mixed());
    for (int k = 0; k < 5; ++k) {
      at::Tensor x = at::randn({6}, generator(), at::kDouble);
      const double expected = mixed_potential(density, x);
      QVERIFY2(std::abs(density.potential(x) - expected) < 1e-9,
               (std::to_string(density.potential(x)) + " vs " + std::to_string(expected)).c_str());
    }
  }

  void mixedGradientMatchesFiniteDifferences() {
    ModelDensity density(mixed());
    for (int k = 0; k < 3; ++k)
      check_grad(density, at::randn({6}, generator(), at::kDouble));
  }

  void layoutRoundTrips() {
    ModelDensity density(mixed());
    for (int k = 0; k < 5; ++k) {
      poutine::Trace prior = poutine::get_trace(mixed());
      poutine::ValueMap values;
      for (const auto& site : density.sites())
        values[site.name] = prior.at(site.name).value;
      at::Tensor flat = density.unconstrain(values);
      QCOMPARE(flat.sizes().vec(), (Shape{6}));
      poutine::ValueMap back = density.constrain(flat);
      for (const auto& [name, value] : values)
        QVERIFY2(at::allclose(back[name], value, 1e-9, 1e-9), name.c_str());
      QVERIFY(at::allclose(density.unconstrain(back), flat, 1e-9, 1e-9));
    }
    QVERIFY(error_of<Error>([&] {
              density.unconstrain({{"w", alpha() / 6.5}});
            }).find("'L'") != std::string::npos);
    QVERIFY(error_of<ShapeError>([&] {
              density.unconstrain(
                  {{"w", T({0.5, 0.5})}, {"L", at::eye(3, at::kDouble)}, {"p", T(0.5)}});
            }).find("'w'") != std::string::npos);
    QVERIFY(error_of<ShapeError>([&] {
              density.potential(at::zeros({5}, at::kDouble));
            }).find("vector of 6") != std::string::npos);
  }

  // scale, mask (by handler and on a distribution) enter the potential exactly as they enter
  // the trace's log_prob_sum; the Jacobian of a masked latent site stays.
  void scaleAndMaskAsTheTraceHasThem() {
    const at::Tensor obs = T({0.2, -1.0, 0.7, 3.0});
    const at::Tensor keep = at::tensor(std::vector<int64_t>{1, 0, 1, 1}).to(at::kBool);
    poutine::Model model = [obs, keep] {
      at::Tensor mu = sample("mu", dist::Normal(0., 1.));
      sample("sigma", dist::Exponential(1.).mask(false));
      {
        poutine::ScaleHandler scale(2.5);
        poutine::HandlerScope scope(scale);
        sample("a", dist::Normal(mu, 1.), T(0.3));
      }
      poutine::Plate data("data", 4);
      poutine::MaskHandler mask(keep);
      poutine::HandlerScope scope(mask);
      sample("obs", dist::Normal(mu, 1.), obs);
    };
    ModelDensity density(model);
    const at::Tensor x = T({0.4, -0.3});
    const double mu = 0.4;
    double lp = log_normal(mu, 0, 1) + 2.5 * log_normal(0.3, mu, 1) + -0.3; // sigma: Jacobian only
    for (int i : {0, 2, 3})
      lp += log_normal(d(obs[i]), mu, 1);
    QVERIFY(std::abs(density.potential(x) + lp) < 1e-12);
    poutine::Trace trace = poutine::get_trace(poutine::substitute(model, density.constrain(x)));
    QVERIFY(std::abs(density.potential(x) + d(trace.log_prob_sum()) + -0.3) < 1e-12);
    check_grad(density, x);
  }

  // A subsampling plate scales every site inside by size / subsample size.
  void subsampleScaleIsInThePotential() {
    const at::Tensor data = at::linspace(-2, 2, 10, at::kDouble);
    poutine::PlateOptions options;
    options.subsample = at::tensor(std::vector<int64_t>{1, 3, 7});
    poutine::Model model = [data, options] {
      at::Tensor mu = sample("mu", dist::Normal(0., 1.));
      poutine::Plate plate("data", 10, options);
      at::Tensor z = sample("z", dist::Normal(0., 1.));
      sample("obs", dist::Normal(mu + z, 1.), poutine::subsample(data, 0));
    };
    ModelDensity density(model);
    QCOMPARE(density.dim(), int64_t(4));
    const at::Tensor x = T({0.3, -0.2, 0.5, 1.1});
    const int idx[3] = {1, 3, 7};
    double lp = log_normal(0.3, 0, 1);
    for (int i = 0; i < 3; ++i)
      lp += (10.0 / 3.0) *
            (log_normal(d(x[1 + i]), 0, 1) + log_normal(d(data[idx[i]]), 0.3 + d(x[1 + i]), 1));
    QVERIFY(std::abs(density.potential(x) + lp) < 1e-12);
  }

  // A randomly drawn subsample is fixed at construction, so the potential is a function.
  void randomSubsampleIsFixed() {
    const at::Tensor data = at::linspace(-2, 2, 10, at::kDouble);
    poutine::PlateOptions options;
    options.subsample_size = 4;
    poutine::Model model = [data, options] {
      at::Tensor mu = sample("mu", dist::Normal(0., 1.));
      poutine::Plate plate("data", 10, options);
      sample("obs", dist::Normal(mu, 1.), poutine::subsample(data, 0));
    };
    ModelDensity density(model);
    const at::Tensor idx = density.plate_subsamples().at("data");
    QCOMPARE(idx.numel(), int64_t(4));
    const at::Tensor x = T({0.25});
    double lp = log_normal(0.25, 0, 1);
    for (int i = 0; i < 4; ++i)
      lp += 2.5 * log_normal(d(data[idx[i]]), 0.25, 1);
    for (int k = 0; k < 3; ++k)
      QVERIFY(std::abs(density.potential(x) + lp) < 1e-12);
  }

  // Uniform(0, b) with b latent: x is mapped through the support it has at each point.
  void supportThatDependsOnAnotherSite() {
    poutine::Model model = [] {
      at::Tensor b = sample("b", dist::Exponential(1.));
      sample("x", dist::Uniform(0., b));
    };
    ModelDensity density(model);
    QVERIFY(density.sites()[1].dynamic_support);
    for (const auto& [u0, u1] : {std::pair{0.3, -0.4}, std::pair{-1.2, 2.0}}) {
      const double b = std::exp(u0), s = 1 / (1 + std::exp(-u1));
      const double lp = -b - std::log(b) + u0 + std::log(b * s * (1 - s));
      const at::Tensor x = T({u0, u1});
      QVERIFY(std::abs(density.potential(x) + lp) < 1e-12);
      poutine::ValueMap v = density.constrain(x);
      QVERIFY(std::abs(d(v["x"]) - b * s) < 1e-12);
      QVERIFY(at::allclose(density.unconstrain(v), x, 1e-10, 1e-10));
      check_grad(density, x);
    }
  }

  void discreteLatentSiteIsNamed() {
    poutine::Model model = [] {
      sample("mu", dist::Normal(0., 1.));
      sample("k", dist::Poisson(2.));
    };
    const std::string message = error_of<NotSupportedError>([&] { ModelDensity density(model); });
    QVERIFY2(message.find("discrete latent site(s) 'k'") != std::string::npos, message.c_str());
  }

  void changingLatentSitesAreAnError() {
    auto calls = std::make_shared<int>(0);
    poutine::Model vanishing = [calls] {
      sample("mu", dist::Normal(0., 1.));
      if ((*calls)++ == 0)
        sample("a", dist::Normal(0., 1.));
    };
    ModelDensity first(vanishing);
    std::string message = error_of<Error>([&] { first.potential(at::zeros({2}, at::kDouble)); });
    QVERIFY2(message.find("did not reach latent site(s) 'a'") != std::string::npos,
             message.c_str());
    *calls = 0;
    poutine::Model appearing = [calls] {
      sample("mu", dist::Normal(0., 1.));
      if ((*calls)++ > 0)
        sample("b", dist::Normal(0., 1.));
    };
    ModelDensity second(appearing);
    message = error_of<Error>([&] { second.potential(at::zeros({1}, at::kDouble)); });
    QVERIFY2(message.find("latent site 'b' that its first run did not have") != std::string::npos,
             message.c_str());
  }

  // An observation outside its support at some points: potential throws DomainError there, and
  // nonfinite_sites names the site.
  void observationOutsideSupport() {
    poutine::Model model = [] {
      at::Tensor x = sample("x", dist::Normal(0., 1.));
      sample("obs", dist::Uniform(x - 1, x + 1), T(0.5));
    };
    ModelDensity density(model);
    QVERIFY(std::isfinite(density.potential(T({0.})))); // 0.5 lies in (-1, 1)
    QVERIFY(error_of<DomainError>([&] { density.potential(T({3.})); }).find("obs") !=
            std::string::npos);
    QCOMPARE(density.nonfinite_sites(T({3.})), std::vector<std::string>{"obs"});
    QVERIFY(density.nonfinite_sites(T({0.})).empty());
  }
};

QTEST_APPLESS_MAIN(ModelDensityTest)
#include "model_density_test.moc"
