#include "core/infer/compiled/compiled_potential.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/ir.h>

#include "core/dist/validation.h"
#include "core/infer/compiled/adjoints.h"
#include "core/infer/compiled/forward.h"
#include "core/infer/compiled/lowering.h"
#include "core/infer/compiled/recorder.h"
#include "core/util/error.h"

namespace kiln::infer::compiled {

namespace {

// The points validation compares at: around zero (where the recording ran), at a few scales.
std::vector<std::vector<double>> validation_points(int64_t dim, int points, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<std::vector<double>> out;
  for (int k = 0; k < points; ++k) {
    const double scale = k == 0 ? 0.0 : 0.25 * static_cast<double>(1 + k % 4);
    std::vector<double> x(dim);
    for (double& xi : x)
      xi = scale * normal(rng);
    out.push_back(std::move(x));
  }
  return out;
}

std::string number(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// The seed of the points the recording is compared at (compare_with_interpreter's default is
// another).
constexpr uint64_t kRecordingSeed = 5;

void refuse_structure(const ModelDensity& density) {
  if (!density.enumerated_names().empty())
    throw NotSupportedError("compiled potential: the model enumerates discrete site '" +
                            density.enumerated_names().front() +
                            "', whose contraction the compiled tier does not record");
  if (density.dim() == 0)
    throw NotSupportedError("compiled potential: the model has no continuous latent sites");
}

// The recorded graph at `x`; a model error there (a DomainError) is a NotSupportedError.
std::shared_ptr<torch::jit::Graph> record_at(const ModelDensity& density,
                                             const std::vector<double>& x) {
  const at::Tensor flat =
      at::from_blob(const_cast<double*>(x.data()), {static_cast<int64_t>(x.size())}, at::kDouble);
  try {
    return record_potential(density, flat);
  } catch (const std::exception& e) {
    throw NotSupportedError(std::string("compiled potential: recording the potential failed: ") +
                            e.what());
  }
}

} // namespace

CompiledPotential::CompiledPotential(const ModelDensity& density) : dim_(density.dim()) {
  refuse_structure(density);
  const std::vector<std::vector<double>> points = validation_points(dim_, 4, kRecordingSeed);
  const std::shared_ptr<torch::jit::Graph> graph = record_at(density, points[0]);
  program_ = lower(*graph);
  // The interpreter's `if` on a tensor and a number read from one (.item(), float(x)) leave no
  // op in the recording, only their consequences: another path, or other constants. Recorded at
  // other points, such a model gives another graph.
  const std::string path = graph->toString(false);
  for (size_t k = 1; k < points.size(); ++k) {
    std::shared_ptr<torch::jit::Graph> other;
    try {
      other = record_at(density, points[k]);
    } catch (const NotSupportedError&) {
      continue; // outside the model's domain there: the comparison below still runs elsewhere
    }
    if (other->toString(false) != path)
      throw NotSupportedError(
          "compiled potential: the model runs other ops at other values of its parameters "
          "(value-dependent control flow, e.g. `if` on a tensor or a number read with .item() "
          "or float()), which a recorded program cannot follow");
  }
  const std::string mismatch = compare_with_interpreter(density, *this, 7, 1e-10);
  if (!mismatch.empty())
    throw NotSupportedError("compiled potential: " + mismatch);
}

std::unique_ptr<CompiledPotential::Workspace> CompiledPotential::acquire() const {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!pool_.empty()) {
      std::unique_ptr<Workspace> ws = std::move(pool_.back());
      pool_.pop_back();
      return ws;
    }
  }
  auto ws = std::make_unique<Workspace>();
  ws->values = program_.constants;
  ws->grads.assign(program_.grad_size, 0.0);
  return ws;
}

void CompiledPotential::release(std::unique_ptr<Workspace> ws) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  pool_.push_back(std::move(ws));
}

double CompiledPotential::forward(Workspace& ws, const double* x) const {
  std::copy_n(x, dim_, ws.values.data() + program_.buffers[program_.input].offset);
  run_forward(program_, ws.values.data());
  return ws.values[program_.buffers[program_.output].offset];
}

double CompiledPotential::value(const double* x) const {
  std::unique_ptr<Workspace> ws = acquire();
  const double u = forward(*ws, x);
  release(std::move(ws));
  return u;
}

double CompiledPotential::value_and_grad(const double* x, double* grad) const {
  std::unique_ptr<Workspace> ws = acquire();
  const double u = forward(*ws, x);
  std::fill(ws->grads.begin(), ws->grads.end(), 0.0);
  run_backward(program_, ws->values.data(), ws->grads.data());
  const int64_t at = program_.buffers[program_.input].grad_offset;
  std::copy_n(ws->grads.data() + at, dim_, grad);
  release(std::move(ws));
  return u;
}

std::string compare_with_interpreter(const ModelDensity& density, const mcmc::Potential& potential,
                                     int points, double tolerance, uint64_t seed) {
  const dist::ValidationScope unchecked(false);
  const int64_t dim = density.dim();
  int compared = 0;
  for (const std::vector<double>& x : validation_points(dim, points, seed)) {
    double u_ref = 0;
    at::Tensor g_ref;
    try {
      const at::Tensor flat = at::from_blob(const_cast<double*>(x.data()), {dim}, at::kDouble);
      std::tie(u_ref, g_ref) = density.potential_and_grad(flat.clone());
    } catch (const DomainError&) {
      continue;
    }
    g_ref = g_ref.to(at::kDouble).contiguous();
    const double* gr = g_ref.data_ptr<double>();
    if (!std::isfinite(u_ref) ||
        !std::all_of(gr, gr + dim, [](double v) { return std::isfinite(v); }))
      continue;
    std::vector<double> g(dim);
    const double u = potential.value_and_grad(x.data(), g.data());
    const double value_only = potential.value(x.data());
    ++compared;
    if (!(std::abs(u - u_ref) <= tolerance * std::max(1.0, std::abs(u_ref))) || !(value_only == u))
      return "the recorded program gives the potential " + number(u) + " where the model gives " +
             number(u_ref) + " (point " + std::to_string(compared) + ")";
    double scale = 1;
    for (int64_t i = 0; i < dim; ++i)
      scale = std::max(scale, std::abs(gr[i]));
    for (int64_t i = 0; i < dim; ++i)
      if (!(std::abs(g[i] - gr[i]) <= tolerance * scale))
        return "the recorded program gives gradient entry " + std::to_string(i) + " = " +
               number(g[i]) + " where the model gives " + number(gr[i]) + " (point " +
               std::to_string(compared) + ")";
  }
  if (compared < 3)
    return "only " + std::to_string(compared) + " of " + std::to_string(points) +
           " validation points have a finite potential and gradient; the program cannot be "
           "checked";
  return "";
}

std::shared_ptr<const mcmc::Potential> try_compile(const ModelDensity& density,
                                                   std::string* refusal) {
  try {
    return std::make_shared<CompiledPotential>(density);
  } catch (const NotSupportedError& e) {
    if (refusal)
      *refusal = e.what();
  } catch (const std::exception& e) {
    // LibTorch's errors while lowering (an op's arguments the lowering did not expect).
    if (refusal)
      *refusal =
          std::string("compiled potential: the recorded program cannot be lowered: ") + e.what();
  }
  return nullptr;
}

} // namespace kiln::infer::compiled
