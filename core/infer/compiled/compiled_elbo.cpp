#include "core/infer/compiled/compiled_elbo.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/ir.h>

#include "core/infer/compiled/adjoints.h"
#include "core/infer/compiled/forward.h"
#include "core/infer/compiled/lowering.h"
#include "core/infer/compiled/recorder.h"
#include "core/infer/svi/elbo_terms.h"
#include "core/infer/svi/particles.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::infer::compiled {

namespace {

using poutine::Site;

std::string number(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// The generator as it was, restored when the scope ends: recording and validating draw noise.
class KeepGenerator {
public:
  KeepGenerator() : state_(generator().get_state()) {}
  ~KeepGenerator() { generator().set_state(state_); }
  KeepGenerator(const KeepGenerator&) = delete;
  KeepGenerator& operator=(const KeepGenerator&) = delete;

private:
  at::Tensor state_;
};

// What the recording cannot hold, from one interpreted particle: score-function sites.
void refuse_structure(const svi::Particle& particle) {
  for (const Site* s : svi::score_function_sites(particle))
    throw NotSupportedError("compiled ELBO: guide site '" + s->name +
                            "' is not reparameterized (it needs a score-function term)");
}

// The interpreter's loss and gradient (in the flat order of `names`) at the store's values.
double interpreted(svi::ELBO& elbo, const poutine::Model& model, const poutine::Model& guide,
                   const std::vector<std::string>& names, std::vector<double>& grad) {
  svi::ElboEstimate estimate = elbo.estimate(model, guide);
  estimate.surrogate.backward();
  grad.clear();
  for (const std::string& name : names) {
    at::Tensor leaf = poutine::param_store().unconstrained(name);
    at::Tensor g = leaf.grad().defined() ? leaf.grad().to(at::kDouble).contiguous()
                                         : at::zeros_like(leaf, at::kDouble);
    grad.insert(grad.end(), g.data_ptr<double>(), g.data_ptr<double>() + g.numel());
    leaf.mutable_grad().reset();
  }
  return estimate.loss;
}

} // namespace

CompiledElbo::CompiledElbo(const poutine::Model& model, const poutine::Model& guide,
                           const poutine::ParamStore& store, svi::ElboPtr elbo)
    : model_(model), guide_(guide), elbo_(std::move(elbo)) {
  if (elbo_->config().num_particles != 1)
    throw NotSupportedError("compiled ELBO: it records one particle, and the ELBO asks for " +
                            std::to_string(elbo_->config().num_particles));
  const KeepGenerator keep;
  elbo_->loss(model, guide); // settles what the ELBO finds at its first call (plate nesting)
  svi::ElboConfig one;
  const svi::Particle particle = [&] {
    at::NoGradGuard no_grad;
    return svi::draw_particles(one, model, guide).front();
  }();
  refuse_structure(particle);
  for (const std::string& name : svi::read_params(particle)) {
    const at::Tensor u = store.unconstrained(name);
    if (u.scalar_type() != at::kDouble)
      throw NotSupportedError("compiled ELBO: param '" + name + "' is not float64");
    Param p{name, u.sizes().vec(), dim_, u.numel(), store.constraint(name)};
    dim_ += p.numel;
    names_.push_back(name);
    layout_.push_back(std::move(p));
  }
  if (dim_ == 0)
    throw NotSupportedError("compiled ELBO: the model and guide read no parameters");

  std::vector<double> x(dim_);
  read(store, x.data());
  const at::Tensor flat = at::from_blob(x.data(), {dim_}, at::kDouble).clone();
  auto loss = [this](const at::Tensor& input) {
    const NoiseRecording noise; // the guide's draws as ops the tracer records
    return loss_tensor(input);
  };
  std::shared_ptr<torch::jit::Graph> graph;
  try {
    graph = record_function(loss, flat);
  } catch (const NotSupportedError&) {
    throw;
  } catch (const std::exception& e) {
    throw NotSupportedError(std::string("compiled ELBO: recording the loss failed: ") + e.what());
  }
  program_ = lower(*graph, /*noise=*/true);
  // Recorded again at other values, a model that branches on them runs other ops.
  const std::string path = graph->toString(false);
  const at::Tensor moved = flat + 0.3 * at::ones_like(flat);
  if (record_function(loss, moved)->toString(false) != path)
    throw NotSupportedError(
        "compiled ELBO: the model runs other ops at other values of its parameters "
        "(value-dependent control flow), which a recorded program cannot follow");
  values_ = program_.constants;
  grads_.assign(program_.grad_size, 0.0);

  // Same seed, same noise: the program's loss and gradient are the interpreter's.
  auto scratch = std::make_shared<poutine::ParamStore>();
  for (const Param& p : layout_)
    scratch->set(p.name, store.get(p.name).detach(), p.constraint);
  const poutine::ParamStoreScope scope(scratch);
  for (uint64_t seed : {11u, 12u, 13u}) {
    std::vector<double> g_ref, g(dim_);
    manual_seed(seed);
    const double u_ref = interpreted(*elbo_, model, guide, names_, g_ref);
    manual_seed(seed);
    const double u = loss_and_grad(x.data(), g.data());
    if (!std::isfinite(u_ref))
      continue;
    if (!(std::abs(u - u_ref) <= 1e-9 * std::max(1.0, std::abs(u_ref))))
      throw NotSupportedError("compiled ELBO: the recorded program gives the loss " + number(u) +
                              " where the interpreter gives " + number(u_ref));
    double scale = 1;
    for (double v : g_ref)
      scale = std::max(scale, std::abs(v));
    for (int64_t i = 0; i < dim_; ++i)
      if (!(std::abs(g[i] - g_ref[i]) <= 1e-9 * scale))
        throw NotSupportedError("compiled ELBO: the recorded program gives gradient entry " +
                                std::to_string(i) + " = " + number(g[i]) +
                                " where the interpreter gives " + number(g_ref[i]));
  }
}

at::Tensor CompiledElbo::loss_tensor(const at::Tensor& x) const {
  auto views = std::make_shared<poutine::ParamStore>();
  for (const Param& p : layout_)
    views->set_unconstrained(p.name, x.narrow(0, p.offset, p.numel).view(p.shape), p.constraint);
  const poutine::ParamStoreScope scope(views);
  return elbo_->differentiable_loss(model_, guide_);
}

double CompiledElbo::loss_and_grad(const double* x, double* grad) {
  std::copy_n(x, dim_, values_.data() + program_.buffers[program_.input].offset);
  run_forward(program_, values_.data());
  std::fill(grads_.begin(), grads_.end(), 0.0);
  run_backward(program_, values_.data(), grads_.data());
  const int64_t at = program_.buffers[program_.input].grad_offset;
  if (at < 0)
    std::fill_n(grad, dim_, 0.0);
  else
    std::copy_n(grads_.data() + at, dim_, grad);
  return values_[program_.buffers[program_.output].offset];
}

void CompiledElbo::read(const poutine::ParamStore& store, double* x) const {
  for (const Param& p : layout_) {
    const at::Tensor u = store.unconstrained(p.name).detach().to(at::kDouble).contiguous();
    std::copy_n(u.data_ptr<double>(), p.numel, x + p.offset);
  }
}

void CompiledElbo::write(const double* x, poutine::ParamStore& store) const {
  at::NoGradGuard no_grad;
  for (const Param& p : layout_)
    store.unconstrained(p.name).copy_(
        at::from_blob(const_cast<double*>(x + p.offset), p.shape, at::kDouble));
}

std::unique_ptr<CompiledElbo> try_compile_elbo(const poutine::Model& model,
                                               const poutine::Model& guide,
                                               const poutine::ParamStore& store, svi::ElboPtr elbo,
                                               std::string* refusal) {
  try {
    return std::make_unique<CompiledElbo>(model, guide, store, std::move(elbo));
  } catch (const NotSupportedError& e) {
    if (refusal)
      *refusal = e.what();
  } catch (const std::exception& e) {
    if (refusal)
      *refusal = std::string("compiled ELBO: the recorded program cannot be lowered: ") + e.what();
  }
  return nullptr;
}

} // namespace kiln::infer::compiled
