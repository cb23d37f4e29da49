#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// What Categorical and OneHotCategorical share: a probs vector (event_dim 1 of the parameter)
// normalized to sum to 1, or logits normalized by logsumexp, and the other one derived.
class CategoricalBase : public Distribution {
public:
  const at::Tensor& probs() const { return param_at(from_logits_ ? 1 : 0); }
  // Normalized: logsumexp over the last dim is 0.
  const at::Tensor& logits() const { return param_at(from_logits_ ? 0 : 1); }
  int64_t num_events() const { return probs().size(-1); }

  at::Tensor entropy() const override;

protected:
  CategoricalBase() = default;
  // Sets the parameters; called from the derived constructors, since init_params needs name().
  void init_categorical(ProbsOrLogits p);

  // log probs[..., index] for integer indices broadcasting with the batch shape.
  at::Tensor log_prob_at(const at::Tensor& index) const;
  // Indices (int64) of shape sample_shape + batch_shape.
  at::Tensor sample_index(const Shape& sample_shape) const;

private:
  bool from_logits_ = false;
  // The normalized logits as constructed, before expand() broadcast them to a batch grown by
  // plates and enumeration: log_prob gathers from this table, so that neither the broadcast
  // table nor its gradient is ever materialized (LDA's topics x words x docs x vocabulary).
  at::Tensor table_;
};

// Categorical(probs=None, logits=None): an index in {0, ..., K-1} with probabilities probs
// (normalized along the last dim). As in torch, samples are int64 and log_prob takes integer
// values of any dtype.
class Categorical : public CategoricalBase {
public:
  explicit Categorical(ProbsOrLogits p) { init_categorical(std::move(p)); }

  std::string name() const override { return "Categorical"; }
  std::shared_ptr<Distribution> clone() const override;

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  // NaN, as torch: the indices are labels, without a meaningful mean or variance.
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
  bool has_enumerate_support() const override { return true; }
  at::Tensor enumerate_support(bool expand = true) const override;
};

} // namespace kiln::dist
