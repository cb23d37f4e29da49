#include "core/dist/discrete/categorical.h"

#include <limits>
#include <optional>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/enumerate.h"
#include "core/dist/discrete/row_gather.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {

// Below this many lookups the flat `take` costs no more than the outer gather.
constexpr int64_t kOuterGatherMin = 16384;

// Where the batch splits into leading dims that only the table's rows vary along and trailing
// dims that only the values vary along (every row meets every value), if it does.
std::optional<size_t> outer_split(const Shape& rows, const Shape& values, const Shape& batch) {
  const size_t rank = batch.size();
  auto at = [rank](const Shape& s, size_t d) {
    return d + s.size() < rank ? int64_t{1} : s[d + s.size() - rank];
  };
  for (size_t split = 0; split <= rank; ++split) {
    bool ok = true;
    for (size_t d = 0; d < rank && ok; ++d)
      ok = d < split ? at(values, d) == 1 && at(rows, d) == batch[d]
                     : at(rows, d) == 1 && at(values, d) == batch[d];
    if (ok)
      return split;
  }
  return std::nullopt;
}

const bool registered = register_family(
    {"Categorical",
     {"probs", "logits"},
     [](const DistArgs& a) { return std::make_shared<Categorical>(probs_or_logits(a)); },
     {},
     {{"probs", "logits"}}});
} // namespace

void CategoricalBase::init_categorical(ProbsOrLogits p) {
  from_logits_ = p.is_logits;
  if (from_logits_) {
    init_params({{"logits", std::move(p.value), constraints::real_vector(), 1}}, {});
    param_at(0) = param_at(0) - param_at(0).logsumexp(-1, true);
    add_derived("probs", at::softmax(param_at(0), -1), 1);
  } else {
    init_params({{"probs", normalized_probs(p.value), constraints::simplex(), 1}}, {});
    add_derived("logits", probs_to_logits(param_at(0)), 1);
  }
  table_ = logits();
}

at::Tensor CategoricalBase::entropy() const {
  // Clamping keeps 0 * -inf (a zero probability given by logits) at 0 rather than NaN.
  const double lowest = logits().scalar_type() == at::kFloat
                            ? std::numeric_limits<float>::lowest()
                            : std::numeric_limits<double>::lowest();
  return -(logits().clamp_min(lowest) * probs()).sum(-1);
}

at::Tensor CategoricalBase::log_prob_at(const at::Tensor& index) const {
  // Gather, never a one-hot product nor a gather from the broadcast table: each row of the
  // table as constructed has an offset, the offsets broadcast against the indices, and `take`
  // reads one entry per index; its gradient is scattered into a table of the table's size.
  const Shape batch = broadcast_shapes(to_shape(index.sizes()), batch_shape());
  const int64_t k = table_.size(-1);
  const Shape rows = drop_right(to_shape(table_.sizes()), 1);
  const std::optional<size_t> split = outer_split(rows, to_shape(index.sizes()), batch);
  if (split && numel(batch) >= kOuterGatherMin) {
    const int64_t r = numel(rows);
    return gather_rows(table_.reshape({r, k}), index).reshape(batch);
  }
  const at::Tensor offsets =
      at::arange(numel(rows), index.options().dtype(at::kLong)).reshape(rows) * k;
  const at::Tensor flat_index = offsets + index.to(at::kLong);
  return at::take(table_, flat_index).expand(batch);
}

at::Tensor CategoricalBase::sample_index(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = concat(sample_shape, batch_shape());
  const int64_t n = numel(sample_shape);
  if (n == 0 || numel(batch_shape()) == 0)
    return at::empty(shape, at::kLong);
  auto probs_2d = probs().reshape({-1, num_events()});
  // (batch, n) draws, transposed so that the sample dims lead.
  auto draws = at::multinomial(probs_2d, n, true, generator());
  return draws.t().reshape(shape);
}

std::shared_ptr<Distribution> Categorical::clone() const {
  return std::make_shared<Categorical>(*this);
}

at::Tensor Categorical::sample(const Shape& sample_shape) const {
  return sample_index(sample_shape);
}

at::Tensor Categorical::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return log_prob_at(value);
}

at::Tensor Categorical::mean() const {
  return at::full(batch_shape(), std::numeric_limits<double>::quiet_NaN(), options());
}

at::Tensor Categorical::variance() const {
  return mean();
}

ConstraintPtr Categorical::support() const {
  return constraints::integer_interval(0, num_events() - 1);
}

at::Tensor Categorical::enumerate_support(bool expand) const {
  return enumerate_values(at::arange(num_events(), at::kLong), batch_shape(), expand);
}

} // namespace kiln::dist
