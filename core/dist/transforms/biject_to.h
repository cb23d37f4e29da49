#pragma once
// biject_to(constraint): the bijection from unconstrained space onto a constraint's set, the
// map every inference algorithm uses to work on R^n. Families of constraints register their
// bijection by name, so plugins can add constraints without touching core.

#include <functional>
#include <string>

#include "core/dist/constraints/constraint.h"
#include "core/dist/transforms/transform.h"

namespace kiln::dist {

// Throws NotSupportedError for discrete constraints and unregistered families.
TransformPtr biject_to(const ConstraintPtr& constraint);

using BijectionFactory = std::function<TransformPtr(const ConstraintPtr&)>;
// Registers (or replaces) the bijection for constraints whose name() is `constraint_name`.
void register_bijection(const std::string& constraint_name, BijectionFactory factory);

} // namespace kiln::dist
