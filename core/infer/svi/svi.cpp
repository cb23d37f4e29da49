#include "core/infer/svi/svi.h"

#include <cmath>
#include <string>
#include <utility>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::infer::svi {

SVI::SVI(poutine::Model model, poutine::Model guide, OptimizerPtr optim, ElboPtr loss)
    : model_(std::move(model)), guide_(std::move(guide)), optim_(std::move(optim)),
      loss_(std::move(loss)) {
  if (!model_ || !guide_ || !optim_ || !loss_)
    throw Error("SVI: the model, guide, optimizer and loss must all be given");
}

double SVI::step() {
  const std::string where = "SVI step " + std::to_string(steps_ + 1);
  ElboEstimate est = loss_->estimate(model_, guide_);
  if (!std::isfinite(est.loss))
    throw Error(where + ": the loss is " + std::to_string(est.loss) +
                (est.nonfinite_site.empty()
                     ? ""
                     : "; the log density of " + est.nonfinite_site + " is not finite"));

  poutine::ParamStore& store = poutine::param_store();
  NamedParams params;
  std::vector<at::Tensor> leaves;
  for (const std::string& name : est.params) {
    at::Tensor leaf = store.unconstrained(name);
    params.emplace_back(name, leaf);
    leaves.push_back(leaf);
  }
  std::vector<at::Tensor> grads(leaves.size());
  if (!leaves.empty() && est.surrogate.requires_grad())
    grads = torch::autograd::grad({est.surrogate}, leaves, {}, /*retain_graph=*/false,
                                  /*create_graph=*/false, /*allow_unused=*/true);
  for (size_t i = 0; i < grads.size(); ++i)
    if (grads[i].defined() && !all_finite(grads[i]))
      throw Error(where + ": the gradient of the loss with respect to param '" + params[i].first +
                  "' is not finite");

  for (size_t i = 0; i < leaves.size(); ++i)
    leaves[i].mutable_grad() = grads[i];
  optim_->step(params);
  for (at::Tensor& leaf : leaves)
    leaf.mutable_grad() = at::Tensor();
  ++steps_;
  return est.loss;
}

double SVI::evaluate_loss() {
  return loss_->loss(model_, guide_);
}

} // namespace kiln::infer::svi
