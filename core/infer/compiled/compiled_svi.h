#pragma once
// SVI steps through a CompiledElbo: the optimizer updates one flat vector of every
// unconstrained parameter, and the param store sees the values when asked (sync), so a step
// touches neither the store nor autograd.
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/infer/compiled/compiled_elbo.h"
#include "core/infer/svi/optimizer.h"

namespace kiln::poutine {
class ParamStore;
}

namespace kiln::infer::compiled {

class CompiledSvi {
public:
  // Starts from the values in `store`, which must outlive this. Elementwise optimizers only
  // (Adam, AdamW, SGD): one that looks at a parameter as a whole (ClippedAdam's norm) would
  // see the flat vector instead.
  CompiledSvi(std::unique_ptr<CompiledElbo> elbo, svi::OptimizerPtr optimizer,
              poutine::ParamStore& store);

  // One step; returns the loss before the update. A loss or gradient that is not finite
  // leaves the parameters as they were and returns false in `finite`.
  double step(bool& finite);
  // Writes the current values into the store.
  void sync() const;
  // Reads the store's values back (after someone else changed them).
  void reload();

private:
  std::unique_ptr<CompiledElbo> elbo_;
  svi::OptimizerPtr optimizer_;
  poutine::ParamStore& store_;
  at::Tensor x_, grad_;
};

} // namespace kiln::infer::compiled
