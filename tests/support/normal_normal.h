#pragma once
// The normal-normal model many tests fit, with its exact posterior: mu ~ Normal(0, 2) and
// x_i ~ Normal(mu, 1) for eight fixed points (sum 11), so mu | x ~ Normal(11 / 8.25, 1 / 8.25)
// (precision 1/4 + 8).

#include <cmath>

#include <ATen/core/Tensor.h>

namespace kiln::test {

// The eight observations.
const at::Tensor& normal_normal_data();

// The model, sites "mu" and "x" (in plate "data").
void normal_normal_model();
// The same with the deterministic site shift = mu + 10 after mu.
void normal_normal_model_with_shift();

inline const double kNormalNormalMean = 11.0 / 8.25;
inline const double kNormalNormalSd = 1.0 / std::sqrt(8.25);

} // namespace kiln::test
