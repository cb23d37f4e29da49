#include "core/infer/autoguide/auto_laplace_approximation.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/meta/delta.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoLaplaceApproximation::AutoLaplaceApproximation(poutine::Model model, InitFn init_loc_fn)
    : AutoContinuous(std::move(model), "AutoLaplaceApproximation", std::move(init_loc_fn)) {}

at::Tensor AutoLaplaceApproximation::loc() {
  setup();
  const at::Tensor init = init_loc();
  return poutine::param(
      name() + ".loc", [init] { return init.clone(); }, dist::constraints::real(), 1);
}

dist::DistPtr AutoLaplaceApproximation::get_posterior() {
  return std::make_shared<dist::Delta>(loc(), 0., 1);
}

std::pair<at::Tensor, at::Tensor> AutoLaplaceApproximation::loc_scale() {
  at::Tensor l = loc();
  return {l, at::zeros_like(l)};
}

at::Tensor AutoLaplaceApproximation::hessian() {
  at::Tensor z;
  {
    at::NoGradGuard no_grad;
    z = loc().detach().clone();
  }
  z.requires_grad_(true);

  // Minus the log joint at the constrained point, minus each site's log |det J|: what the
  // guide's Delta sites and the model replayed against them give Trace_ELBO's loss.
  at::Tensor loss = at::zeros({}, z.options());
  poutine::ValueMap values;
  for (auto& [site, unconstrained] : unpack_latent(z)) {
    auto [value, log_density] = constrain(*site, unconstrained);
    values[site->name] = value;
    loss = loss + log_density.sum();
  }
  poutine::BlockHandler hide_from_caller;
  poutine::TraceHandler tracer;
  poutine::SubstituteHandler put(values);
  {
    poutine::HandlerScope outer(hide_from_caller);
    poutine::HandlerScope trace(tracer);
    poutine::HandlerScope inner(put);
    model()();
  }
  tracer.trace().compute_log_prob();
  loss = loss - tracer.trace().log_prob_sum();

  at::Tensor grad = torch::autograd::grad({loss}, {z}, {}, /*retain_graph=*/true,
                                          /*create_graph=*/true)[0];
  const int64_t n = z.size(0);
  std::vector<at::Tensor> rows;
  for (int64_t i = 0; i < n; ++i) {
    at::Tensor row = torch::autograd::grad({grad[i]}, {z}, {}, /*retain_graph=*/true,
                                           /*create_graph=*/false, /*allow_unused=*/true)[0];
    rows.push_back(row.defined() ? row.detach() : at::zeros_like(z).detach());
  }
  return at::stack(rows);
}

std::shared_ptr<AutoMultivariateNormal> AutoLaplaceApproximation::laplace_approximation() {
  at::Tensor h = hessian();
  if (!at::isfinite(h).all().item<bool>())
    throw Error(name() + ".laplace_approximation: the Hessian at loc is not finite");
  auto [cholesky_h, info] = at::linalg_cholesky_ex(h);
  if (info.item<int64_t>() != 0)
    throw Error(name() + ".laplace_approximation: the Hessian of minus the log joint at loc is not "
                         "positive definite; loc is not at a mode (fit the guide first)");
  at::Tensor cov = at::cholesky_inverse(cholesky_h);
  at::Tensor scale = cov.diagonal().sqrt();
  at::Tensor corr = cov / scale.unsqueeze(-1) / scale.unsqueeze(0);
  at::Tensor scale_tril = at::linalg_cholesky(corr);

  auto gaussian = std::make_shared<AutoMultivariateNormal>(model(), init_loc_fn());
  gaussian->setup();
  {
    at::NoGradGuard no_grad;
    gaussian->fixed_loc_ = loc().detach().clone();
  }
  gaussian->fixed_scale_ = scale;
  gaussian->fixed_scale_tril_ = scale_tril;
  return gaussian;
}

} // namespace kiln::infer::autoguide
