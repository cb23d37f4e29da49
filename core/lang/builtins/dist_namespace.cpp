#include "core/lang/builtins/dist_namespace.h"

#include "core/lang/builtins/transforms_namespace.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"
#include "core/util/error_context.h"

namespace kiln::lang {

namespace {

Shape shape_arg(const Value& v, const std::string& what) {
  if (v.is_none())
    return {};
  return to_int_list(v, what);
}

// Runs a distribution method, turning torch's errors into kiln errors naming the method.
template <class F> Value guarded(const std::string& what, F&& f) {
  try {
    return f();
  } catch (...) {
    rethrow_with_context(what + ": ", "");
  }
}

// A family's constructor: binds arguments by the registry's names, in Pyro's order.
class FamilyObject : public Object {
public:
  explicit FamilyObject(const dist::FamilyInfo& info) : info_(info) {}
  std::string type_name() const override { return "type"; }
  std::string repr() const override { return "<class '" + info_.name + "'>"; }

  Value call(CallArgs& args) override {
    dist::DistArgs dargs;
    if (args.positional.size() > info_.arg_names.size())
      throw Error(info_.name + "() takes at most " + std::to_string(info_.arg_names.size()) +
                  " arguments (" + std::to_string(args.positional.size()) + " given)");
    for (size_t i = 0; i < args.positional.size(); ++i)
      dargs.set(info_.arg_names[i], convert(info_.arg_names[i], args.positional[i]));
    for (auto& [name, value] : args.keywords) {
      if (name == "validate_args")
        continue;
      if (dargs.has(name))
        throw Error(info_.name + "() got multiple values for argument '" + name + "'");
      dargs.set(name, convert(name, value));
    }
    try {
      return distribution_value(dist::make_distribution(info_.name, std::move(dargs)));
    } catch (const std::exception& e) {
      // The family's own errors name it already: "Normal: scale is -1, but must be positive".
      const bool named = std::string(e.what()).rfind(info_.name + ":", 0) == 0;
      rethrow_with_context(named ? "" : info_.name + "(): ", "");
    }
  }

private:
  dist::ArgValue convert(const std::string& name, const Value& v) const {
    const std::string what = info_.name + "(): argument '" + name + "'";
    if (auto o = v.get_if<ObjectPtr>()) {
      if (auto d = dynamic_cast<const DistObject*>(o->get()))
        return d->dist;
      if (auto c = dynamic_cast<const ConstraintObject*>(o->get()))
        return c->constraint;
      if (auto t = transform_of(v))
        return t;
    }
    if (name == "transforms") {
      std::vector<dist::TransformPtr> transforms;
      for (const Value& item : to_items(v, what)) {
        transforms.push_back(transform_of(item));
        if (!transforms.back())
          type_error(what + ": each item", "a transform", item);
      }
      return transforms;
    }
    if (name.find("shape") != std::string::npos)
      return Shape(shape_arg(v, what));
    return to_tensor_arg(v, what);
  }

  const dist::FamilyInfo& info_;
};

Value method(const std::string& name, std::vector<Param> params, BuiltinBody body) {
  return Value(make_builtin(name, std::move(params), std::move(body)));
}

} // namespace

dist::DistPtr to_distribution(const Value& value, const std::string& what) {
  if (auto o = value.get_if<ObjectPtr>())
    if (auto d = dynamic_cast<const DistObject*>(o->get()))
      return d->dist;
  type_error(what, "a distribution", value);
}

dist::ConstraintPtr to_constraint(const Value& value, const std::string& what) {
  if (auto o = value.get_if<ObjectPtr>())
    if (auto c = dynamic_cast<const ConstraintObject*>(o->get()))
      return c->constraint;
  type_error(what, "a constraint", value);
}

bool ConstraintObject::get_attribute(const std::string& name, Value& out) {
  if (name == "event_dim") {
    out = Value(constraint->event_dim());
    return true;
  }
  if (name != "check")
    return false;
  auto c = constraint;
  out = Value(make_builtin("Constraint.check", {required("value")}, [c](const BoundArgs& a) {
    return Value(c->check(to_tensor(a[0], "check(): value")));
  }));
  return true;
}

Value distribution_value(dist::DistPtr d) {
  return Value(ObjectPtr(std::make_shared<DistObject>(std::move(d))));
}

bool DistObject::get_attribute(const std::string& name, Value& out) {
  const dist::DistPtr d = dist;
  const std::string prefix = d->name() + ".";
  if (name == "batch_shape") {
    out = shape_value(d->batch_shape());
  } else if (name == "event_shape") {
    out = shape_value(d->event_shape());
  } else if (name == "event_dim") {
    out = d->event_dim();
  } else if (name == "has_rsample") {
    out = d->has_rsample();
  } else if (name == "has_enumerate_support") {
    out = d->has_enumerate_support();
  } else if (name == "support") {
    out = Value(ObjectPtr(std::make_shared<ConstraintObject>(d->support())));
  } else if (name == "mean" || name == "variance" || name == "stddev") {
    out = guarded(prefix + name, [&]() -> Value {
      return name == "mean" ? d->mean() : name == "variance" ? d->variance() : d->stddev();
    });
  } else if (name == "sample" || name == "rsample") {
    out = method(prefix + name, {optional("sample_shape", make_tuple())},
                 [d, name](const BoundArgs& a) {
                   Shape shape = shape_arg(a[0], name + "(): sample_shape");
                   return guarded(d->name() + "." + name + "()", [&]() -> Value {
                     return name == "sample" ? d->sample(shape) : d->rsample(shape);
                   });
                 });
  } else if (name == "log_prob" || name == "cdf" || name == "icdf") {
    out = method(prefix + name, {required("value")}, [d, name](const BoundArgs& a) {
      at::Tensor x = to_tensor(a[0], d->name() + "." + name + "(): value");
      return guarded(d->name() + "." + name + "()", [&]() -> Value {
        return name == "log_prob" ? d->log_prob(x) : name == "cdf" ? d->cdf(x) : d->icdf(x);
      });
    });
  } else if (name == "entropy") {
    out = method(prefix + name, {}, [d](const BoundArgs&) {
      return guarded(d->name() + ".entropy()", [&]() -> Value { return d->entropy(); });
    });
  } else if (name == "enumerate_support") {
    out = method(prefix + name, {optional("expand", true)}, [d](const BoundArgs& a) {
      return guarded(d->name() + ".enumerate_support()",
                     [&]() -> Value { return d->enumerate_support(to_bool(a[0], "expand")); });
    });
  } else if (name == "expand") {
    out = method(prefix + name, {required("batch_shape")}, [d](const BoundArgs& a) {
      Shape shape = shape_arg(a[0], d->name() + ".expand(): batch_shape");
      return guarded(d->name() + ".expand()",
                     [&]() -> Value { return distribution_value(d->expand(shape)); });
    });
  } else if (name == "to_event") {
    out = method(prefix + name, {optional("reinterpreted_batch_ndims", None{})},
                 [d](const BoundArgs& a) {
                   std::optional<int64_t> n;
                   if (!a[0].is_none())
                     n = to_int(a[0], "to_event(): reinterpreted_batch_ndims");
                   return guarded(d->name() + ".to_event()",
                                  [&]() -> Value { return distribution_value(d->to_event(n)); });
                 });
  } else if (name == "mask") {
    out = method(prefix + name, {required("mask")}, [d](const BoundArgs& a) {
      return guarded(d->name() + ".mask()", [&]() -> Value {
        if (auto b = a[0].get_if<bool>())
          return distribution_value(d->mask(*b));
        return distribution_value(d->mask(to_tensor(a[0], "mask(): mask")));
      });
    });
  } else {
    for (const dist::Param& p : d->params())
      if (p.name == name) {
        out = p.value;
        return true;
      }
    return false;
  }
  return true;
}

NamespacePtr make_distributions_namespace() {
  auto ns = std::make_shared<Namespace>("pyro.distributions");
  for (const std::string& family : dist::family_names())
    ns->define(family,
               Value(ObjectPtr(std::make_shared<FamilyObject>(*dist::find_family(family)))));
  ns->define("constraints", Value(ObjectPtr(make_constraints_namespace())));
  ns->define("transforms", Value(ObjectPtr(make_transforms_namespace())));
  return ns;
}

NamespacePtr make_constraints_namespace() {
  namespace c = dist::constraints;
  auto ns = std::make_shared<Namespace>("pyro.distributions.constraints");
  auto constant = [&](const char* name, dist::ConstraintPtr constraint) {
    ns->define(name, Value(ObjectPtr(std::make_shared<ConstraintObject>(std::move(constraint)))));
  };
  constant("real", c::real());
  constant("real_vector", c::real_vector());
  constant("positive", c::positive());
  constant("nonnegative", c::nonnegative());
  constant("unit_interval", c::unit_interval());
  constant("simplex", c::simplex());
  constant("ordered_vector", c::ordered_vector());
  constant("positive_ordered_vector", c::positive_ordered_vector());
  constant("lower_cholesky", c::lower_cholesky());
  constant("corr_cholesky", c::corr_cholesky());
  constant("positive_definite", c::positive_definite());
  constant("integer", c::integer());
  constant("nonnegative_integer", c::nonnegative_integer());
  constant("positive_integer", c::positive_integer());
  constant("boolean", c::boolean());
  auto wrap = [](dist::ConstraintPtr constraint) {
    return Value(ObjectPtr(std::make_shared<ConstraintObject>(std::move(constraint))));
  };
  auto bound = [](const Value& v, const std::string& what) {
    return to_tensor(v, what).to(at::kDouble);
  };
  ns->define_function("greater_than", {required("lower_bound")}, [=](const BoundArgs& a) {
    return wrap(c::greater_than(bound(a[0], "greater_than(): lower_bound")));
  });
  ns->define_function("greater_than_eq", {required("lower_bound")}, [=](const BoundArgs& a) {
    return wrap(c::greater_than_eq(bound(a[0], "greater_than_eq(): lower_bound")));
  });
  ns->define_function("less_than", {required("upper_bound")}, [=](const BoundArgs& a) {
    return wrap(c::less_than(bound(a[0], "less_than(): upper_bound")));
  });
  ns->define_function("interval", {required("lower_bound"), required("upper_bound")},
                      [=](const BoundArgs& a) {
                        return wrap(c::interval(bound(a[0], "interval(): lower_bound"),
                                                bound(a[1], "interval(): upper_bound")));
                      });
  ns->define_function(
      "half_open_interval", {required("lower_bound"), required("upper_bound")},
      [=](const BoundArgs& a) {
        return wrap(c::half_open_interval(bound(a[0], "lower_bound"), bound(a[1], "upper_bound")));
      });
  ns->define_function(
      "integer_interval", {required("lower_bound"), required("upper_bound")},
      [=](const BoundArgs& a) {
        return wrap(c::integer_interval(to_int(a[0], "lower_bound"), to_int(a[1], "upper_bound")));
      });
  ns->define_function(
      "independent", {required("base_constraint"), required("reinterpreted_batch_ndims")},
      [=](const BoundArgs& a) {
        return wrap(c::independent(to_constraint(a[0], "independent(): base_constraint"),
                                   to_int(a[1], "reinterpreted_batch_ndims")));
      });
  return ns;
}

} // namespace kiln::lang
