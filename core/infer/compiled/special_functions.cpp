#include "core/infer/compiled/special_functions.h"

#include <cmath>
#include <limits>

namespace kiln::infer::compiled {

namespace {

constexpr double kPi = 3.14159265358979323846;

} // namespace

double digamma(double x) {
  if (x == 0)
    return std::copysign(std::numeric_limits<double>::infinity(), -x);
  if (x < 0) {
    if (x == std::trunc(x))
      return std::numeric_limits<double>::quiet_NaN();
    // Reflection: psi(1 - x) - psi(x) = pi / tan(pi x).
    return digamma(1 - x) - kPi / std::tan(kPi * x);
  }
  double result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  // The asymptotic series in 1/x^2 (Bernoulli numbers), to x^-14.
  const double z = 1 / (x * x);
  const double series =
      z *
      (1.0 / 12 -
       z * (1.0 / 120 -
            z * (1.0 / 252 - z * (1.0 / 240 - z * (1.0 / 132 - z * (691.0 / 32760 - z / 12.0))))));
  return result + std::log(x) - 0.5 / x - series;
}

double trigamma(double x) {
  // LibTorch's algorithm (six steps of the recurrence, the asymptotic series to x^-7), ~3e-10
  // relative at worst, so that the adjoint of digamma equals autograd's to rounding.
  double sign = 1, result = 0;
  if (x < 0.5) {
    // Reflection: psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x).
    sign = -1;
    const double s = std::sin(kPi * x);
    result -= kPi * kPi / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; ++i) {
    result += 1 / (x * x);
    x += 1;
  }
  const double z = 1 / (x * x);
  result += (1 + 1 / (2 * x) + z * (1.0 / 6 - z * (1.0 / 30 - z * (1.0 / 42)))) / x;
  return sign * result;
}

} // namespace kiln::infer::compiled
