// The leapfrog integrator and the metric: reversibility, energy conservation with its
// second-order error, momentum draws with covariance M, and the metric's checks.
#include <cmath>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/infer/mcmc/integrator.h"
#include "core/infer/mcmc/mass_matrix.h"
#include "core/infer/mcmc/random_source.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/gaussian_potential.h"

using namespace kiln;
using namespace kiln::infer::mcmc;
using kiln::test::GaussianPotential;

namespace {

// A correlated 3-D Gaussian: covariance [[2, .6, 0], [.6, 1, -.3], [0, -.3, .5]].
const std::vector<double> kCovariance = {2.0, 0.6, 0.0, 0.6, 1.0, -0.3, 0.0, -0.3, 0.5};

GaussianPotential target() {
  return GaussianPotential::dense({1.0, -1.0, 0.5}, kCovariance);
}

PhasePoint start(const Potential& potential) {
  PhasePoint point(3);
  point.q = {0.3, 0.2, -0.4};
  point.p = {0.5, -1.2, 0.8};
  evaluate(potential, point);
  return point;
}

// The largest |H - H0| over `steps` leapfrog steps of size `eps`.
double max_energy_error(const Potential& potential, const MassMatrix& mass, double eps, int steps) {
  PhasePoint point = start(potential);
  std::vector<double> scratch(3);
  const double h0 = hamiltonian(mass, point, scratch.data());
  double worst = 0.0;
  for (int i = 0; i < steps; ++i) {
    leapfrog(potential, mass, eps, point, scratch.data());
    worst = std::max(worst, std::abs(hamiltonian(mass, point, scratch.data()) - h0));
  }
  return worst;
}

template <typename E, typename F> std::string error_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace

class IntegratorTest : public QObject {
  Q_OBJECT
private slots:
  void init() { kiln::test::reset(3); }

  // Forward L steps, flip the momentum, L steps more, flip again: back where it started, up to
  // rounding, with a diagonal and with a dense metric.
  void leapfrogIsReversible() {
    const GaussianPotential potential = target();
    for (bool dense : {false, true}) {
      MassMatrix mass(3, dense);
      mass.set_inverse(dense ? std::vector<double>{1.5, 0.2, 0.0, 0.2, 0.7, 0.1, 0.0, 0.1, 0.4}
                             : std::vector<double>{1.5, 0.7, 0.4});
      const PhasePoint initial = start(potential);
      PhasePoint point = initial;
      std::vector<double> scratch(3);
      for (int i = 0; i < 50; ++i)
        leapfrog(potential, mass, 0.2, point, scratch.data());
      QVERIFY(std::abs(point.q[0] - initial.q[0]) > 1e-3); // it did move
      for (double& p : point.p)
        p = -p;
      for (int i = 0; i < 50; ++i)
        leapfrog(potential, mass, 0.2, point, scratch.data());
      for (int k = 0; k < 3; ++k) {
        QVERIFY(std::abs(point.q[k] - initial.q[k]) < 1e-10);
        QVERIFY(std::abs(-point.p[k] - initial.p[k]) < 1e-10);
      }
    }
  }

  // The energy error stays bounded over long integrations and shrinks as eps^2 (a second-order
  // symplectic integrator: Neal 2011, section 5.2; Leimkuhler & Reich 2004).
  void leapfrogConservesEnergy() {
    const GaussianPotential potential = target();
    const MassMatrix mass(3, false);
    const double coarse = max_energy_error(potential, mass, 0.1, 2000);
    const double fine = max_energy_error(potential, mass, 0.05, 4000);
    QVERIFY2(coarse < 0.05, std::to_string(coarse).c_str());
    const double ratio = coarse / fine;
    QVERIFY2(ratio > 3.5 && ratio < 4.5, std::to_string(ratio).c_str());
  }

  // One step by hand on U(q) = q^2 / 2 with M^-1 = 4: p1/2 = p - eps q / 2, q1 = q + 4 eps p1/2,
  // p1 = p1/2 - eps q1 / 2.
  void leapfrogStepByHand() {
    const GaussianPotential potential = GaussianPotential::diagonal({0.0}, {1.0});
    MassMatrix mass(1, false);
    mass.set_inverse({4.0});
    PhasePoint point(1);
    point.q = {1.0};
    point.p = {0.5};
    evaluate(potential, point);
    std::vector<double> scratch(1);
    leapfrog(potential, mass, 0.1, point, scratch.data());
    const double half = 0.5 - 0.05 * 1.0, q1 = 1.0 + 0.4 * half, p1 = half - 0.05 * q1;
    QCOMPARE(point.q[0], q1);
    QCOMPARE(point.p[0], p1);
    QCOMPARE(point.potential, 0.5 * q1 * q1);
    QCOMPARE(hamiltonian(mass, point, scratch.data()), 0.5 * q1 * q1 + 0.5 * 4.0 * p1 * p1);
  }

  // Momenta drawn with a dense metric have covariance M = (M^-1)^-1: 40000 draws, each entry
  // within 4.5 standard errors; velocity is M^-1 p.
  void denseMomentumHasCovarianceM() {
    MassMatrix mass(3, true);
    mass.set_inverse(kCovariance);
    RandomSource random;
    const int64_t n = 40000;
    at::Tensor draws = at::empty({n, 3}, at::kDouble);
    double* d = draws.data_ptr<double>();
    for (int64_t i = 0; i < n; ++i)
      mass.sample_momentum(random, d + 3 * i);
    const at::Tensor m = at::linalg_inv(at::tensor(kCovariance, at::kDouble).reshape({3, 3}));
    const at::Tensor sample_cov = draws.t().matmul(draws) / n; // the mean is 0
    // Var of p_i p_j is M_ii M_jj + M_ij^2 for a zero-mean Gaussian.
    const at::Tensor se = ((m.diag().outer(m.diag()) + m * m) / n).sqrt();
    const double z = ((sample_cov - m).abs() / se).max().item<double>();
    QVERIFY2(z < 4.5, std::to_string(z).c_str());
    QVERIFY(draws.mean(0).abs().max().item<double>() < 0.05);

    std::vector<double> p = {1.0, 2.0, 3.0}, v(3);
    mass.velocity(p.data(), v.data());
    QCOMPARE(v[0], 2.0 + 1.2);
    QCOMPARE(v[1], 0.6 + 2.0 - 0.9);
    QCOMPARE(v[2], -0.6 + 1.5);
    QCOMPARE(mass.kinetic_energy(p.data(), v.data()), 0.5 * (3.2 + 2 * 1.7 + 3 * 0.9));
  }

  void massMatrixChecks() {
    MassMatrix diag(2, false);
    QVERIFY(error_of<Error>([&] {
              diag.set_inverse({1.0, -2.0});
            }).find("diagonal entry 1 is -2") != std::string::npos);
    QVERIFY(error_of<ShapeError>([&] { diag.set_inverse({1.0}); }).find("has 1 entries") !=
            std::string::npos);
    MassMatrix dense(2, true);
    QVERIFY(error_of<Error>([&] {
              dense.set_inverse({1.0, 2.0, 2.0, 1.0});
            }).find("not positive definite (pivot 1") != std::string::npos);
    QVERIFY(error_of<Error>([&] {
              dense.set_inverse({1.0, 0.5, 0.4, 1.0});
            }).find("not symmetric at [1, 0]") != std::string::npos);
    dense.set_inverse({4.0, 0.0, 0.0, 9.0}); // a failed set left the identity; this one takes
    QCOMPARE(dense.inverse()[3], 9.0);
  }

  // A potential that throws DomainError, or is not finite, evaluates to +inf.
  void outsideTheDomainIsInfinite() {
    const kiln::test::FunnelPotential funnel(2);
    PhasePoint point(2);
    point.q = {800.0, 1.0}; // exp(-800) underflows: finite potential, but ...
    evaluate(funnel, point);
    QVERIFY(std::isfinite(point.potential));
    point.q = {-800.0, 1.0}; // exp(800) overflows
    evaluate(funnel, point);
    QVERIFY(std::isinf(point.potential) && point.potential > 0);

    struct Throws : Potential {
      int64_t dim() const override { return 1; }
      double value(const double*) const override { throw DomainError("outside"); }
      double value_and_grad(const double*, double*) const override { throw DomainError("outside"); }
    } throws;
    PhasePoint p(1);
    evaluate(throws, p);
    QVERIFY(std::isinf(p.potential));
  }
};

QTEST_APPLESS_MAIN(IntegratorTest)
#include "integrator_test.moc"
