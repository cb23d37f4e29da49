#pragma once
// The SVI workloads of ../shared/BENCHMARKS.md as Kiln runs them: S1 linear regression with
// AutoNormal, S2 the Gaussian mixture with its assignments enumerated (TraceEnum_ELBO) and a MAP
// guide, S3 LDA with vectorized plates, S3-seq the same LDA with a sequential document plate
// (the first 100 documents), B1 a Bayesian neural net on Fashion-MNIST with AutoNormal and
// minibatches. The models are the example files; seed 1; the caller sets the threads.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kiln::bench {

struct SviResult {
  std::string id;
  std::string description;
  int64_t steps = 0;
  double wall_s = 0;      // wall seconds of the SVI steps (no loading, no evaluation)
  double cpu_s = 0;       // process CPU seconds of the steps
  double steps_per_s = 0; // steps / wall_s
  double final_loss = 0;  // the mean loss of the last 100 steps (all of them when fewer)
  // "compiled" where the steps ran through the compiled tier (S1, S2 and B1 with `compile`), else
  // "interpreted".
  std::string gradient = "interpreted";
  std::string compile_refusal; // why interpreted, where the compiled tier was asked for
  // What the workload reports besides: S1 "w_max_abs_error" (posterior mean of w vs the true
  // w), S2 "loc_0".."loc_2" (sorted), S3/S3-seq "s_per_doc_step", B1 "s_per_epoch",
  // "final_loss_per_point", "test_accuracy".
  std::vector<std::pair<std::string, double>> extras;
};

// {"S1", "S2", "S3", "S3-seq", "B1"}.
std::vector<std::string> svi_workload_ids();

// The data file a workload needs in `data_dir` (B1's data is Fashion-MNIST instead: empty).
std::string svi_data_file(const std::string& id);

// Runs one workload. `quick` shortens it for development and tests (S1 300 steps, S2 100, S3
// 10, S3-seq 2, B1 one epoch of 1000 images, 10 predictive samples); the recorded results are
// full runs. `compile`: steps through the compiled ELBO where the workload allows it (the
// recording is timed with the steps). A kiln::Error when a file is missing.
SviResult run_svi_workload(const std::string& id, const std::string& data_dir, bool quick,
                           bool compile = true);

} // namespace kiln::bench
