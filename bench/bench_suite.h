#pragma once
// The workloads of ../shared/BENCHMARKS.md as Kiln runs them: the MCMC ones here (M1 eight
// schools non-centered, M2 logistic regression: NUTS with four chains one after another, seed 1)
// and the SVI ones of bench/svi_workloads.h (S1, S2, S3, S3-seq, B1), the models written in the
// model language (examples/), on the benchmark's data files and one thread. Shared by the
// `kiln_bench` program and `kiln bench`, so both measure the same thing.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace kiln::bench {

struct BenchOptions {
  std::vector<std::string> only; // workload ids to run; empty: all of them
  bool json = false;             // print JSON instead of a table
  std::string data_dir;          // holds eight_schools.json, logistic.json; empty: the default
  // The compiled potential (core/infer/compiled) where the model compiles; false: always the
  // interpreter with autograd (ModelPotential).
  bool compile = true;
  // Shorter SVI runs (see run_svi_workload) for development and tests.
  bool quick = false;
};

struct WorkloadResult {
  std::string id;
  std::string description;
  double min_ess_bulk = 0; // over every coordinate of the named parameters
  std::string min_ess_at;  // the coordinate where it is reached: "theta_raw[3]"
  double sampling_s = 0;   // wall seconds of the kept draws, summed over chains
  double warmup_s = 0;     // wall seconds of warmup, summed over chains
  double cpu_s = 0; // the process CPU seconds of the run (wall times grow under load; CPU holds)
  double ess_per_s = 0;    // min_ess_bulk / sampling_s
  int64_t divergences = 0; // after warmup
  double leapfrog_per_draw = 0;
  std::string potential; // "compiled" or "interpreted"
};

// The workload ids in the order they run: {"M1", "M2", "S1", "S2", "S3", "S3-seq", "B1"}.
std::vector<std::string> workload_ids();

// ../shared/bench-data relative to the source tree this program was built from.
std::string default_data_dir();

// Runs one MCMC workload; a kiln::Error when the id is unknown or the data file is missing.
WorkloadResult run_workload(const std::string& id, const std::string& data_dir,
                            bool compile = true);

// Runs the workloads `options` selects, one after another, and prints their results to `out`
// (tables, or with options.json {"M1": {"ess_per_s", "min_ess_bulk", "sampling_s", "cpu_s",
// "divergences", "potential"}, "S1": {"steps", "steps_per_s", "final_loss", "wall_s", "cpu_s",
// extras...}, ...}; S3-seq gets "ratio_vs_S3_per_doc" when S3 ran too). Sets LibTorch's
// intra-op threads and OpenBLAS's threads to 1. Returns the exit status.
int run_bench(const BenchOptions& options, std::ostream& out);

} // namespace kiln::bench
