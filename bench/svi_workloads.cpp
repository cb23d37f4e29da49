#include "bench/svi_workloads.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include <sys/resource.h>

#include <ATen/ATen.h>

#include "bench/fashion_mnist.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/infer/svi/trace_enum_elbo.h"
#include "core/io/data_file.h"
#include "core/lang/conversions.h"
#include "core/lang/model_file.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/run/svi_run.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::bench {

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

std::shared_ptr<lang::ModelFile> open_model(const std::string& name) {
  const std::string path = std::string(KILN_SOURCE_DIR) + "/examples/" + name;
  lang::DiagnosticSink sink;
  std::shared_ptr<lang::ModelFile> file = lang::ModelFile::open(path, sink);
  if (!file->ok()) {
    std::string message;
    for (const lang::Diagnostic& d : sink.items())
      message += "\n  " + d.message;
    throw Error("kiln bench: " + path + " has errors:" + message);
  }
  return file;
}

lang::DataMap load_data(const std::string& id, const std::string& data_dir) {
  const std::string path = data_dir + "/" + svi_data_file(id);
  if (!std::filesystem::exists(path))
    throw Error("kiln bench: " + id + " needs the benchmark data file " + path +
                " (set the directory with --data-dir)");
  return io::load_data(path);
}

double mean_of_last(const std::vector<double>& xs, size_t n) {
  const size_t tail = std::min(n, xs.size());
  double sum = 0;
  for (size_t i = xs.size() - tail; i < xs.size(); ++i)
    sum += xs[i];
  return tail ? sum / static_cast<double>(tail) : 0.0;
}

// Runs `steps` SVI steps, timing them, and fills the common fields of `result`.
void fit(infer::svi::SVI& svi, int64_t steps, SviResult& result) {
  std::vector<double> losses;
  losses.reserve(static_cast<size_t>(steps));
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < steps; ++i)
    losses.push_back(svi.step());
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.cpu_s = cpu_seconds() - cpu_start;
  result.steps = steps;
  result.steps_per_s = static_cast<double>(steps) / result.wall_s;
  result.final_loss = mean_of_last(losses, 100);
}

std::shared_ptr<infer::svi::Adam> adam(double lr) {
  infer::svi::AdamOptions options;
  options.lr = lr;
  return std::make_shared<infer::svi::Adam>(options);
}

// The bench's settings of `kiln run --algo svi`: seed 1, no posterior draws or medians (they
// are not the steps), the compiled tier unless `compile` is off.
run::SviRunConfig run_config(double lr, int64_t steps, bool compile) {
  run::SviRunConfig config;
  config.lr = lr;
  config.steps = steps;
  config.seed = 1;
  config.posterior_draws = 0;
  config.median_every = 0;
  config.compile = compile;
  return config;
}

// Runs `model` through run_svi, timing the whole call (recording and validating a compiled
// tier included), and fills the common fields of `result`.
run::SviRunResult timed_run(const poutine::Model& model, const run::SviRunConfig& config,
                            SviResult& result) {
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  run::SviRunResult r = run::run_svi(model, config);
  // The posterior draws after the fit are not steps.
  result.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - r.draws_s;
  result.cpu_s = cpu_seconds() - cpu_start - r.draws_s;
  result.steps = config.steps;
  result.steps_per_s = static_cast<double>(config.steps) / result.wall_s;
  result.final_loss = mean_of_last(r.losses, 100);
  result.gradient = r.gradient;
  result.compile_refusal = r.compile_refusal;
  return r;
}

// S1: AutoNormal, Adam 0.01, 3000 steps, as `kiln run --algo svi` runs it; the posterior mean
// of w against the true w.
SviResult run_s1(const std::string& data_dir, bool quick, bool compile, SviResult result) {
  lang::DataMap data = load_data("S1", data_dir);
  const poutine::Model model = open_model("linear_regression.py")->bind(data, "linreg.json");
  run::SviRunConfig config = run_config(0.01, quick ? 300 : 3000, compile);
  config.guide = "AutoNormal";
  const run::SviRunResult r = timed_run(model, config, result);
  const at::Tensor w = r.params->get("AutoNormal.locs.w");
  const at::Tensor truth = lang::to_tensor(data.at("true_w"), "true_w").to(w.dtype());
  result.extras.push_back({"w_max_abs_error", (w - truth).abs().max().item<double>()});
  return result;
}

// S2: TraceEnum_ELBO over the assignments, the file's MAP guide, Adam 0.05, 1000 steps, as
// `kiln run --algo svi --elbo TraceEnum_ELBO --guide-file` runs it.
SviResult run_s2(const std::string& data_dir, bool quick, bool compile, SviResult result) {
  const lang::DataMap data = load_data("S2", data_dir);
  auto file = open_model("gmm_svi.py");
  run::SviRunConfig config = run_config(0.05, quick ? 100 : 1000, compile);
  // AutoDelta on the globals, started as gmm_svi.py's guide starts: the locs at the data's
  // quantiles (k + 1/2) / K, the weights uniform, the scales 1.
  config.guide = "AutoDelta";
  config.elbo = "TraceEnum_ELBO";
  const at::Tensor x = std::get<0>(std::get<at::Tensor>(data.at("x").v).sort());
  const int64_t n = x.size(0), k = std::get<int64_t>(data.at("K").v);
  std::vector<int64_t> quantiles;
  for (int64_t j = 0; j < k; ++j)
    quantiles.push_back((2 * j + 1) * n / (2 * k));
  config.init_values = {{"locs", x.index_select(0, at::tensor(quantiles))},
                        {"weights", at::full({k}, 1.0 / static_cast<double>(k), at::kDouble)},
                        {"scales", at::ones({k}, at::kDouble)}};
  config.posterior_draws = 1; // AutoDelta's draw is its point: the fitted locs
  const run::SviRunResult r = timed_run(file->bind(data, "gmm.json", "model"), config, result);
  const at::Tensor locs = std::get<0>(r.draws.at("locs")[0].sort());
  for (int64_t k = 0; k < locs.size(0); ++k)
    result.extras.push_back({"loc_" + std::to_string(k), locs[k].item<double>()});
  return result;
}

// S3 and S3-seq: TraceEnum_ELBO, Adam 0.01, full batch; S3-seq on the first 100 documents.
SviResult run_lda(const std::string& id, const std::string& data_dir, bool quick,
                  SviResult result) {
  const bool sequential = id == "S3-seq";
  lang::DataMap data = load_data(id, data_dir);
  if (sequential)
    data["num_docs"] = int64_t{100};
  const int64_t docs = std::get<int64_t>(data.at("num_docs").v);
  auto file = open_model(sequential ? "lda_sequential.py" : "lda_svi.py");
  infer::svi::ElboConfig config;
  config.max_plate_nesting = 2;
  infer::svi::SVI svi(file->bind(data, "lda.json", "model"), file->bind(data, "lda.json", "guide"),
                      adam(0.01), std::make_shared<infer::svi::TraceEnum_ELBO>(config));
  fit(svi, sequential ? (quick ? 2 : 20) : (quick ? 10 : 100), result);
  result.extras.push_back(
      {"s_per_doc_step", result.wall_s / static_cast<double>(result.steps * docs)});
  return result;
}

// B1: AutoNormal, Adam 0.001, minibatches of 128 from the model's subsampling plate, 5 epochs
// of ceil(N / 128) steps; accuracy of the predictive averaged over 100 guide draws.
SviResult run_b1(bool quick, bool compile, SviResult result) {
  const std::string dir = default_fashion_mnist_dir();
  const int64_t n = quick ? 1000 : 10000;
  const ImageSet train = load_fashion_mnist(dir, "train", n);
  const ImageSet test = load_fashion_mnist(dir, "t10k", quick ? 1000 : -1);
  lang::DataMap data;
  data["pixels"] = train.pixels;
  data["labels"] = train.labels;
  const int64_t epochs = quick ? 1 : 5;
  const int64_t per_epoch = (n + 127) / 128;
  run::SviRunConfig config = run_config(0.001, epochs * per_epoch, compile);
  config.guide = "AutoNormal";
  config.batch_size = 128;
  config.posterior_draws = quick ? 10 : 100; // for the predictive below
  const run::SviRunResult r = timed_run(open_model("bnn.py")->bind(data, dir), config, result);
  result.extras.push_back({"s_per_epoch", result.wall_s / static_cast<double>(epochs)});
  result.extras.push_back({"final_loss_per_point", result.final_loss / static_cast<double>(n)});

  const poutine::ValueMap& draws = r.draws;
  const at::Tensor x = test.pixels / 255.0;
  at::Tensor probs = at::zeros({x.size(0), 10}, x.options());
  const int64_t samples = draws.at("fc1_w").size(0);
  for (int64_t s = 0; s < samples; ++s) {
    at::Tensor h = at::relu(at::matmul(x, draws.at("fc1_w")[s]) + draws.at("fc1_b")[s]);
    h = at::relu(at::matmul(h, draws.at("fc2_w")[s]) + draws.at("fc2_b")[s]);
    probs += at::softmax(at::matmul(h, draws.at("out_w")[s]) + draws.at("out_b")[s], -1);
  }
  const at::Tensor predicted = probs.argmax(-1);
  result.extras.push_back(
      {"test_accuracy", predicted.eq(test.labels).to(at::kDouble).mean().item<double>()});
  return result;
}

} // namespace

std::vector<std::string> svi_workload_ids() {
  return {"S1", "S2", "S3", "S3-seq", "B1"};
}

std::string svi_data_file(const std::string& id) {
  if (id == "S1")
    return "linreg.json";
  if (id == "S2")
    return "gmm.json";
  if (id == "S3" || id == "S3-seq")
    return "lda.json";
  return "";
}

SviResult run_svi_workload(const std::string& id, const std::string& data_dir, bool quick,
                           bool compile) {
  manual_seed(1);
  poutine::param_store().clear();
  SviResult result;
  result.id = id;
  if (id == "S1") {
    result.description = "linear regression, AutoNormal";
    return run_s1(data_dir, quick, compile, result);
  }
  if (id == "S2") {
    result.description = "GMM K=3, enumerated, MAP guide";
    return run_s2(data_dir, quick, compile, result);
  }
  if (id == "S3") {
    result.description = "LDA, vectorized plates";
    return run_lda(id, data_dir, quick, result);
  }
  if (id == "S3-seq") {
    result.description = "LDA, sequential docs (100)";
    return run_lda(id, data_dir, quick, result);
  }
  if (id == "B1") {
    result.description = "BNN 784-100-100-10, Fashion-MNIST";
    return run_b1(quick, compile, result);
  }
  throw Error("kiln bench: no SVI workload '" + id + "'");
}

} // namespace kiln::bench
