#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// NegativeBinomial(total_count, probs=None, logits=None), torch's parameterization: the number
// of successes, each of probability probs = sigmoid(logits), before total_count failures
// (total_count > 0 real). SciPy's nbinom(total_count, 1 - probs). Samples are floats.
class NegativeBinomial : public Distribution {
public:
  NegativeBinomial(TensorArg total_count, ProbsOrLogits p);

  std::string name() const override { return "NegativeBinomial"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& total_count() const { return param_at(0); }
  const at::Tensor& probs() const { return param_at(from_logits_ ? 2 : 1); }
  const at::Tensor& logits() const { return param_at(from_logits_ ? 1 : 2); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;

private:
  bool from_logits_ = false;
};

// The negative binomial log mass, draws (shape `shape`), mean and variance, for the families
// built on it (ZeroInflatedNegativeBinomial).
at::Tensor negative_binomial_log_prob(const at::Tensor& total_count, const at::Tensor& logits,
                                      const at::Tensor& value);
at::Tensor negative_binomial_sample(const at::Tensor& total_count, const at::Tensor& logits,
                                    const Shape& shape);
at::Tensor negative_binomial_mean(const at::Tensor& total_count, const at::Tensor& logits);
at::Tensor negative_binomial_variance(const at::Tensor& total_count, const at::Tensor& logits);

} // namespace kiln::dist
