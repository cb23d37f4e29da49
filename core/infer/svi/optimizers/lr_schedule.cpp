#include "core/infer/svi/optimizers/lr_schedule.h"

#include <cmath>
#include <string>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::infer::svi {

namespace {

void require_positive(const char* where, const char* what, double x) {
  if (!(x > 0) || !std::isfinite(x))
    throw DomainError(std::string(where) + ": " + what + " is " + format_number(x) +
                      ", but must be positive");
}

} // namespace

StepLR::StepLR(int64_t step_size, double gamma) : step_size_(step_size), gamma_(gamma) {
  require_positive("StepLR", "step_size", static_cast<double>(step_size));
  require_positive("StepLR", "gamma", gamma);
}

double StepLR::lr(double base_lr, int64_t epoch) const {
  return base_lr * std::pow(gamma_, static_cast<double>(epoch / step_size_));
}

ExponentialLR::ExponentialLR(double gamma) : gamma_(gamma) {
  require_positive("ExponentialLR", "gamma", gamma);
}

double ExponentialLR::lr(double base_lr, int64_t epoch) const {
  return base_lr * std::pow(gamma_, static_cast<double>(epoch));
}

CosineAnnealingLR::CosineAnnealingLR(int64_t t_max, double eta_min)
    : t_max_(t_max), eta_min_(eta_min) {
  require_positive("CosineAnnealingLR", "T_max", static_cast<double>(t_max));
  if (!(eta_min >= 0) || !std::isfinite(eta_min))
    throw DomainError("CosineAnnealingLR: eta_min is " + format_number(eta_min) +
                      ", but must be nonnegative");
}

double CosineAnnealingLR::lr(double base_lr, int64_t epoch) const {
  const double pi = std::acos(-1.0);
  return eta_min_ +
         (base_lr - eta_min_) * (1 + std::cos(pi * static_cast<double>(epoch) / t_max_)) / 2;
}

} // namespace kiln::infer::svi
