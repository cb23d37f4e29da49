#pragma once
// Learning-rate schedules as torch.optim.lr_scheduler defines them, as closed forms of the
// number of steps taken (torch's last_epoch; here one optimizer step is one epoch).
#include <cstdint>
#include <memory>

namespace kiln::infer::svi {

class LrSchedule {
public:
  virtual ~LrSchedule() = default;
  // The learning rate after `epoch` steps, from the optimizer's initial rate.
  virtual double lr(double base_lr, int64_t epoch) const = 0;
};

using LrSchedulePtr = std::shared_ptr<const LrSchedule>;

// base_lr * gamma^floor(epoch / step_size).
class StepLR : public LrSchedule {
public:
  explicit StepLR(int64_t step_size, double gamma = 0.1);
  double lr(double base_lr, int64_t epoch) const override;

private:
  int64_t step_size_;
  double gamma_;
};

// base_lr * gamma^epoch.
class ExponentialLR : public LrSchedule {
public:
  explicit ExponentialLR(double gamma);
  double lr(double base_lr, int64_t epoch) const override;

private:
  double gamma_;
};

// eta_min + (base_lr - eta_min) (1 + cos(pi epoch / t_max)) / 2: torch's closed form, which its
// recursive update follows, rising again after t_max with period 2 t_max.
class CosineAnnealingLR : public LrSchedule {
public:
  explicit CosineAnnealingLR(int64_t t_max, double eta_min = 0.0);
  double lr(double base_lr, int64_t epoch) const override;

private:
  int64_t t_max_;
  double eta_min_;
};

} // namespace kiln::infer::svi
