#include "core/dist/transforms/biject_to.h"

#include <map>
#include <mutex>

#include <ATen/ATen.h>

#include "core/dist/transforms/transforms.h"
#include "core/util/error.h"

namespace kiln::dist {

namespace {

using namespace transforms;

std::map<std::string, BijectionFactory> builtin_bijections() {
  std::map<std::string, BijectionFactory> m;
  m["real"] = [](const ConstraintPtr&) { return identity(); };
  m["positive"] = [](const ConstraintPtr&) { return exp(); };
  m["nonnegative"] = [](const ConstraintPtr&) { return exp(); };
  m["greater_than"] = [](const ConstraintPtr& c) {
    return compose({exp(), affine(c->lower_bound(), at::ones_like(c->lower_bound()))});
  };
  m["greater_than_eq"] = m["greater_than"];
  m["less_than"] = [](const ConstraintPtr& c) {
    return compose({exp(), affine(c->upper_bound(), -at::ones_like(c->upper_bound()))});
  };
  m["interval"] = [](const ConstraintPtr& c) {
    auto lb = c->lower_bound();
    return compose({sigmoid(), affine(lb, c->upper_bound() - lb)});
  };
  m["half_open_interval"] = m["interval"];
  m["unit_interval"] = [](const ConstraintPtr&) { return sigmoid(); };
  m["simplex"] = [](const ConstraintPtr&) { return stick_breaking(); };
  m["ordered_vector"] = [](const ConstraintPtr&) { return ordered(); };
  m["positive_ordered_vector"] = [](const ConstraintPtr&) { return compose({ordered(), exp()}); };
  m["lower_cholesky"] = [](const ConstraintPtr&) { return lower_cholesky(); };
  m["corr_cholesky"] = [](const ConstraintPtr&) { return corr_cholesky(); };
  m["positive_definite"] = [](const ConstraintPtr&) {
    return compose({lower_cholesky(), cholesky()->inv()});
  };
  auto reinterpret = [](const ConstraintPtr& c) {
    return transforms::independent(biject_to(c->base()), c->reinterpreted_batch_ndims());
  };
  m["independent"] = reinterpret;
  m["real_vector"] = reinterpret;
  return m;
}

struct Registry {
  std::mutex mutex;
  std::map<std::string, BijectionFactory> factories = builtin_bijections();
};

Registry& registry() {
  static Registry r;
  return r;
}

} // namespace

TransformPtr biject_to(const ConstraintPtr& constraint) {
  if (!constraint)
    throw Error("biject_to: no constraint given");
  if (constraint->is_discrete())
    throw NotSupportedError("biject_to: the constraint " + constraint->repr() +
                            " is discrete and has no bijection from the reals");
  BijectionFactory factory;
  {
    auto& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto it = r.factories.find(constraint->name());
    if (it == r.factories.end())
      throw NotSupportedError("biject_to: no bijection is registered for constraint " +
                              constraint->repr());
    factory = it->second;
  }
  return factory(constraint);
}

void register_bijection(const std::string& constraint_name, BijectionFactory factory) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.factories[constraint_name] = std::move(factory);
}

} // namespace kiln::dist
