#include "tests/support/fixture.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "core/dist/validation.h"
#include "core/util/random.h"

namespace kiln::test {

void reset(uint64_t seed) {
  kiln::manual_seed(seed);
  kiln::dist::enable_validation(true);
  at::set_num_threads(1);
}

at::Tensor T(double x) {
  return at::scalar_tensor(x, at::kDouble);
}

at::Tensor T(std::initializer_list<double> values) {
  return at::tensor(std::vector<double>(values), at::kDouble);
}

at::Tensor T(std::initializer_list<std::initializer_list<double>> rows) {
  std::vector<at::Tensor> out;
  for (const auto& r : rows)
    out.push_back(T(r));
  return at::stack(out);
}

} // namespace kiln::test
