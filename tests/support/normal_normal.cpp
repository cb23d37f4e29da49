#include "tests/support/normal_normal.h"

#include <ATen/ATen.h>

#include "core/dist/continuous/normal.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "tests/support/fixture.h"

namespace kiln::test {

namespace {

void model(bool shift) {
  at::Tensor mu = poutine::sample("mu", dist::Normal(0., 2.));
  if (shift)
    poutine::deterministic("shift", mu + 10.0);
  poutine::Plate n("data", 8);
  poutine::sample("x", dist::Normal(mu, 1.), normal_normal_data());
}

} // namespace

const at::Tensor& normal_normal_data() {
  static const at::Tensor x = T({1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 2.5, 0.8});
  return x;
}

void normal_normal_model() {
  model(false);
}

void normal_normal_model_with_shift() {
  model(true);
}

} // namespace kiln::test
