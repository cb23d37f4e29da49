// Times the posterior summary table (core/diagnostics/summary.h) on one thread: 4 chains of 1000
// draws of 100 parameters, for well-mixed draws (iid normal), sticky ones (AR(1) with rho 0.9,
// whose Geyer sequences run long) and a random walk (sequences run to the end of the chains,
// the FFT path). The workbench recomputes this table live, so it must stay well under 50 ms.
//
//   kiln_bench_diagnostics [repeats]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <utility>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "core/diagnostics/summary.h"

namespace {

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Median wall and CPU seconds per call of `f` over `repeats` timed calls (after one warm-up
// call). On a busy machine the CPU time is what one idle core would take.
template <class F> std::pair<double, double> median_seconds(int repeats, F&& f) {
  f();
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    f();
    cpu.push_back(thread_cpu_seconds() - cpu_start);
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// (chains, draws, parameters) AR(1) draws with coefficient rho (rho = 1: a random walk).
at::Tensor ar1(double rho, int64_t chains, int64_t draws, int64_t parameters) {
  const at::Tensor noise = at::randn({chains, draws, parameters}, at::kDouble);
  at::Tensor x = noise.clone();
  for (int64_t t = 1; t < draws; ++t)
    x.select(1, t).add_(x.select(1, t - 1), rho);
  return x;
}

} // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 20;
  at::set_num_threads(1);
  at::manual_seed(1);
  std::printf("%-44s %14s %14s\n", "summary of 4 x 1000 draws x 100 (1 thread)", "median wall ms",
              "median CPU ms");
  const struct {
    const char* name;
    at::Tensor draws;
  } cases[] = {{"iid normal", at::randn({4, 1000, 100}, at::kDouble)},
               {"AR(1), rho 0.9", ar1(0.9, 4, 1000, 100)},
               {"random walk", ar1(1.0, 4, 1000, 100)}};
  for (const auto& c : cases) {
    const auto [wall, cpu] = median_seconds(repeats, [&] {
      kiln::diagnostics::summarize({{"x", c.draws}});
    });
    std::printf("%-44s %14.2f %14.2f\n", c.name, 1e3 * wall, 1e3 * cpu);
  }
  return 0;
}
