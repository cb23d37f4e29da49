#include "core/dist/distribution.h"

#include <ATen/ATen.h>

#include "core/dist/checks.h"
#include "core/dist/meta/independent.h"
#include "core/dist/meta/masked.h"
#include "core/dist/validation.h"
#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::dist {

TensorArg::TensorArg(double x) : value_(at::scalar_tensor(x, at::kDouble)), number_(x) {}

Shape Distribution::extended_shape(const Shape& sample_shape) const {
  return concat(concat(sample_shape, batch_shape_), event_shape_);
}

at::Tensor Distribution::sample(const Shape& sample_shape) const {
  if (!has_rsample())
    throw NotSupportedError(name() + " has no sampler");
  at::NoGradGuard no_grad;
  return rsample(sample_shape).detach();
}

at::Tensor Distribution::rsample(const Shape&) const {
  throw NotSupportedError(name() + " has no reparameterized sampler (has_rsample is false)");
}

at::Tensor Distribution::mean() const {
  throw NotSupportedError(name() + " has no closed-form mean");
}

at::Tensor Distribution::variance() const {
  throw NotSupportedError(name() + " has no closed-form variance");
}

at::Tensor Distribution::stddev() const {
  return variance().sqrt();
}

at::Tensor Distribution::entropy() const {
  throw NotSupportedError(name() + " has no closed-form entropy");
}

at::Tensor Distribution::cdf(const at::Tensor&) const {
  throw NotSupportedError(name() + " has no closed-form cdf");
}

at::Tensor Distribution::icdf(const at::Tensor&) const {
  throw NotSupportedError(name() + " has no closed-form icdf");
}

at::Tensor Distribution::enumerate_support(bool) const {
  throw NotSupportedError(name() + " does not have an enumerable support");
}

DistPtr Distribution::expand(const Shape& batch_shape) const {
  if (!expandable(batch_shape_, batch_shape))
    throw ShapeError(name() + ": cannot expand batch shape " + format_shape(batch_shape_) + " to " +
                     format_shape(batch_shape));
  auto d = clone();
  for (auto& p : d->params_)
    p.value =
        p.value.expand(concat(batch_shape, take_right(to_shape(p.value.sizes()), p.event_dim)));
  d->batch_shape_ = batch_shape;
  d->after_expand();
  return d;
}

DistPtr Distribution::to_event(std::optional<int64_t> n) const {
  const int64_t k = n.value_or(static_cast<int64_t>(batch_shape_.size()));
  if (k == 0)
    return shared();
  return std::make_shared<Independent>(shared(), k);
}

DistPtr Distribution::mask(const at::Tensor& mask) const {
  return std::make_shared<Masked>(shared(), mask);
}

DistPtr Distribution::mask(bool mask) const {
  return this->mask(at::scalar_tensor(mask, at::kBool));
}

const at::Tensor& Distribution::param(const std::string& name) const {
  for (const auto& p : params_)
    if (p.name == name)
      return p.value;
  throw Error(this->name() + " has no parameter '" + name + "'");
}

std::string Distribution::repr() const {
  std::string out = name() + "(";
  bool first = true;
  for (const auto& p : params_) {
    if (!p.constraint)
      continue;
    out += (first ? "" : ", ") + p.name + ": ";
    out += p.value.numel() == 1 && p.value.dim() == 0 ? format_number(p.value.item<double>())
                                                      : format_shape(to_shape(p.value.sizes()));
    first = false;
  }
  return out + ")";
}

DistPtr Distribution::shared() const {
  if (auto self = weak_from_this().lock())
    return self;
  return clone();
}

void Distribution::init_params(std::vector<ParamSpec> specs, Shape event_shape) {
  std::optional<at::ScalarType> dtype;
  for (const auto& s : specs) {
    const auto& t = s.arg.tensor();
    if (!s.arg.is_number() && t.defined() && t.is_floating_point())
      dtype = dtype ? at::promote_types(*dtype, t.scalar_type()) : t.scalar_type();
  }
  dtype_ = dtype.value_or(at::kDouble);

  const bool validate = is_validation_enabled();
  Shape batch;
  std::string batch_from;
  std::vector<at::Tensor> values;
  for (const auto& s : specs) {
    const at::Tensor& given = s.arg.tensor();
    at::Tensor t = given.scalar_type() == dtype_ ? given : given.to(dtype_);
    check_min_dims(name(), s.name, t, s.event_dim);
    if (validate && s.constraint)
      check_constraint(name(), s.name, t, *s.constraint);
    const Shape own = drop_right(to_shape(t.sizes()), s.event_dim);
    try {
      batch = broadcast_shapes(batch, own);
    } catch (const ShapeError&) {
      throw ShapeError(name() + ": " + s.name + " has batch shape " + format_shape(own) +
                       ", which does not broadcast with " + batch_from + "'s batch shape " +
                       format_shape(batch));
    }
    if (batch == own)
      batch_from = s.name;
    values.push_back(t);
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    const Shape event = take_right(to_shape(values[i].sizes()), specs[i].event_dim);
    params_.push_back(Param{specs[i].name, values[i].expand(concat(batch, event)),
                            specs[i].constraint, specs[i].event_dim, specs[i].arg.number()});
  }
  batch_shape_ = std::move(batch);
  event_shape_ = std::move(event_shape);
}

void Distribution::add_derived(const std::string& name, at::Tensor value, int64_t event_dim) {
  params_.push_back(Param{name, std::move(value), nullptr, event_dim});
}

void Distribution::validate_sample(const at::Tensor& value) const {
  check_value_shape(name(), value, batch_shape_, event_shape_);
  if (is_validation_enabled())
    check_constraint(name(), "value", value, *support());
}

at::TensorOptions Distribution::options() const {
  return at::TensorOptions().dtype(dtype_);
}

} // namespace kiln::dist
