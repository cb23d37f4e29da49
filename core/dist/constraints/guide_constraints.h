#pragma once
// The two constraints Pyro's autoguides put on their scale parameters. Each has its own
// bijection (registered with biject_to), so fitted parameters follow Pyro's parameterization
// and the optimizer takes the same path through the unconstrained space.

#include "core/dist/constraints/constraint.h"

namespace kiln::dist::constraints {

// Positive, reached by softplus rather than exp: gentler gradients for scales far from 1.
ConstraintPtr softplus_positive();

// Lower triangular with a unit diagonal; biject_to maps the flat vector of the strictly lower
// entries (row by row) onto it, as the other Cholesky bijections here take a flat vector.
ConstraintPtr unit_lower_cholesky();

} // namespace kiln::dist::constraints
