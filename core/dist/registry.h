#pragma once
// Distribution families by name, with their Pyro signatures: how the model language turns
// `dist.Normal(0., scale=2.)` into a distribution, and where plugins add families.
// Each family registers itself from its own source file.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/dist/distribution.h"
#include "core/dist/transforms/transform.h"

namespace kiln::dist {

using ArgValue =
    std::variant<TensorArg, DistPtr, TransformPtr, std::vector<TransformPtr>, ConstraintPtr, Shape>;

// Keyword arguments of one call, after positional ones were bound to names.
class DistArgs {
public:
  DistArgs() = default;
  DistArgs(std::initializer_list<std::pair<const std::string, ArgValue>> args) : args_(args) {}

  void set(const std::string& name, ArgValue value) {
    args_.insert_or_assign(name, std::move(value));
  }
  bool has(const std::string& name) const { return args_.count(name) > 0; }
  const std::map<std::string, ArgValue>& all() const { return args_; }

  // Typed access; a missing required argument or a wrong type throws Error naming the family.
  TensorArg tensor(const std::string& name) const;
  TensorArg tensor_or(const std::string& name, double fallback) const;
  std::optional<TensorArg> optional_tensor(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  int64_t integer_or(const std::string& name, int64_t fallback) const;
  DistPtr distribution(const std::string& name) const;
  std::vector<TransformPtr> transforms(const std::string& name) const;
  ConstraintPtr constraint(const std::string& name) const;
  Shape shape_or(const std::string& name, const Shape& fallback) const;

  std::string family;

private:
  const ArgValue& get(const std::string& name) const;
  std::map<std::string, ArgValue> args_;
};

struct FamilyInfo {
  std::string name;
  // Parameter names in Pyro's positional order; keyword-only ones follow.
  std::vector<std::string> arg_names;
  std::function<DistPtr(const DistArgs&)> make;
  // What a call may leave out, so that the model checker can report a missing argument before
  // the model runs: parameters with a default, and groups of alternative parameterizations
  // (probs | logits) of which a call gives exactly one. The rest of arg_names are required.
  std::vector<std::string> optional_args = {};
  std::vector<std::vector<std::string>> alternatives = {};
};

// Registers a family; returns true so that it can initialize a static in the family's file.
bool register_family(FamilyInfo info);
const FamilyInfo* find_family(const std::string& name);
std::vector<std::string> family_names();
// Builds a family from named arguments; unknown names and missing arguments throw Error.
DistPtr make_distribution(const std::string& family, DistArgs args);

} // namespace kiln::dist
