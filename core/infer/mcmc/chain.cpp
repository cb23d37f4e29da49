#include "core/infer/mcmc/chain.h"

#include <chrono>
#include <memory>
#include <optional>

#include <ATen/ATen.h>

#include "core/infer/enum/infer_discrete.h"
#include "core/infer/mcmc/hmc.h"
#include "core/infer/mcmc/nuts.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "core/util/shape.h"

namespace kiln::infer::mcmc {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::unique_ptr<HamiltonianKernel> make_kernel(const Potential& potential,
                                               const MCMCConfig& config) {
  if (config.algorithm == Algorithm::HMC)
    return std::make_unique<HMC>(potential, config.kernel);
  return std::make_unique<NUTS>(potential, config.kernel);
}

// The constrained draw at the kernel's position, built at most once per iteration, and the
// chain's storage of kept draws.
class DrawRecorder {
public:
  DrawRecorder(const ModelDensity& density, int64_t capacity)
      : density_(density), capacity_(capacity),
        unconstrained_(at::empty({capacity, density.dim()}, at::kDouble)) {}

  void new_iteration(const std::vector<double>& position) {
    position_ = &position;
    draw_.reset();
  }

  const poutine::ValueMap& draw() {
    if (!draw_) {
      const at::Tensor flat = at::from_blob(const_cast<double*>(position_->data()),
                                            {static_cast<int64_t>(position_->size())}, at::kDouble)
                                  .clone();
      poutine::ValueMap values = density_.constrain(flat);
      // The marginalized discrete sites, drawn from their conditional at this point.
      if (!density_.enumerated_names().empty())
        for (auto& [name, value] : infer_discrete(density_, flat, 1, generator()))
          values.emplace(name, std::move(value));
      if (!density_.deterministic_names().empty())
        for (auto& [name, value] : density_.deterministics(flat))
          values.emplace(name, std::move(value));
      draw_ = std::move(values);
    }
    return *draw_;
  }

  void keep() {
    const poutine::ValueMap& values = draw();
    if (count_ == 0)
      for (const auto& [name, value] : values) {
        std::vector<int64_t> shape{capacity_};
        shape.insert(shape.end(), value.sizes().begin(), value.sizes().end());
        samples_.emplace(name, at::empty(shape, value.options()));
      }
    if (values.size() < samples_.size())
      throw ShapeError("MCMC: a deterministic site of the first draw is missing from this one; "
                       "the recorded sites must be the same at every draw");
    for (const auto& [name, value] : values) {
      auto it = samples_.find(name);
      if (it == samples_.end())
        throw ShapeError("MCMC: deterministic site '" + name +
                         "' appears in this draw but not in the first; the recorded sites "
                         "must be the same at every draw");
      if (it->second.sizes().slice(1) != value.sizes())
        throw ShapeError("MCMC: site '" + name + "' has shape " +
                         format_shape(value.sizes().vec()) + " in this draw but " +
                         format_shape(it->second.sizes().slice(1).vec()) +
                         " in the first; the draws of a site must share one shape");
      it->second.select(0, count_).copy_(value);
    }
    std::copy(position_->begin(), position_->end(),
              unconstrained_.select(0, count_).data_ptr<double>());
    ++count_;
  }

  // Moves the kept draws into `result`, cut to the number kept.
  void finish(ChainResult& result) {
    for (auto& [name, draws] : samples_)
      result.samples.emplace(name, count_ == capacity_ ? draws : draws.narrow(0, 0, count_));
    if (count_ == 0)
      for (auto& [name, value] : draw_shapes())
        result.samples.emplace(name, std::move(value));
    result.unconstrained = unconstrained_.narrow(0, 0, count_);
  }

private:
  // Empty [0, ...shape] draws of every site, for a chain that kept nothing: the sites' shapes
  // come from a draw at the current position.
  poutine::ValueMap draw_shapes() {
    poutine::ValueMap out;
    for (const auto& [name, value] : draw()) {
      std::vector<int64_t> shape{0};
      shape.insert(shape.end(), value.sizes().begin(), value.sizes().end());
      out.emplace(name, at::empty(shape, value.options()));
    }
    return out;
  }

  const ModelDensity& density_;
  int64_t capacity_;
  int64_t count_ = 0;
  const std::vector<double>* position_ = nullptr;
  std::optional<poutine::ValueMap> draw_;
  poutine::ValueMap samples_;
  at::Tensor unconstrained_;
};

} // namespace

ChainResult run_chain(const ModelDensity& density, const Potential& potential,
                      const MCMCConfig& config, int64_t chain,
                      const std::function<bool()>& stopped) {
  ChainResult result;
  result.chain = chain;
  result.seed = chain_seed(config.seed, chain);
  manual_seed(result.seed);

  const at::Tensor init = initialize(density, config.init_strategy).contiguous();
  std::vector<double> position(init.data_ptr<double>(), init.data_ptr<double>() + init.numel());
  std::unique_ptr<HamiltonianKernel> kernel = make_kernel(potential, config);

  const int64_t capacity = (config.num_samples + config.thin - 1) / config.thin;
  DrawRecorder recorder(density, capacity);
  const int64_t total = config.num_warmup + config.num_samples;
  result.warmup_stats.reserve(config.num_warmup);
  result.stats.reserve(capacity);

  auto start = std::chrono::steady_clock::now();
  kernel->setup(position, config.num_warmup);
  for (int64_t it = 0; it < total && !stopped(); ++it) {
    const bool warmup = it < config.num_warmup;
    if (it == config.num_warmup) {
      result.warmup_s = seconds_since(start);
      start = std::chrono::steady_clock::now();
    }
    const SamplerStats stats = kernel->sample();
    recorder.new_iteration(kernel->position());
    if (warmup) {
      result.warmup_stats.push_back(stats);
      ++result.num_warmup_run;
    } else {
      const int64_t s = it - config.num_warmup;
      if (s % config.thin == 0) {
        recorder.keep();
        result.stats.push_back(stats);
      }
      ++result.num_samples_run;
    }
    if (config.callback)
      config.callback(IterationInfo(
          chain, it, warmup ? Phase::Warmup : Phase::Sampling, stats, kernel->position(),
          [&recorder]() -> const poutine::ValueMap& { return recorder.draw(); }));
  }
  if (result.num_samples_run > 0)
    result.sampling_s = seconds_since(start);
  else
    result.warmup_s = seconds_since(start);

  recorder.new_iteration(kernel->position());
  recorder.finish(result);
  result.step_size = kernel->step_size();
  const std::vector<double>& inverse = kernel->mass_matrix().inverse();
  const int64_t dim = potential.dim();
  result.inverse_mass_matrix =
      at::tensor(at::ArrayRef<double>(inverse), at::kDouble)
          .reshape(kernel->mass_matrix().dense() ? std::vector<int64_t>{dim, dim}
                                                 : std::vector<int64_t>{dim});
  return result;
}

} // namespace kiln::infer::mcmc
