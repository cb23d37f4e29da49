#pragma once
// The compiled tier of SVI: one estimate (one particle) of an ELBO's differentiable_loss, for a
// static model and a fully reparameterized guide, as a recorded program (program.h) of the flat
// unconstrained parameters: Trace_ELBO, and TraceEnum_ELBO, whose enumerated sites are summed
// out by the same recorded ops every step. Its Noise instructions redraw the guide's standard
// normal noise on every run, from the thread's generator as the interpreter's rsample does, and
// its Subsample instructions draw each subsampling plate's minibatch as the interpreter's plate
// does (the rows and labels it picks are read at run time), so a step costs the arithmetic
// instead of the interpreter, ATen's per-op dispatch and autograd.
//
// Refused, with a message that says why: guide sites without rsample (they need score-function
// terms), ops outside the compiled set, control flow that depends on the parameters' values,
// and any program whose loss or gradient differs from the interpreter's estimate at the same
// seed.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/constraints/constraint.h"
#include "core/infer/compiled/program.h"
#include "core/infer/svi/elbo.h"
#include "core/poutine/model.h"

namespace kiln::poutine {
class ParamStore;
}

namespace kiln::infer::compiled {

class CompiledElbo {
public:
  // Records the loss with the parameters `store` holds, all of them already created (run the
  // guide and the model once first), and validates it against the interpreter; the thread's
  // generator is left as it was. A NotSupportedError says why a model is refused.
  CompiledElbo(const poutine::Model& model, const poutine::Model& guide,
               const poutine::ParamStore& store, svi::ElboPtr elbo);

  // The number of unconstrained parameter values, in the order of params().
  int64_t dim() const { return dim_; }
  const std::vector<std::string>& params() const { return names_; }

  // One estimate at `x` (dim() values): the loss (minus the ELBO), and its gradient in `grad`.
  double loss_and_grad(const double* x, double* grad);

  // The parameters' unconstrained values, flat, from and into `store`.
  void read(const poutine::ParamStore& store, double* x) const;
  void write(const double* x, poutine::ParamStore& store) const;

  const Program& program() const { return program_; }

private:
  struct Param {
    std::string name;
    std::vector<int64_t> shape;
    int64_t offset = 0;
    int64_t numel = 0;
    dist::ConstraintPtr constraint;
  };
  at::Tensor loss_tensor(const at::Tensor& x) const;

  poutine::Model model_, guide_;
  svi::ElboPtr elbo_;
  std::vector<Param> layout_;
  std::vector<std::string> names_;
  int64_t dim_ = 0;
  Program program_;
  std::vector<double> values_, grads_;
};

// The tier for `model` and `guide`: a CompiledElbo, or null with `refusal` (when given) set to
// why not. Never throws for a model it cannot compile.
std::unique_ptr<CompiledElbo> try_compile_elbo(const poutine::Model& model,
                                               const poutine::Model& guide,
                                               const poutine::ParamStore& store, svi::ElboPtr elbo,
                                               std::string* refusal);

} // namespace kiln::infer::compiled
