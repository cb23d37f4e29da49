#pragma once

#include <vector>

#include "core/dist/distribution.h"
#include "core/dist/transforms/transform.h"

namespace kiln::dist {

// TransformedDistribution(base_distribution, transforms): the law of
// transforms[-1](...transforms[0](x)) for x ~ base_distribution, with torch's bookkeeping of
// shapes: the base is expanded when the transforms broadcast it, its batch dims that the
// transforms treat as event dims are reinterpreted (Independent), and log_prob subtracts each
// transform's log |det J| summed over the event dims it does not own.
class TransformedDistribution : public Distribution {
public:
  TransformedDistribution(DistPtr base_distribution, std::vector<TransformPtr> transforms);

  std::string name() const override { return "TransformedDistribution"; }
  std::shared_ptr<Distribution> clone() const override;
  std::string repr() const override;

  // The base after expansion and reinterpretation, as torch's `base_dist`.
  const DistPtr& base_dist() const { return base_; }
  const std::vector<TransformPtr>& transforms() const { return transforms_; }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  at::Tensor log_prob(const at::Tensor& value) const override;
  ConstraintPtr support() const override;
  DistPtr expand(const Shape& batch_shape) const override;

private:
  DistPtr base_;
  std::vector<TransformPtr> transforms_;
};

} // namespace kiln::dist
