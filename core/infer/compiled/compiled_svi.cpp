#include "core/infer/compiled/compiled_svi.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/poutine/param_store.h"

namespace kiln::infer::compiled {

CompiledSvi::CompiledSvi(std::unique_ptr<CompiledElbo> elbo, svi::OptimizerPtr optimizer,
                         poutine::ParamStore& store)
    : elbo_(std::move(elbo)), optimizer_(std::move(optimizer)), store_(store) {
  x_ = at::zeros({elbo_->dim()}, at::kDouble).requires_grad_(true);
  grad_ = at::zeros({elbo_->dim()}, at::kDouble);
  reload();
}

double CompiledSvi::step(bool& finite) {
  double* g = grad_.data_ptr<double>();
  const double loss = elbo_->loss_and_grad(x_.data_ptr<double>(), g);
  finite = std::isfinite(loss);
  for (int64_t i = 0; i < elbo_->dim() && finite; ++i)
    finite = std::isfinite(g[i]);
  if (!finite)
    return loss;
  x_.mutable_grad() = grad_;
  optimizer_->step({{"compiled_elbo.flat", x_}});
  return loss;
}

void CompiledSvi::sync() const {
  elbo_->write(x_.data_ptr<double>(), store_);
}

void CompiledSvi::reload() {
  elbo_->read(store_, x_.data_ptr<double>());
}

} // namespace kiln::infer::compiled
