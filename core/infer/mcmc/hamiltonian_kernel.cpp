#include "core/infer/mcmc/hamiltonian_kernel.h"

#include <cmath>
#include <string>

#include "core/infer/mcmc/step_size_search.h"
#include "core/util/error.h"

namespace kiln::infer::mcmc {

namespace {

KernelConfig checked(KernelConfig config) {
  check_kernel_config(config);
  return config;
}

} // namespace

HamiltonianKernel::HamiltonianKernel(const Potential& potential, KernelConfig config)
    : potential_(potential), config_(checked(config)), mass_(potential.dim(), config_.dense_mass),
      current_(potential.dim()), step_size_(config_.step_size) {}

HamiltonianKernel::~HamiltonianKernel() = default;

void HamiltonianKernel::setup(const std::vector<double>& position, int64_t num_warmup) {
  const int64_t dim = potential_.dim();
  if (static_cast<int64_t>(position.size()) != dim)
    throw ShapeError("MCMC kernel: the initial position has " + std::to_string(position.size()) +
                     " coordinates, but the potential has " + std::to_string(dim));
  if (num_warmup < 0)
    throw DomainError("MCMC kernel: num_warmup is " + std::to_string(num_warmup) +
                      ", but must be non-negative");
  current_.q = position;
  evaluate(potential_, current_);
  if (!std::isfinite(current_.potential))
    throw Error("MCMC kernel: the potential or its gradient is not finite at the initial "
                "position");
  mass_ = MassMatrix(dim, config_.dense_mass);
  step_size_ = config_.step_size;
  iteration_ = 0;
  adapter_ = std::make_unique<WarmupAdapter>(config_, dim, num_warmup);
  if (config_.adapt_step_size && dim > 0) {
    RandomSource random;
    step_size_ = find_reasonable_step_size(potential_, mass_, current_, step_size_, random);
    adapter_->restart_step_size(step_size_);
  }
}

SamplerStats HamiltonianKernel::sample() {
  if (!adapter_)
    throw Error("MCMC kernel: sample() before setup()");
  RandomSource random;
  double step = step_size_;
  if (config_.step_size_jitter > 0.0)
    step *= 1.0 + config_.step_size_jitter * (2.0 * random.uniform() - 1.0);
  SamplerStats stats;
  if (current_.q.empty()) {
    // Nothing to move: every "transition" is accepted at once.
    stats.lp = -current_.potential;
    stats.accept_stat = 1.0;
    stats.energy = current_.potential;
  } else {
    stats = transition(step, random);
  }
  stats.step_size = step;
  // A point with no coordinates has nothing to adapt to.
  if (iteration_ < adapter_->num_warmup() && !current_.q.empty()) {
    WarmupAdapter::Update update =
        adapter_->learn(iteration_, current_.q.data(), stats.accept_stat, step_size_);
    step_size_ = update.step_size;
    if (update.window_closed) {
      mass_.set_inverse(std::move(update.inverse_mass_matrix));
      if (config_.adapt_step_size) {
        step_size_ = find_reasonable_step_size(potential_, mass_, current_, step_size_, random);
        if (iteration_ + 1 < adapter_->num_warmup())
          adapter_->restart_step_size(step_size_);
      }
    }
  }
  ++iteration_;
  return stats;
}

} // namespace kiln::infer::mcmc
