#pragma once
// pyro.distributions and pyro.distributions.constraints for the model language: every family
// of the registry under its Pyro name, distributions and constraints as language objects.

#include "core/dist/constraints/constraint.h"
#include "core/dist/distribution.h"
#include "core/lang/function.h"

namespace kiln::lang {

// A distribution as the language sees it: .sample(), .log_prob(x), .expand(shape),
// .to_event(n), .mask(m), .batch_shape, .event_shape, .mean, parameters by name.
class DistObject : public Object {
public:
  explicit DistObject(dist::DistPtr d) : dist(std::move(d)) {}
  std::string type_name() const override { return dist->name(); }
  std::string repr() const override { return dist->repr(); }
  bool get_attribute(const std::string& name, Value& out) override;

  dist::DistPtr dist;
};

class ConstraintObject : public Object {
public:
  explicit ConstraintObject(dist::ConstraintPtr c) : constraint(std::move(c)) {}
  std::string type_name() const override { return "Constraint"; }
  std::string repr() const override { return constraint->repr(); }
  // .check(value) and .event_dim, as torch's constraints.
  bool get_attribute(const std::string& name, Value& out) override;

  dist::ConstraintPtr constraint;
};

// The distribution a value holds; throws naming `what` otherwise.
dist::DistPtr to_distribution(const Value& value, const std::string& what);
dist::ConstraintPtr to_constraint(const Value& value, const std::string& what);
Value distribution_value(dist::DistPtr d);

NamespacePtr make_distributions_namespace();
NamespacePtr make_constraints_namespace();

} // namespace kiln::lang
