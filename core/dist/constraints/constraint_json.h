#pragma once
// Constraints in JSON, by name and arguments, for every factory in constraints.h:
//   {"name": "positive"}
//   {"name": "interval", "lower_bound": T, "upper_bound": T}
//   {"name": "independent", "base": {"name": "simplex"}, "reinterpreted_batch_ndims": 1}
// where T is a tensor as core/util/tensor_json.h writes it, so batched bounds survive. The param
// store file and the project database keep constraints this way. The functions have the names
// nlohmann/json looks up, so `json j = constraint;` and `j.get<ConstraintPtr>()` work too.

#include <nlohmann/json_fwd.hpp>

#include "core/dist/constraints/constraint.h"

namespace kiln::dist {

// Throws kiln::Error for a constraint none of the factories in constraints.h makes (a plugin's).
void to_json(nlohmann::json& j, const ConstraintPtr& constraint);

// Throws kiln::Error naming the field when one is missing or of the wrong kind, and for a name
// no factory in constraints.h has.
void from_json(const nlohmann::json& j, ConstraintPtr& constraint);

} // namespace kiln::dist
