#include "core/dist/multivariate/dirichlet_multinomial.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {

const bool registered =
    register_family({"DirichletMultinomial",
                     {"concentration", "total_count", "is_sparse"},
                     [](const DistArgs& a) {
                       // is_sparse only makes Pyro skip the zero counts in log_prob; the density is
                       // the same, so the flag is accepted and has no effect here.
                       return std::make_shared<DirichletMultinomial>(
                           a.tensor("concentration"), a.tensor_or("total_count", 1.));
                     },
                     {"total_count", "is_sparse"},
                     {}});

// log B(1 + x, a) without the log x! shift: lgamma(1 + x) + lgamma(a) - lgamma(x + a), Pyro's
// _log_beta_1.
at::Tensor log_beta_1(const at::Tensor& alpha, const at::Tensor& value) {
  return at::lgamma(1 + value) + at::lgamma(alpha) - at::lgamma(value + alpha);
}

} // namespace

DirichletMultinomial::DirichletMultinomial(TensorArg concentration, TensorArg total_count) {
  const int64_t k = concentration.tensor().dim() > 0 ? concentration.tensor().size(-1) : 0;
  init_params({{"concentration", std::move(concentration),
                constraints::independent(constraints::positive(), 1), 1},
               {"total_count", std::move(total_count), constraints::nonnegative_integer()}},
              {k});
}

std::shared_ptr<Distribution> DirichletMultinomial::clone() const {
  return std::make_shared<DirichletMultinomial>(*this);
}

at::Tensor DirichletMultinomial::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  // p ~ Dirichlet(concentration), as normalized gammas.
  auto gammas = at::_standard_gamma(concentration().detach().expand(shape), generator())
                    .clamp_min(finfo_tiny(concentration()));
  auto probs = gammas / gammas.sum(-1, /*keepdim=*/true);
  // Multinomial(n, p) by the conditional binomial method (Devroye 1986, "Non-Uniform Random
  // Variate Generation", ch. XI): x_i ~ Binomial(n - x_1 - ... - x_{i-1},
  // p_i / (p_i + ... + p_k)). Unlike at::multinomial it allows a different n per batch element,
  // which Pyro's sampler refuses.
  auto remaining = total_count().detach().expand(drop_right(shape, 1)).clone();
  auto tail_mass = probs.flip(-1).cumsum(-1).flip(-1);
  const int64_t k = shape.back();
  std::vector<at::Tensor> counts;
  for (int64_t i = 0; i + 1 < k; ++i) {
    auto p = (probs.select(-1, i) / tail_mass.select(-1, i)).clamp(0, 1).nan_to_num(0);
    auto x = at::binomial(remaining, p, generator());
    counts.push_back(x);
    remaining = remaining - x;
  }
  counts.push_back(remaining);
  return at::stack(counts, -1);
}

at::Tensor DirichletMultinomial::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& alpha = concentration();
  return log_beta_1(alpha.sum(-1), value.sum(-1)) - log_beta_1(alpha, value).sum(-1);
}

at::Tensor DirichletMultinomial::mean() const {
  return concentration() * (total_count() / concentration().sum(-1)).unsqueeze(-1);
}

at::Tensor DirichletMultinomial::variance() const {
  auto n = total_count().unsqueeze(-1);
  auto total = concentration().sum(-1, /*keepdim=*/true);
  auto ratio = concentration() / total;
  return n * ratio * (1 - ratio) * (n + total) / (1 + total);
}

ConstraintPtr DirichletMultinomial::support() const {
  return constraints::multinomial(total_count());
}

} // namespace kiln::dist
