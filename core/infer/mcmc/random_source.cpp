#include "core/infer/mcmc/random_source.h"

#include <cmath>

#include <ATen/CPUGeneratorImpl.h>

#include "core/util/random.h"

namespace kiln::infer::mcmc {

RandomSource::RandomSource() : gen_(at::check_generator<at::CPUGeneratorImpl>(generator())) {}

double RandomSource::uniform() {
  return static_cast<double>(gen_->random64() >> 11) * 0x1.0p-53;
}

double RandomSource::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // 1 - uniform() lies in (0, 1], so the logarithm is finite.
  const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
  const double angle = 2.0 * M_PI * uniform();
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

} // namespace kiln::infer::mcmc
