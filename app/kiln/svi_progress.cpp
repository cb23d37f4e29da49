#include "app/kiln/svi_progress.h"

#include <cmath>
#include <cstdio>

namespace kiln::cli {

SviProgress::SviProgress(std::ostream& err, int64_t steps, bool terminal)
    : err_(err), steps_(steps), terminal_(terminal) {}

void SviProgress::update(int64_t step, double loss) {
  // The first loss starts the average; a weight of 0.05 spans about the last 20 steps.
  smoothed_ = step_ == 0 || !std::isfinite(smoothed_) ? loss : 0.95 * smoothed_ + 0.05 * loss;
  step_ = step;
  if (terminal_) {
    const auto now = std::chrono::steady_clock::now();
    if (!drawn_ || now - last_draw_ >= std::chrono::milliseconds(100))
      print(true);
    return;
  }
  const int64_t tenths = steps_ > 0 ? step * 10 / steps_ : 10;
  if (tenths > tenths_reported_) {
    tenths_reported_ = tenths;
    print(false);
  }
}

void SviProgress::finish() {
  if (terminal_ && drawn_) {
    print(true);
    err_ << "\n" << std::flush;
  }
}

void SviProgress::print(bool redraw) {
  char text[160];
  std::snprintf(text, sizeof text, "svi  %3lld%%  step %lld/%lld  loss %.6g (smoothed)",
                static_cast<long long>(steps_ > 0 ? step_ * 100 / steps_ : 100),
                static_cast<long long>(step_), static_cast<long long>(steps_), smoothed_);
  if (redraw)
    err_ << "\r\x1b[K" << text << std::flush;
  else
    err_ << text << "\n" << std::flush;
  drawn_ = true;
  last_draw_ = std::chrono::steady_clock::now();
}

} // namespace kiln::cli
