#pragma once
// The compiled tier of MCMC potentials: a model's potential and gradient from a recorded
// straight-line program over preallocated float64 buffers (program.h), with hand-written
// adjoints, instead of the interpreter, ATen's per-op dispatch and autograd (ModelPotential).
// Same coordinates as ModelPotential, so it plugs into MCMCConfig::potential.
//
// The recording holds for models whose control flow does not depend on the parameters' values.
// The tier refuses, with a message that says why: models with enumerated discrete sites, ops
// outside its set (named), values read back from the parameters (`if` on a tensor, .item()),
// and any program whose value or gradient differs from ModelPotential's at the validation
// points (1e-10 relative). A support whose bounds depend on other sites needs no guard: the
// transform biject_to picks depends on the constraint's kind only, and the bounds are ops the
// recording holds.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/infer/compiled/program.h"
#include "core/infer/mcmc/potential.h"
#include "core/infer/model_density.h"

namespace kiln::infer::compiled {

class CompiledPotential : public mcmc::Potential {
public:
  // Records, lowers and validates `density`'s potential; a NotSupportedError saying why when
  // the model is refused. The density is not needed afterwards.
  explicit CompiledPotential(const ModelDensity& density);

  int64_t dim() const override { return dim_; }
  // Safe from several threads at once: each call takes a workspace from a pool (made once per
  // concurrent caller), so evaluations allocate nothing.
  double value(const double* x) const override;
  double value_and_grad(const double* x, double* grad) const override;

  const Program& program() const { return program_; }

private:
  struct Workspace {
    std::vector<double> values;
    std::vector<double> grads;
  };
  std::unique_ptr<Workspace> acquire() const;
  void release(std::unique_ptr<Workspace> ws) const;
  double forward(Workspace& ws, const double* x) const;

  int64_t dim_ = 0;
  Program program_;
  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<Workspace>> pool_;
};

// Where `density`'s value and gradient from `potential` differ from ModelPotential's (without
// validation) at zero and `points` - 1 random points around it (normal, scales 0.25 to 1, from
// `seed`; the thread's torch generator is not touched): an empty string when they agree to
// `tolerance` relative (the gradient relative to its largest entry) at every point where
// ModelPotential's are finite and at 3 or more of them, else what differs where. Used by the
// constructor and tests.
std::string compare_with_interpreter(const ModelDensity& density, const mcmc::Potential& potential,
                                     int points, double tolerance, uint64_t seed = 20261124);

// The tier for `density`: a CompiledPotential, or null with `refusal` (when given) set to why
// not. Never throws for a model it cannot compile.
std::shared_ptr<const mcmc::Potential> try_compile(const ModelDensity& density,
                                                   std::string* refusal);

} // namespace kiln::infer::compiled
