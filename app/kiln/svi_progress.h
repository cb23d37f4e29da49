#pragma once
// The live progress of `kiln run --algo svi` on stderr: the step and the loss smoothed over the
// recent steps (an exponential moving average, as Pyro's tutorials print it). On a terminal the
// line is redrawn in place (at most ten times a second); into a file or pipe, a line is printed
// each time the run passes another tenth of its steps.

#include <chrono>
#include <cstdint>
#include <ostream>

namespace kiln::cli {

class SviProgress {
public:
  SviProgress(std::ostream& err, int64_t steps, bool terminal);

  void update(int64_t step, double loss);
  // Draws the final line (on a terminal); call once the steps are over.
  void finish();

private:
  void print(bool redraw);

  std::ostream& err_;
  const int64_t steps_;
  const bool terminal_;
  int64_t step_ = 0;
  double smoothed_ = 0.0;
  int64_t tenths_reported_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

} // namespace kiln::cli
