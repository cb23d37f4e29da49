#include "app/kiln/bench_command.h"

#include <algorithm>
#include <string>
#include <vector>

#include "bench/bench_suite.h"

namespace kiln::cli {

namespace {

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start)
      ids.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return ids;
}

int run_bench(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  bench::BenchOptions bench_options;
  bench_options.json = options.has("json");
  bench_options.data_dir = options.get("data-dir");
  bench_options.compile = !options.has("no-compile");
  bench_options.quick = options.has("quick");
  const std::vector<std::string> known = bench::workload_ids();
  for (const std::string& id : split_ids(options.get("only"))) {
    if (std::find(known.begin(), known.end(), id) == known.end())
      throw UsageError("kiln bench: --only names '" + id +
                       "', but the workloads are M1, M2, S1, S2, S3, S3-seq, B1");
    bench_options.only.push_back(id);
  }
  return bench::run_bench(bench_options, out);
}

} // namespace

Command bench_command() {
  return {{"bench",
           {},
           "the benchmarks M1, M2 (NUTS, ESS/s), S1-S3, B1 (SVI, steps/s) on one thread",
           "Runs the workloads of the benchmark suite (../shared/BENCHMARKS.md), MCMC: M1, eight\n"
           "schools non-centered, NUTS 1000 warmup + 1000 draws; M2, logistic regression\n"
           "(N=5000, D=25), NUTS 500 + 500. Each runs the example model file on the suite's\n"
           "data with 4 chains one after another on one thread, seed 1, and reports ESS/s: the\n"
           "smallest bulk ESS over the latent sites' coordinates over the sampling seconds\n"
           "(wall time of the kept draws, warmup excluded). The potential is the compiled\n"
           "tier's where the model compiles (--no-compile: the interpreter's). With --json the\n"
           "output is {\"M1\": {\"ess_per_s\", \"min_ess_bulk\", \"sampling_s\", \"cpu_s\",\n"
           "\"divergences\", \"potential\"}, ...}.\n\n"
           "SVI, Adam, seed 1: S1 linear regression (N=10000, D=10, AutoNormal, 3000 steps); S2\n"
           "the Gaussian mixture with enumerated assignments and a MAP guide (1000 steps); S3 LDA\n"
           "with vectorized plates and enumerated word topics (100 steps); S3-seq the same LDA\n"
           "with a sequential document loop over 100 documents (20 steps); B1 a Bayesian neural\n"
           "net on Debian's Fashion-MNIST (AutoNormal, minibatches of 128, 5 epochs). Each\n"
           "reports {\"steps\", \"steps_per_s\", \"final_loss\" (mean of the last 100 steps),\n"
           "\"wall_s\", \"cpu_s\"} and its own figures (B1: \"s_per_epoch\", \"test_accuracy\";\n"
           "S3-seq: \"ratio_vs_S3_per_doc\" when S3 ran too). --quick shortens the SVI runs.",
           {{"only", "IDS", "comma-separated workloads to run, e.g. M1 (default: all)"},
            {"json", "", "print JSON instead of a table"},
            {"data-dir", "DIR",
             "the benchmark data (default: ../shared/bench-data next to Kiln's source tree)"},
            {"quick", "", "short SVI runs for development (not the benchmark's settings)"},
            {"no-compile", "",
             "evaluate the potential with the interpreter and autograd, not the compiled tier"}}},
          run_bench};
}

} // namespace kiln::cli
