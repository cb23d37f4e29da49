#pragma once
// Independent(base, n): the rightmost n batch dims of `base` become event dims, so log_prob
// sums over them (Pyro's `.to_event(n)`).

#include "core/dist/distribution.h"

namespace kiln::dist {

class Independent : public Distribution {
public:
  Independent(DistPtr base, int64_t reinterpreted_batch_ndims);

  std::string name() const override { return "Independent"; }
  std::shared_ptr<Distribution> clone() const override;
  std::string repr() const override;

  const DistPtr& base_dist() const { return base_; }
  int64_t reinterpreted_batch_ndims() const { return n_; }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override { return base_->mean(); }
  at::Tensor variance() const override { return base_->variance(); }
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
  DistPtr expand(const Shape& batch_shape) const override;

private:
  DistPtr base_;
  int64_t n_;
};

} // namespace kiln::dist
