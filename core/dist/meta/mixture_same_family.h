#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// MixtureSameFamily(mixture_distribution, component_distribution): torch's finite mixture whose
// components are the rightmost batch dim of one distribution. mixture_distribution is a
// Categorical over those k components (any family with `logits` or `probs` over its last dim,
// such as OrderedLogistic); its batch shape broadcasts with the component batch shape minus k.
class MixtureSameFamily : public Distribution {
public:
  MixtureSameFamily(DistPtr mixture_distribution, DistPtr component_distribution);

  std::string name() const override { return "MixtureSameFamily"; }
  std::shared_ptr<Distribution> clone() const override;
  std::string repr() const override;

  const DistPtr& mixture_distribution() const { return mixture_; }
  const DistPtr& component_distribution() const { return component_; }
  int64_t num_components() const { return component_->batch_shape().back(); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  ConstraintPtr support() const override { return component_->support(); }
  DistPtr expand(const Shape& batch_shape) const override;

private:
  // Normalized log weights of the components, shape batch_shape + (k,).
  at::Tensor log_weights() const;
  // Adds the component dim to a value or statistic of batch + event shape.
  at::Tensor pad(const at::Tensor& x) const { return x.unsqueeze(-1 - event_dim()); }
  // Weights shaped batch + (k,) + (1,) * event_dim, to reduce over the component dim.
  at::Tensor padded_weights() const;

  DistPtr mixture_;
  DistPtr component_;
};

} // namespace kiln::dist
