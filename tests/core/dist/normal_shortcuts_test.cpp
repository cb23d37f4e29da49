// Normal's log density takes shortcuts on SVI's hot path; each must equal the general formula.
#include <QtTest/QtTest>

#include <torch/csrc/autograd/autograd.h>

#include "core/dist/continuous/normal.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

#include <ATen/ATen.h>

using namespace kiln;
using kiln::test::T;

namespace {

double max_abs(const at::Tensor& t) {
  return t.abs().max().item<double>();
}

// The loss an ELBO would differentiate: the guide's log density of its own reparameterized
// sample plus a model term of the sample; its value and gradient in loc and scale.
std::pair<at::Tensor, std::vector<at::Tensor>> loss_and_grads(bool by_noise, uint64_t seed) {
  const at::Tensor loc = T({0.3, -1.2, 2.0}).requires_grad_(true);
  const at::Tensor log_scale = T({-0.5, 0.1, 0.7}).requires_grad_(true);
  dist::Normal q(loc, log_scale.exp());
  if (by_noise)
    q.score_own_samples_by_noise();
  manual_seed(seed);
  const at::Tensor x = q.rsample({4});
  const at::Tensor loss = q.log_prob(x).sum() - (x * x * 0.7 + x.sin()).sum();
  return {loss.detach(), torch::autograd::grad({loss}, {loc, log_scale})};
}

} // namespace

class NormalShortcutsTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(); }

  // Normal(0., 1.) skips subtracting 0 and dividing by 1, and still broadcasts the value to its
  // batch shape and its dtype.
  void standardPriorGivenAsNumbers() {
    const at::Tensor value = T({-1.5, 0.25, 3.0});
    const auto numbers = dist::Normal(0., 1.).expand({2, 3});
    const auto tensors = dist::Normal(T(0.), T(1.)).expand({2, 3});
    const at::Tensor a = numbers->log_prob(value), b = tensors->log_prob(value);
    QCOMPARE(a.sizes().vec(), (std::vector<int64_t>{2, 3}));
    QVERIFY(max_abs(a - b) < 1e-15);
    QVERIFY(max_abs(a[0] - T({-2.0439385332046727, -0.9501885332046727, -5.418938533204673})) <
            1e-14); // -x^2 / 2 - log(2 pi) / 2, computed in Python
    QCOMPARE(numbers->log_prob(value.to(at::kFloat)).scalar_type(), at::kDouble);
    const at::Tensor other = dist::Normal(2., 0.5).log_prob(value);
    QVERIFY(max_abs(other - dist::Normal(T(2.), T(0.5)).log_prob(value)) < 1e-15);
  }

  // Scored from its noise, a guide's own sample gives the general formula's loss and gradient.
  void ownSampleScoredByNoise() {
    for (uint64_t seed : {1u, 2u, 3u}) {
      const auto [loss, grads] = loss_and_grads(true, seed);
      const auto [loss_ref, grads_ref] = loss_and_grads(false, seed);
      QVERIFY(max_abs(loss - loss_ref) < 1e-12);
      for (size_t i = 0; i < grads.size(); ++i)
        QVERIFY(max_abs(grads[i] - grads_ref[i]) < 1e-12);
    }
    // The shortcut was taken: the density of the noise has no partial in the sample.
    dist::Normal q(T({0.5}).requires_grad_(true), T({2.}).requires_grad_(true));
    q.score_own_samples_by_noise();
    const at::Tensor x = q.rsample();
    const auto partial = torch::autograd::grad({q.log_prob(x).sum()}, {x}, {}, false, false, true);
    QVERIFY(!partial[0].defined());
  }

  // Any other value, or the sample changed in place, takes the general formula.
  void otherValuesTakeTheGeneralFormula() {
    dist::Normal q(T({0.5, -1.}), T({2., 0.3}));
    q.score_own_samples_by_noise();
    const dist::Normal plain(T({0.5, -1.}), T({2., 0.3}));
    at::Tensor x = q.rsample();
    const at::Tensor y = x + 1;
    QVERIFY(max_abs(q.log_prob(y) - plain.log_prob(y)) < 1e-15);
    x.add_(0.25);
    QVERIFY(max_abs(q.log_prob(x) - plain.log_prob(x)) < 1e-15);
  }
};

QTEST_APPLESS_MAIN(NormalShortcutsTest)
#include "normal_shortcuts_test.moc"
