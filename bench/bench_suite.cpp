#include "bench/bench_suite.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <dlfcn.h>
#include <sys/resource.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "bench/fashion_mnist.h"
#include "bench/svi_workloads.h"
#include "core/diagnostics/ess.h"
#include "core/infer/compiled/compiled_potential.h"
#include "core/infer/mcmc/mcmc.h"
#include "core/infer/model_density.h"
#include "core/io/data_file.h"
#include "core/lang/model_file.h"
#include "core/util/error.h"

namespace kiln::bench {

namespace {

struct Workload {
  const char* id;
  const char* description;
  const char* model; // relative to the source tree
  const char* data;  // relative to the data directory
  int64_t num_warmup;
  int64_t num_samples;
};

// BENCHMARKS.md's table: M1 and M2.
const std::vector<Workload>& workloads() {
  static const std::vector<Workload> all = {
      {"M1", "eight schools, non-centered", "examples/eight_schools_noncentered.py",
       "eight_schools.json", 1000, 1000},
      {"M2", "logistic regression, N=5000, D=25", "examples/logistic_regression.py",
       "logistic.json", 500, 500},
  };
  return all;
}

const Workload& find_workload(const std::string& id) {
  auto it = std::find_if(workloads().begin(), workloads().end(),
                         [&](const Workload& w) { return w.id == id; });
  if (it == workloads().end())
    throw Error("kiln bench: no workload '" + id +
                "'; the workloads are M1, M2, S1, S2, S3, S3-seq, B1");
  return *it;
}

// The workload's data file, which must exist.
std::string data_file(const Workload& w, const std::string& data_dir) {
  const std::string path = data_dir + "/" + w.data;
  if (!std::filesystem::exists(path))
    throw Error("kiln bench: " + std::string(w.id) + " needs the benchmark data file " + path +
                " (set the directory with --data-dir)");
  return path;
}

poutine::Model load(const Workload& w, const std::string& data_dir) {
  const std::string model_path = std::string(KILN_SOURCE_DIR) + "/" + w.model;
  const std::string data_path = data_file(w, data_dir);
  lang::DiagnosticSink sink;
  std::shared_ptr<lang::ModelFile> file = lang::ModelFile::open(model_path, sink);
  if (!file->ok()) {
    std::string message;
    for (const lang::Diagnostic& d : sink.items())
      message += "\n  " + d.message;
    throw Error("kiln bench: " + model_path + " has errors:" + message);
  }
  std::vector<std::string> unused; // the data files hold the true values too
  return file->bind(io::load_data(data_path), data_path, "model", &unused);
}

// "w[3]": a coordinate of a site, 0-based as the model language indexes.
std::string coordinate(const std::string& site, const at::IntArrayRef shape, int64_t flat) {
  if (shape.empty())
    return site;
  std::vector<int64_t> idx(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    idx[i] = flat % shape[i];
    flat /= shape[i];
  }
  std::string out = site + "[";
  for (size_t i = 0; i < idx.size(); ++i)
    out += (i ? ", " : "") + std::to_string(idx[i]);
  return out + "]";
}

std::string json_number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// One thread for the BLAS too: OpenBLAS (Debian's libblas.so.3) starts its own threads for a
// mat-vec as large as M2's, which LibTorch's thread setting does not reach. Found at run time, so
// another BLAS behind libblas.so.3 is left as it is.
void single_threaded_blas() {
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set(1);
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

bool is_svi(const std::string& id) {
  const std::vector<std::string> svi = svi_workload_ids();
  return std::find(svi.begin(), svi.end(), id) != svi.end();
}

// Fails before anything runs when a workload's data is missing.
void check_data(const std::string& id, const std::string& data_dir) {
  if (!is_svi(id)) {
    data_file(find_workload(id), data_dir);
    return;
  }
  const std::string file = svi_data_file(id);
  const std::string path = file.empty() ? default_fashion_mnist_dir() : data_dir + "/" + file;
  if (!std::filesystem::exists(path))
    throw Error("kiln bench: " + id + " needs " +
                (file.empty() ? "Fashion-MNIST in " : "the benchmark data file ") + path +
                (file.empty() ? " (Debian's dataset-fashion-mnist)"
                              : " (set the directory with --data-dir)"));
}

void print_svi_table(const std::vector<SviResult>& results, std::ostream& out) {
  out << "\nSVI on one thread, seed 1; final loss = mean loss of the last 100 steps\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-7s %-34s %7s %10s %9s %9s %14s  %s\n", "id", "workload",
                "steps", "steps/s", "wall s", "CPU s", "final loss", "more");
  out << line;
  for (const SviResult& r : results) {
    std::string more;
    for (const auto& [name, value] : r.extras)
      more += (more.empty() ? "" : ", ") + name + " " + json_number(value);
    std::snprintf(line, sizeof line, "%-7s %-34s %7lld %10.2f %9.3f %9.3f %14.6g  %s\n",
                  r.id.c_str(), r.description.c_str(), static_cast<long long>(r.steps),
                  r.steps_per_s, r.wall_s, r.cpu_s, r.final_loss, more.c_str());
    out << line;
  }
  out << std::flush;
}

} // namespace

std::vector<std::string> workload_ids() {
  std::vector<std::string> ids;
  for (const Workload& w : workloads())
    ids.push_back(w.id);
  for (const std::string& id : svi_workload_ids())
    ids.push_back(id);
  return ids;
}

std::string default_data_dir() {
  return std::string(KILN_SOURCE_DIR) + "/../shared/bench-data";
}

WorkloadResult run_workload(const std::string& id, const std::string& data_dir, bool compile) {
  const Workload& w = find_workload(id);
  const infer::ModelDensity density(load(w, data_dir));

  infer::mcmc::MCMCConfig config; // NUTS, target accept 0.8, diagonal mass, tree depth 10
  config.num_chains = 4;
  config.num_warmup = w.num_warmup;
  config.num_samples = w.num_samples;
  config.seed = 1;
  config.chain_method = infer::mcmc::ChainMethod::Sequential;
  const double cpu_start = process_cpu_seconds();
  // Compiling (recording, lowering, validation) counts in the CPU seconds, not in ESS/s.
  if (compile)
    config.potential = infer::compiled::try_compile(density, nullptr);
  const infer::mcmc::MCMCResult run = infer::mcmc::run_mcmc(density, config);
  const double cpu = process_cpu_seconds() - cpu_start;

  WorkloadResult result;
  result.id = w.id;
  result.description = w.description;
  result.cpu_s = cpu;
  result.potential = config.potential ? "compiled" : "interpreted";
  int64_t leapfrogs = 0, draws = 0;
  for (const infer::mcmc::ChainResult& chain : run.chains) {
    result.sampling_s += chain.sampling_s;
    result.warmup_s += chain.warmup_s;
    for (const auto& s : chain.stats)
      leapfrogs += s.n_leapfrog;
    draws += chain.num_draws();
  }
  result.divergences = run.num_divergences();
  result.leapfrog_per_draw = draws ? static_cast<double>(leapfrogs) / draws : 0.0;

  // The parameters BENCHMARKS.md names are the models' latent sites.
  const poutine::ValueMap samples = run.get_samples(/*group_by_chain=*/true);
  result.min_ess_bulk = -1;
  for (const std::string& site : run.latent_sites) {
    const at::Tensor draws_of = samples.at(site).to(at::kDouble); // [chains, draws, ...]
    const at::IntArrayRef shape = draws_of.sizes().slice(2);
    const at::Tensor flat = draws_of.reshape({draws_of.size(0), draws_of.size(1), -1});
    for (int64_t k = 0; k < flat.size(2); ++k) {
      const double ess = diagnostics::ess_bulk(flat.select(2, k).contiguous());
      if (result.min_ess_bulk < 0 || !(ess >= result.min_ess_bulk)) {
        result.min_ess_bulk = ess;
        result.min_ess_at = coordinate(site, shape, k);
      }
    }
  }
  result.ess_per_s = result.min_ess_bulk / result.sampling_s;
  return result;
}

int run_bench(const BenchOptions& options, std::ostream& out) {
  const std::vector<std::string> ids = options.only.empty() ? workload_ids() : options.only;
  const std::string data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  for (const std::string& id : ids) // before anything runs or prints
    check_data(id, data_dir);
  at::set_num_threads(1);
  single_threaded_blas();

  std::vector<WorkloadResult> results;
  std::vector<SviResult> svi_results;
  bool header = false;
  for (const std::string& id : ids) {
    if (is_svi(id)) {
      svi_results.push_back(run_svi_workload(id, data_dir, options.quick, options.compile));
      continue;
    }
    WorkloadResult r = run_workload(id, data_dir, options.compile);
    if (!options.json) {
      char line[200];
      if (!header) {
        out << "NUTS, 4 chains one after another on one thread, seed 1; ESS/s = min bulk ESS "
               "over the latent sites / sampling seconds\n\n";
        std::snprintf(line, sizeof line, "%-4s %-34s %9s %10s %-14s %9s %9s %9s %9s %8s  %s\n",
                      "id", "workload", "ESS/s", "min ESS", "(at)", "sample s", "warmup s", "CPU s",
                      "leapfrog", "diverg.", "potential");
        out << line;
        header = true;
      }
      std::snprintf(line, sizeof line,
                    "%-4s %-34s %9.1f %10.1f %-14s %9.3f %9.3f %9.3f %9.2f %8lld  %s\n",
                    r.id.c_str(), r.description.c_str(), r.ess_per_s, r.min_ess_bulk,
                    r.min_ess_at.c_str(), r.sampling_s, r.warmup_s, r.cpu_s, r.leapfrog_per_draw,
                    static_cast<long long>(r.divergences), r.potential.c_str());
      out << line << std::flush;
    }
    results.push_back(std::move(r));
  }
  // S3-seq's time per document and step over S3's, when both ran.
  auto per_doc = [&](const std::string& id) -> double {
    for (const SviResult& r : svi_results)
      for (const auto& [name, value] : r.extras)
        if (r.id == id && name == "s_per_doc_step")
          return value;
    return 0.0;
  };
  if (per_doc("S3") > 0 && per_doc("S3-seq") > 0)
    for (SviResult& r : svi_results)
      if (r.id == "S3-seq")
        r.extras.push_back({"ratio_vs_S3_per_doc", per_doc("S3-seq") / per_doc("S3")});
  if (!options.json) {
    if (!svi_results.empty())
      print_svi_table(svi_results, out);
    return 0;
  }
  out << "{";
  bool first = true;
  for (const WorkloadResult& r : results) {
    out << (first ? "\n " : ",\n ") << "\"" << r.id
        << "\": {\"ess_per_s\": " << json_number(r.ess_per_s)
        << ", \"min_ess_bulk\": " << json_number(r.min_ess_bulk)
        << ", \"sampling_s\": " << json_number(r.sampling_s)
        << ", \"cpu_s\": " << json_number(r.cpu_s) << ", \"divergences\": " << r.divergences
        << ", \"potential\": \"" << r.potential << "\"}";
    first = false;
  }
  for (const SviResult& r : svi_results) {
    out << (first ? "\n " : ",\n ") << "\"" << r.id << "\": {\"steps\": " << r.steps
        << ", \"steps_per_s\": " << json_number(r.steps_per_s)
        << ", \"final_loss\": " << json_number(r.final_loss)
        << ", \"wall_s\": " << json_number(r.wall_s) << ", \"cpu_s\": " << json_number(r.cpu_s)
        << ", \"gradient\": \"" << r.gradient << "\"";
    if (!r.compile_refusal.empty())
      out << ", \"compile_refusal\": " << nlohmann::json(r.compile_refusal).dump();
    for (const auto& [name, value] : r.extras)
      out << ", \"" << name << "\": " << json_number(value);
    out << "}";
    first = false;
  }
  out << "\n}\n";
  return 0;
}

} // namespace kiln::bench
