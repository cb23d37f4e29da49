#pragma once
// Named parameters (pyro.param), kept as unconstrained leaf tensors that optimizers update,
// and read back through biject_to(constraint). One store per runtime, so threads do not share
// parameters unless they are given the same store.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/constraints/constraint.h"

namespace kiln::poutine {

class ParamStore {
public:
  // The constrained value, creating the parameter from `init` (a constrained value) when the
  // store lacks it. `constraint` null means real.
  at::Tensor get_or_create(const std::string& name, const std::function<at::Tensor()>& init,
                           const dist::ConstraintPtr& constraint);
  // The constrained value; throws when there is no such parameter.
  at::Tensor get(const std::string& name) const;
  // Sets (or replaces) a parameter from its constrained value.
  void set(const std::string& name, const at::Tensor& value,
           const dist::ConstraintPtr& constraint = nullptr);
  // Sets (or replaces) a parameter from an unconstrained tensor, kept as given (not copied, not
  // made a leaf): the compiled tier records a guide through views of its input this way.
  void set_unconstrained(const std::string& name, const at::Tensor& unconstrained,
                         const dist::ConstraintPtr& constraint = nullptr);
  // The unconstrained leaf tensor (requires grad) that optimizers update in place.
  at::Tensor unconstrained(const std::string& name) const;
  dist::ConstraintPtr constraint(const std::string& name) const;

  bool contains(const std::string& name) const { return params_.count(name) != 0; }
  // Names in the order the parameters were created.
  std::vector<std::string> names() const { return order_; }
  size_t size() const { return order_.size(); }
  void erase(const std::string& name);
  void clear();

  // Writes every parameter to one JSON file: name, constraint, dtype, shape, and the
  // unconstrained values with enough digits to read back bit-identical.
  void save(const std::string& path) const;
  // Reads a file written by save, replacing parameters of the same names. Throws
  // kiln::Error naming the file and what is wrong with it, and then changes nothing.
  void load(const std::string& path);

private:
  struct Entry {
    at::Tensor unconstrained;
    dist::ConstraintPtr constraint;
  };
  const Entry& entry(const std::string& name) const;

  std::map<std::string, Entry> params_;
  std::vector<std::string> order_;
};

} // namespace kiln::poutine
