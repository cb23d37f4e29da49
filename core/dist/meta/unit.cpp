#include "core/dist/meta/unit.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"

namespace kiln::dist {

namespace {
// has_rsample is keyword-only in Pyro (Unit(log_factor, *, has_rsample=None)).
const bool registered = register_family(
    {"Unit",
     {"log_factor", "has_rsample"},
     [](const DistArgs& a) {
       return std::make_shared<Unit>(a.tensor("log_factor"), a.integer_or("has_rsample", 0) != 0);
     },
     {"has_rsample"},
     {}});
} // namespace

Unit::Unit(TensorArg log_factor, bool has_rsample) : has_rsample_(has_rsample) {
  init_params({{"log_factor", std::move(log_factor), constraints::real()}}, {0});
}

std::shared_ptr<Distribution> Unit::clone() const {
  return std::make_shared<Unit>(*this);
}

at::Tensor Unit::sample(const Shape& sample_shape) const {
  return at::empty(extended_shape(sample_shape), options());
}

at::Tensor Unit::rsample(const Shape& sample_shape) const {
  if (!has_rsample_)
    throw NotSupportedError("Unit has no reparameterized sampler (it was built with has_rsample "
                            "false); use sample()");
  return sample(sample_shape);
}

// Pyro: log_factor expanded to broadcast(batch_shape, value.shape[:-1]). Adding the sum over
// the empty event (exactly zero) does that broadcast and keeps log_prob a function of the value
// under autograd, with the (empty) zero gradient it mathematically has.
at::Tensor Unit::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return log_factor() + value.sum(-1).to(log_factor().scalar_type());
}

ConstraintPtr Unit::support() const {
  return constraints::real();
}

} // namespace kiln::dist
