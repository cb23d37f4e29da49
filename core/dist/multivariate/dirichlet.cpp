#include "core/dist/multivariate/dirichlet.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Dirichlet", {"concentration"}, [](const DistArgs& a) {
                       return std::make_shared<Dirichlet>(a.tensor("concentration"));
                     }});
} // namespace

Dirichlet::Dirichlet(TensorArg concentration) {
  const int64_t k = concentration.tensor().dim() > 0 ? concentration.tensor().size(-1) : 0;
  init_params({{"concentration", std::move(concentration),
                constraints::independent(constraints::positive(), 1), 1}},
              {k});
}

std::shared_ptr<Distribution> Dirichlet::clone() const {
  return std::make_shared<Dirichlet>(*this);
}

at::Tensor Dirichlet::rsample(const Shape& sample_shape) const {
  // Normalized Gamma(concentration_i, 1) draws are Dirichlet. _standard_gamma's autograd is the
  // implicit reparameterization gradient (Figurnov et al. 2018, "Implicit Reparameterization
  // Gradients"), which the normalization carries through. The clamp keeps a draw whose gammas
  // all underflow (tiny concentrations) off 0/0, as torch's _sample_dirichlet does.
  auto alpha = concentration().expand(extended_shape(sample_shape));
  auto gammas = at::_standard_gamma(alpha, generator()).clamp_min(finfo_tiny(alpha));
  return gammas / gammas.sum(-1, /*keepdim=*/true);
}

at::Tensor Dirichlet::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& alpha = concentration();
  // The normalizer once per distinct concentration (a prior expanded over a plate has one).
  const at::Tensor distinct = undo_expand(alpha, 1);
  return at::xlogy(alpha - 1, value).sum(-1) +
         (at::lgamma(distinct.sum(-1)) - at::lgamma(distinct).sum(-1));
}

at::Tensor Dirichlet::mean() const {
  return concentration() / concentration().sum(-1, /*keepdim=*/true);
}

at::Tensor Dirichlet::variance() const {
  const auto& alpha = concentration();
  auto total = alpha.sum(-1, /*keepdim=*/true);
  return alpha * (total - alpha) / (total.pow(2) * (total + 1));
}

at::Tensor Dirichlet::entropy() const {
  // torch.distributions.Dirichlet.entropy: log B(alpha) + (a0 - k) psi(a0)
  // - sum_i (alpha_i - 1) psi(alpha_i).
  const auto& alpha = concentration();
  const auto k = static_cast<double>(alpha.size(-1));
  auto total = alpha.sum(-1);
  return at::lgamma(alpha).sum(-1) - at::lgamma(total) - (k - total) * at::digamma(total) -
         ((alpha - 1) * at::digamma(alpha)).sum(-1);
}

ConstraintPtr Dirichlet::support() const {
  return constraints::simplex();
}

} // namespace kiln::dist
