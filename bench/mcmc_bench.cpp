// Times NUTS on the benchmark M1 of ../shared/BENCHMARKS.md, eight schools non-centered: four
// chains one after another on one thread, 1000 warmup + 1000 draws each, seed 1. Prints per
// chain the draws per second and leapfrog steps per draw, the CPU cost of one gradient of the
// potential, and the share of the run's CPU time those gradients take (the rest is the kernel,
// initialization and recording the draws). Wall times count the machine's other work: run it
// on a quiet machine. The model is a C++ lambda, or with --file, a model file run by the
// interpreter.
//
//   kiln_bench_mcmc [--file MODEL.py DATA.json] [--chains N] [--warmup N] [--draws N]
//                   [--seed S] [--dense] [--no-validation]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <memory>
#include <string>
#include <sys/resource.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "core/dist/continuous/half_cauchy.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/validation.h"
#include "core/infer/mcmc/mcmc.h"
#include "core/infer/mcmc/model_potential.h"
#include "core/io/data_file.h"
#include "core/lang/model_file.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/random.h"

using namespace kiln;

namespace {

// Eight schools, non-centered (Rubin 1981), as examples/eight_schools.py writes it.
poutine::Model eight_schools() {
  const at::Tensor y = at::tensor({28., 8., -3., 7., -1., 1., 18., 12.}, at::kDouble);
  const at::Tensor sigma = at::tensor({15., 10., 16., 11., 9., 11., 10., 18.}, at::kDouble);
  return [y, sigma] {
    using poutine::sample;
    at::Tensor mu = sample("mu", dist::Normal(0., 5.));
    at::Tensor tau = sample("tau", dist::HalfCauchy(5.));
    poutine::Plate schools("schools", 8);
    at::Tensor theta_raw = sample("theta_raw", dist::Normal(0., 1.));
    at::Tensor theta = poutine::deterministic("theta", mu + tau * theta_raw);
    sample("obs", dist::Normal(theta, sigma), y);
  };
}

poutine::Model model_file(const std::string& path, const std::string& data_path) {
  lang::DiagnosticSink sink;
  std::shared_ptr<lang::ModelFile> file = lang::ModelFile::open(path, sink);
  if (!file->ok()) {
    for (const lang::Diagnostic& d : sink.items())
      std::fprintf(stderr, "%s\n", d.message.c_str());
    std::exit(1);
  }
  return file->bind(io::load_data(data_path), data_path);
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// CPU microseconds per potential_and_grad at `point`, the median of 5 rounds of 200 (CPU time,
// so that other work on the machine does not inflate it).
double gradient_us(const infer::mcmc::Potential& potential, const at::Tensor& point) {
  std::vector<double> x(point.data_ptr<double>(), point.data_ptr<double>() + point.numel());
  std::vector<double> grad(x.size());
  std::vector<double> rounds;
  for (int r = 0; r < 5; ++r) {
    const double start = thread_cpu_seconds();
    for (int i = 0; i < 200; ++i)
      potential.value_and_grad(x.data(), grad.data());
    rounds.push_back((thread_cpu_seconds() - start) / 200);
  }
  std::sort(rounds.begin(), rounds.end());
  return rounds[2] * 1e6;
}

} // namespace

int main(int argc, char** argv) {
  infer::mcmc::MCMCConfig config;
  config.num_chains = 4;
  config.seed = 1;
  config.chain_method = infer::mcmc::ChainMethod::Sequential;
  std::string file, data;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--file") {
      file = next();
      data = next();
    } else if (arg == "--chains") {
      config.num_chains = std::atoll(next());
    } else if (arg == "--warmup") {
      config.num_warmup = std::atoll(next());
    } else if (arg == "--draws") {
      config.num_samples = std::atoll(next());
    } else if (arg == "--seed") {
      config.seed = std::strtoull(next(), nullptr, 10);
    } else if (arg == "--dense") {
      config.kernel.dense_mass = true;
    } else if (arg == "--no-validation") {
      dist::enable_validation(false);
    } else {
      std::fprintf(stderr, "usage: kiln_bench_mcmc [--file MODEL.py DATA.json] [--chains N] "
                           "[--warmup N] [--draws N] [--seed S] [--dense] [--no-validation]\n");
      return 2;
    }
  }
  at::set_num_threads(1);
  try {
    const infer::ModelDensity density(file.empty() ? eight_schools() : model_file(file, data));
    const infer::mcmc::ModelPotential potential(density);
    manual_seed(config.seed);
    const double grad_us = gradient_us(potential, infer::initialize(density));

    const double cpu_start = process_cpu_seconds();
    const infer::mcmc::MCMCResult result = infer::mcmc::run_mcmc(density, config);
    const double cpu = process_cpu_seconds() - cpu_start;
    std::printf("M1 eight schools (%s), NUTS, %lld chains in sequence, %lld + %lld, seed %llu\n",
                file.empty() ? "C++ lambda" : file.c_str(), (long long)config.num_chains,
                (long long)config.num_warmup, (long long)config.num_samples,
                (unsigned long long)config.seed);
    std::printf("one gradient of the potential: %.1f us (CPU), validation %s\n\n", grad_us,
                dist::is_validation_enabled() ? "on" : "off");
    std::printf("%5s %9s %11s %10s %14s %10s %8s\n", "chain", "warmup s", "sampling s", "draws/s",
                "leapfrog/draw", "step size", "diverg.");
    double sampling = 0, leapfrogs = 0, draws = 0, all_leapfrogs = 0;
    for (const auto& chain : result.chains) {
      double lf = 0;
      for (const auto& s : chain.stats)
        lf += static_cast<double>(s.n_leapfrog);
      const double n = static_cast<double>(chain.num_draws());
      for (const auto& st : chain.warmup_stats)
        all_leapfrogs += static_cast<double>(st.n_leapfrog);
      all_leapfrogs += lf;
      std::printf("%5lld %9.3f %11.3f %10.1f %14.2f %10.4f %8lld\n", (long long)chain.chain + 1,
                  chain.warmup_s, chain.sampling_s, n / chain.sampling_s, lf / n, chain.step_size,
                  (long long)chain.num_divergences());
      sampling += chain.sampling_s;
      leapfrogs += lf;
      draws += n;
    }
    std::printf("\nall chains: %.1f draws/s, %.2f leapfrog steps per draw, %lld divergences\n",
                draws / sampling, leapfrogs / draws, (long long)result.num_divergences());
    // The gradients of every leapfrog step (warmup included) against the run's CPU time; the
    // rest is the kernel, the step size searches, initialization and recording the draws.
    std::printf("CPU %.2f s, of which leapfrog gradients ~%.0f%%\n", cpu,
                100 * all_leapfrogs * grad_us * 1e-6 / cpu);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
