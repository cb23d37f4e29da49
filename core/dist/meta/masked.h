#pragma once
// Masked(base, mask): log_prob is zero wherever `mask` is false (Pyro's `.mask(m)`); the mask
// broadcasts with the batch shape.

#include "core/dist/distribution.h"

namespace kiln::dist {

class Masked : public Distribution {
public:
  Masked(DistPtr base, at::Tensor mask);

  std::string name() const override { return "MaskedDistribution"; }
  std::shared_ptr<Distribution> clone() const override;
  std::string repr() const override;

  const DistPtr& base_dist() const { return base_; }
  const at::Tensor& mask_tensor() const { return mask_; }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override { return base_->mean(); }
  at::Tensor variance() const override { return base_->variance(); }
  ConstraintPtr support() const override { return base_->support(); }
  bool has_enumerate_support() const override { return base_->has_enumerate_support(); }
  at::Tensor enumerate_support(bool expand = true) const override;
  DistPtr expand(const Shape& batch_shape) const override;

private:
  DistPtr base_;
  at::Tensor mask_;
};

} // namespace kiln::dist
