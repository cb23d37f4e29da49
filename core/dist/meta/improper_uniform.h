#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// ImproperUniform(support, batch_shape, event_shape=()): the improper flat density over a
// constraint's set (Pyro's ImproperUniform). log_prob is zero inside the support; it cannot be
// sampled, so it is used for latent sites whose values come from a guide or an initializer.
class ImproperUniform : public Distribution {
public:
  ImproperUniform(ConstraintPtr support, Shape batch_shape, Shape event_shape = {});

  std::string name() const override { return "ImproperUniform"; }
  std::shared_ptr<Distribution> clone() const override;
  std::string repr() const override;

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  ConstraintPtr support() const override { return support_; }

private:
  ConstraintPtr support_;
};

// Whether `d` is an ImproperUniform, also under to_event or mask: a density with no draws, so a
// latent site of it takes its first value from an initializer (infer::init_to_sample_or_uniform).
bool is_improper(const Distribution& d);

} // namespace kiln::dist
