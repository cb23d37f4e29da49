// Times the BLAS-bound tensor products Kiln's models spend their time in: a matrix-vector
// product (the linear predictor X w of a regression) and a matrix-matrix product. Run it with
// LD_LIBRARY_PATH pointing at one BLAS or another to compare them; see docs/benchmarks.md.
//
//   kiln_bench_blas [repeats]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

namespace {

// Median seconds per call of `f` over `repeats` timed calls (after two warm-up calls).
template <class F> double median_seconds(int repeats, F&& f) {
  f();
  f();
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 200;
  at::set_num_threads(1);
  at::manual_seed(1);
  std::printf("%-34s %12s %12s\n", "operation (float64, 1 thread)", "median us", "GFLOP/s");
  struct Case {
    const char* label;
    int64_t rows, cols;
  };
  for (const Case c :
       {Case{"matvec 5000x25 (logistic X w)", 5000, 25},
        Case{"matvec 10000x10 (linreg X w)", 10000, 10}, Case{"matvec 1000x1000", 1000, 1000},
        Case{"matvec 4000x4000", 4000, 4000}}) {
    auto a = at::randn({c.rows, c.cols}, at::kDouble);
    auto x = at::randn({c.cols}, at::kDouble);
    const double s = median_seconds(repeats, [&] { (void)at::mv(a, x); });
    std::printf("%-34s %12.1f %12.2f\n", c.label, s * 1e6, 2.0 * c.rows * c.cols / s / 1e9);
  }
  auto a = at::randn({512, 512}, at::kDouble);
  const double s = median_seconds(std::max(5, repeats / 20), [&] { (void)at::mm(a, a); });
  std::printf("%-34s %12.1f %12.2f\n", "matmul 512x512x512", s * 1e6,
              2.0 * 512 * 512 * 512 / s / 1e9);
  return 0;
}
