#include "core/dist/meta/ordered_logistic.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"OrderedLogistic", {"predictor", "cutpoints"}, [](const DistArgs& a) {
       return std::make_shared<OrderedLogistic>(a.tensor("predictor"), a.tensor("cutpoints"));
     }});

// log(1 - exp(d)) for d < 0, accurate at both ends (Maechler, "Accurately computing
// log(1 - exp(-|a|))", 2012).
at::Tensor log1mexp(const at::Tensor& d) {
  return at::where(d > -M_LN2, (-at::expm1(d)).log(), at::log1p(-d.exp()));
}

// log P(y = k) for every k. Pyro subtracts consecutive cumulative probabilities, which loses
// every digit in the tails; with a = c_(k-1) - eta < b = c_k - eta,
//   sigmoid(b) - sigmoid(a) = sigmoid(b) sigmoid(-a) (1 - exp(a - b)),
// and the first and last classes are log sigmoid(c_0 - eta) and log sigmoid(eta - c_(K-2)).
at::Tensor ordered_log_probs(const at::Tensor& predictor, const at::Tensor& cutpoints) {
  auto z = cutpoints - predictor.unsqueeze(-1);
  const int64_t n = z.size(-1);
  if (n == 0)
    return at::zeros(concat(to_shape(predictor.sizes()), {1}), predictor.options());
  auto first = at::log_sigmoid(z.narrow(-1, 0, 1));
  auto last = at::log_sigmoid(-z.narrow(-1, n - 1, 1));
  auto a = z.narrow(-1, 0, n - 1);
  auto b = z.narrow(-1, 1, n - 1);
  auto middle = at::log_sigmoid(b) + at::log_sigmoid(-a) + log1mexp(a - b);
  return at::cat({first, middle, last}, -1);
}
} // namespace

OrderedLogistic::OrderedLogistic(TensorArg predictor, TensorArg cutpoints) {
  init_params({{"predictor", std::move(predictor), constraints::real()},
               {"cutpoints", std::move(cutpoints), constraints::ordered_vector(), 1}},
              {});
  auto logits = ordered_log_probs(this->predictor(), this->cutpoints());
  auto probs = logits.exp();
  add_derived("logits", logits, 1);
  add_derived("probs", probs, 1);
}

std::shared_ptr<Distribution> OrderedLogistic::clone() const {
  return std::make_shared<OrderedLogistic>(*this);
}

// torch's Categorical.sample: one multinomial draw per batch element and sample.
at::Tensor OrderedLogistic::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const int64_t n = numel(sample_shape);
  const int64_t k = num_categories();
  auto probs_2d = probs().detach().reshape({-1, k});
  auto draws = n == 0 ? at::empty({probs_2d.size(0), 0}, at::kLong)
                      : at::multinomial(probs_2d, n, /*replacement=*/true, generator());
  return draws.t().reshape(extended_shape(sample_shape)).to(options().dtype());
}

at::Tensor OrderedLogistic::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const int64_t k = num_categories();
  const Shape shape = broadcast_shapes(to_shape(value.sizes()), batch_shape());
  auto index = value.to(at::kLong).unsqueeze(-1).expand(concat(shape, {1}));
  return logits().expand(concat(shape, {k})).gather(-1, index).squeeze(-1);
}

// torch's Categorical has no meaningful mean or variance for unordered classes: NaN.
at::Tensor OrderedLogistic::mean() const {
  return at::full(batch_shape(), std::numeric_limits<double>::quiet_NaN(), options());
}
at::Tensor OrderedLogistic::variance() const {
  return mean();
}

at::Tensor OrderedLogistic::entropy() const {
  // torch clamps -inf logits to the lowest finite value so that 0 * log 0 counts as 0.
  const double lowest = options().dtype() == at::kFloat ? std::numeric_limits<float>::lowest()
                                                        : std::numeric_limits<double>::lowest();
  return -(at::clamp_min(logits(), lowest) * probs()).sum(-1);
}

ConstraintPtr OrderedLogistic::support() const {
  return constraints::integer_interval(0, num_categories() - 1);
}

at::Tensor OrderedLogistic::enumerate_support(bool expand) const {
  const int64_t k = num_categories();
  auto values = at::arange(k, options()).view(concat({k}, Shape(batch_shape().size(), 1)));
  return expand ? values.expand(concat({k}, batch_shape())) : values;
}

} // namespace kiln::dist
