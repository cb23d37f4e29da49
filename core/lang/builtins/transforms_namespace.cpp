#include "core/lang/builtins/transforms_namespace.h"

#include <ATen/ATen.h>

#include "core/dist/transforms/biject_to.h"
#include "core/dist/transforms/transforms.h"
#include "core/lang/builtins/dist_namespace.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

Value wrap(dist::TransformPtr t) {
  return Value(ObjectPtr(std::make_shared<TransformObject>(std::move(t))));
}

dist::TransformPtr to_transform(const Value& value, const std::string& what) {
  if (auto t = transform_of(value))
    return t;
  type_error(what, "a transform", value);
}

} // namespace

Value TransformObject::call(CallArgs& args) {
  Signature signature(transform->name(), {required("x")});
  BoundArgs a = signature.bind(args);
  return Value(transform->forward(to_tensor(a[0], transform->name() + "(): x")));
}

bool TransformObject::get_attribute(const std::string& name, Value& out) {
  if (name == "inv") {
    out = wrap(transform->inv());
  } else if (name == "domain") {
    out = Value(ObjectPtr(std::make_shared<ConstraintObject>(transform->domain())));
  } else if (name == "codomain") {
    out = Value(ObjectPtr(std::make_shared<ConstraintObject>(transform->codomain())));
  } else if (name == "log_abs_det_jacobian") {
    auto t = transform;
    out = Value(make_builtin(t->name() + ".log_abs_det_jacobian", {required("x"), required("y")},
                             [t](const BoundArgs& a) {
                               return Value(t->log_abs_det_jacobian(
                                   to_tensor(a[0], "log_abs_det_jacobian(): x"),
                                   to_tensor(a[1], "log_abs_det_jacobian(): y")));
                             }));
  } else {
    return false;
  }
  return true;
}

dist::TransformPtr transform_of(const Value& value) {
  if (auto o = value.get_if<ObjectPtr>())
    if (auto t = dynamic_cast<const TransformObject*>(o->get()))
      return t->transform;
  return nullptr;
}

NamespacePtr make_transforms_namespace() {
  namespace d = dist::transforms;
  auto ns = std::make_shared<Namespace>("pyro.distributions.transforms");
  auto nullary = [&](const char* name, dist::TransformPtr (*make)()) {
    ns->define_function(name, {}, [make](const BoundArgs&) { return wrap(make()); });
  };
  nullary("ExpTransform", d::exp);
  nullary("SigmoidTransform", d::sigmoid);
  nullary("TanhTransform", d::tanh);
  nullary("SoftplusTransform", d::softplus);
  nullary("StickBreakingTransform", d::stick_breaking);
  nullary("OrderedTransform", d::ordered);
  nullary("LowerCholeskyTransform", d::lower_cholesky);
  nullary("CorrCholeskyTransform", d::corr_cholesky);
  nullary("CholeskyTransform", d::cholesky);
  ns->define("identity_transform", wrap(d::identity()));
  ns->define_function("PowerTransform", {required("exponent")}, [](const BoundArgs& a) {
    return wrap(d::power(to_tensor(a[0], "PowerTransform(): exponent").to(at::kDouble)));
  });
  ns->define_function(
      "AffineTransform", {required("loc"), required("scale"), optional("event_dim", 0)},
      [](const BoundArgs& a) {
        return wrap(d::affine(to_tensor(a[0], "AffineTransform(): loc").to(at::kDouble),
                              to_tensor(a[1], "AffineTransform(): scale").to(at::kDouble),
                              to_int(a[2], "AffineTransform(): event_dim")));
      });
  ns->define_function("ComposeTransform", {required("parts")}, [](const BoundArgs& a) {
    std::vector<dist::TransformPtr> parts;
    for (const Value& part : to_items(a[0], "ComposeTransform(): parts"))
      parts.push_back(to_transform(part, "ComposeTransform(): each part"));
    return wrap(d::compose(std::move(parts)));
  });
  ns->define_function(
      "IndependentTransform", {required("base_transform"), required("reinterpreted_batch_ndims")},
      [](const BoundArgs& a) {
        return wrap(d::independent(to_transform(a[0], "IndependentTransform(): base_transform"),
                                   to_int(a[1], "IndependentTransform(): "
                                                "reinterpreted_batch_ndims")));
      });
  ns->define_function("biject_to", {required("constraint")}, [](const BoundArgs& a) {
    return wrap(dist::biject_to(to_constraint(a[0], "biject_to(): constraint")));
  });
  return ns;
}

} // namespace kiln::lang
