#pragma once
// What every core test starts from: a seeded random stream, validation on, float64.

#include <cstdint>
#include <initializer_list>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::test {

// Seeds the thread's generator and turns validation on; call from each test's init().
void reset(uint64_t seed = 1);

// float64 tensors from literals.
at::Tensor T(double x);
at::Tensor T(std::initializer_list<double> values);
at::Tensor T(std::initializer_list<std::initializer_list<double>> rows);

} // namespace kiln::test
