#include "core/dist/constraints/constraint_json.h"

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dist/constraints/constraints.h"
#include "core/dist/constraints/guide_constraints.h"
#include "core/util/error.h"
#include "core/util/error_context.h"
#include "core/util/json_fields.h"
#include "core/util/tensor_json.h"

namespace kiln::dist {

namespace {

using Factory = ConstraintPtr (*)();

// Constraints that are their name alone.
const std::map<std::string, Factory>& nullary() {
  static const std::map<std::string, Factory> table = {
      {"real", constraints::real},
      {"real_vector", constraints::real_vector},
      {"positive", constraints::positive},
      {"nonnegative", constraints::nonnegative},
      {"unit_interval", constraints::unit_interval},
      {"simplex", constraints::simplex},
      {"ordered_vector", constraints::ordered_vector},
      {"positive_ordered_vector", constraints::positive_ordered_vector},
      {"lower_cholesky", constraints::lower_cholesky},
      {"corr_cholesky", constraints::corr_cholesky},
      {"positive_definite", constraints::positive_definite},
      {"integer", constraints::integer},
      {"nonnegative_integer", constraints::nonnegative_integer},
      {"positive_integer", constraints::positive_integer},
      {"boolean", constraints::boolean},
      {"softplus_positive", constraints::softplus_positive},
      {"unit_lower_cholesky", constraints::unit_lower_cholesky},
  };
  return table;
}

bool has_lower(const std::string& name) {
  return name == "greater_than" || name == "greater_than_eq" || name == "interval" ||
         name == "half_open_interval" || name == "integer_interval";
}

bool has_upper(const std::string& name) {
  return name == "less_than" || name == "interval" || name == "half_open_interval" ||
         name == "integer_interval" || name == "multinomial";
}

nlohmann::json tensor_json(const at::Tensor& t) {
  nlohmann::json obj = nlohmann::json::object();
  write_tensor(obj, t);
  return obj;
}

// The tensor in the object field `key`, errors prefixed with the field's name.
at::Tensor tensor_field(const nlohmann::json& j, const std::string& key) {
  const nlohmann::json& obj = json_object_field(j, key);
  try {
    return read_tensor(obj);
  } catch (...) {
    rethrow_with_context(key + ": ", "");
  }
}

ConstraintPtr with_bounds(const std::string& name, const at::Tensor& lb, const at::Tensor& ub) {
  if (name == "greater_than")
    return constraints::greater_than(lb);
  if (name == "greater_than_eq")
    return constraints::greater_than_eq(lb);
  if (name == "less_than")
    return constraints::less_than(ub);
  if (name == "interval")
    return constraints::interval(lb, ub);
  if (name == "half_open_interval")
    return constraints::half_open_interval(lb, ub);
  if (name == "integer_interval")
    return constraints::integer_interval(lb, ub);
  return constraints::multinomial(ub);
}

} // namespace

void to_json(nlohmann::json& j, const ConstraintPtr& constraint) {
  if (!constraint)
    throw Error("a null constraint cannot be written to JSON");
  const std::string name = constraint->name();
  j = nlohmann::json::object();
  j["name"] = name;
  if (nullary().count(name))
    return;
  if (name == "independent") {
    j["base"] = constraint->base();
    j["reinterpreted_batch_ndims"] = constraint->reinterpreted_batch_ndims();
    return;
  }
  if (!has_lower(name) && !has_upper(name))
    throw Error("constraint '" + name +
                "' has no JSON form (only the constraints of "
                "core/dist/constraints/constraints.h have one)");
  if (has_lower(name))
    j["lower_bound"] = tensor_json(constraint->lower_bound());
  if (has_upper(name))
    j["upper_bound"] = tensor_json(constraint->upper_bound());
}

void from_json(const nlohmann::json& j, ConstraintPtr& constraint) {
  json_expect_object(j, "a constraint");
  const std::string name = json_string_field(j, "name");
  auto it = nullary().find(name);
  if (it != nullary().end()) {
    constraint = it->second();
    return;
  }
  if (name == "independent") {
    const int64_t n = json_int_field(j, "reinterpreted_batch_ndims");
    if (n < 0)
      throw Error("field 'reinterpreted_batch_ndims' is " + std::to_string(n) +
                  ", but must be nonnegative");
    const nlohmann::json& base_json = json_object_field(j, "base");
    ConstraintPtr base;
    try {
      from_json(base_json, base);
    } catch (...) {
      rethrow_with_context("base: ", "");
    }
    constraint = constraints::independent(std::move(base), n);
    return;
  }
  if (!has_lower(name) && !has_upper(name))
    throw Error("unknown constraint '" + name + "'");
  const at::Tensor lb = has_lower(name) ? tensor_field(j, "lower_bound") : at::Tensor();
  const at::Tensor ub = has_upper(name) ? tensor_field(j, "upper_bound") : at::Tensor();
  constraint = with_bounds(name, lb, ub);
}

} // namespace kiln::dist
