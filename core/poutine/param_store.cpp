#include "core/poutine/param_store.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/transforms/biject_to.h"
#include "core/util/error.h"

namespace kiln::poutine {

namespace {

dist::ConstraintPtr or_real(const dist::ConstraintPtr& constraint) {
  return constraint ? constraint : dist::constraints::real();
}

at::Tensor to_unconstrained(const std::string& name, const at::Tensor& value,
                            const dist::ConstraintPtr& constraint) {
  at::Tensor v = value.detach();
  if (!v.is_floating_point())
    v = v.to(at::kDouble);
  at::Tensor ok = constraint->check(v);
  if (!ok.all().item<bool>())
    throw DomainError("param '" + name + "': the value given is not " + constraint->requirement());
  return dist::biject_to(constraint)->inverse(v).detach().clone().requires_grad_(true);
}

} // namespace

at::Tensor ParamStore::get_or_create(const std::string& name,
                                     const std::function<at::Tensor()>& init,
                                     const dist::ConstraintPtr& constraint) {
  if (!contains(name)) {
    if (!init)
      throw Error("param '" + name + "' does not exist and no initial value was given");
    set(name, init(), constraint);
  }
  return get(name);
}

at::Tensor ParamStore::get(const std::string& name) const {
  const Entry& e = entry(name);
  return dist::biject_to(e.constraint)->forward(e.unconstrained);
}

void ParamStore::set(const std::string& name, const at::Tensor& value,
                     const dist::ConstraintPtr& constraint) {
  dist::ConstraintPtr c = or_real(constraint);
  Entry e{to_unconstrained(name, value, c), c};
  if (!contains(name))
    order_.push_back(name);
  params_[name] = std::move(e);
}

void ParamStore::set_unconstrained(const std::string& name, const at::Tensor& unconstrained,
                                   const dist::ConstraintPtr& constraint) {
  if (!contains(name))
    order_.push_back(name);
  params_[name] = Entry{unconstrained, or_real(constraint)};
}

at::Tensor ParamStore::unconstrained(const std::string& name) const {
  return entry(name).unconstrained;
}

dist::ConstraintPtr ParamStore::constraint(const std::string& name) const {
  return entry(name).constraint;
}

void ParamStore::erase(const std::string& name) {
  params_.erase(name);
  order_.erase(std::remove(order_.begin(), order_.end(), name), order_.end());
}

void ParamStore::clear() {
  params_.clear();
  order_.clear();
}

const ParamStore::Entry& ParamStore::entry(const std::string& name) const {
  auto it = params_.find(name);
  if (it == params_.end())
    throw Error("no param named '" + name + "' in the param store");
  return it->second;
}

} // namespace kiln::poutine
