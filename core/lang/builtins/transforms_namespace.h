#pragma once
// pyro.distributions.transforms for the model language: transforms as callable objects (with
// .inv, .domain, .codomain, .log_abs_det_jacobian) and biject_to, so that a model can build a
// TransformedDistribution as in Pyro.

#include "core/dist/transforms/transform.h"
#include "core/lang/function.h"

namespace kiln::lang {

class TransformObject : public Object {
public:
  explicit TransformObject(dist::TransformPtr t) : transform(std::move(t)) {}
  std::string type_name() const override { return transform->name(); }
  std::string repr() const override { return transform->name() + "()"; }
  Value call(CallArgs& args) override;
  bool get_attribute(const std::string& name, Value& out) override;

  dist::TransformPtr transform;
};

// The transform a value holds (null when it holds none).
dist::TransformPtr transform_of(const Value& value);

NamespacePtr make_transforms_namespace();

} // namespace kiln::lang
