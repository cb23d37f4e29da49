#include "core/lang/builtins/pyro_namespace.h"

#include <optional>

#include <ATen/ATen.h>

#include "core/dist/validation.h"
#include "core/lang/builtins/dist_namespace.h"
#include "core/lang/builtins/iteration.h"
#include "core/lang/conversions.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/condition.h"
#include "core/poutine/handlers/markov.h"
#include "core/poutine/handlers/mask.h"
#include "core/poutine/handlers/scale.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::lang {

namespace {

// Nested dicts are flattened to dotted keys: infer={"baseline": {"baseline_beta": 0.95}} is
// {"baseline.baseline_beta": 0.95}, as TraceGraph_ELBO reads it.
void add_infer_entries(const DictPtr& d, const std::string& prefix, poutine::InferDict& infer) {
  for (const auto& [k, value] : d->items) {
    const std::string key = prefix + to_str(k, "pyro.sample(): infer keys");
    if (auto inner = value.get_if<DictPtr>())
      add_infer_entries(*inner, key + ".", infer);
    else if (auto s = value.get_if<std::string>())
      infer[key] = *s;
    else if (auto b = value.get_if<bool>())
      infer[key] = *b;
    else if (auto i = value.get_if<int64_t>())
      infer[key] = *i;
    else if (auto x = value.get_if<double>())
      infer[key] = *x;
    else
      infer[key] = to_tensor(value, "pyro.sample(): infer['" + key + "']");
  }
}

poutine::InferDict infer_dict(const Value& v) {
  poutine::InferDict infer;
  if (v.is_none())
    return infer;
  auto d = v.get_if<DictPtr>();
  if (!d)
    type_error("pyro.sample(): infer", "a dict", v);
  add_infer_entries(*d, "", infer);
  return infer;
}

// A plate as the language uses it: `with pyro.plate(...) as idx:` (vectorized) or
// `for i in pyro.plate(...)` (sequential). The handler is made on first use, so a plate used
// as a loop draws its subsample only once.
class PlateObject : public Object {
public:
  PlateObject(std::string name, int64_t size, poutine::PlateOptions options)
      : name_(std::move(name)), size_(size), options_(std::move(options)) {}
  std::string type_name() const override { return "plate"; }
  std::string repr() const override {
    return "plate('" + name_ + "', " + std::to_string(size_) + ")";
  }

  Value enter() override {
    if (!handler_)
      handler_.emplace(name_, size_, options_);
    scope_.emplace(*handler_);
    return handler_->indices();
  }
  void exit() noexcept override { scope_.reset(); }

  std::unique_ptr<Iterator> iterate() override {
    class Steps : public Iterator {
    public:
      Steps(const std::string& name, int64_t size, const poutine::PlateOptions& o)
          : plate_(name, size, o) {}
      bool next(Value& out) override {
        int64_t i = 0;
        if (!plate_.next(i))
          return false;
        out = i;
        return true;
      }

    private:
      poutine::SequentialPlate plate_;
    };
    return std::make_unique<Steps>(name_, size_, options_);
  }

  bool get_attribute(const std::string& name, Value& out) override {
    if (name == "subsample_size") {
      out = handler_ ? handler_->subsample_size()
                     : (options_.subsample_size ? options_.subsample_size : size_);
      return true;
    }
    if (name == "size") {
      out = size_;
      return true;
    }
    if (name == "dim" && handler_ && handler_->dim()) {
      out = *handler_->dim();
      return true;
    }
    return false;
  }

private:
  std::string name_;
  int64_t size_;
  poutine::PlateOptions options_;
  std::optional<poutine::PlateHandler> handler_;
  std::optional<poutine::HandlerScope> scope_;
};

// A poutine handler used as `with poutine.scale(scale=...):` or as `poutine.scale(fn, ...)`.
class HandlerObject : public Object {
public:
  HandlerObject(std::string name, std::unique_ptr<poutine::Handler> handler)
      : name_(std::move(name)), handler_(std::move(handler)) {}
  std::string type_name() const override { return name_; }

  Value enter() override {
    scope_.emplace(*handler_);
    return Value();
  }
  void exit() noexcept override { scope_.reset(); }
  poutine::Handler& handler() { return *handler_; }

  // A wrapped function: calling it runs the function under the handler.
  Value wrap(const Value& fn) {
    auto callee = fn.get_if<ObjectPtr>();
    if (!callee)
      throw Error(name_ + "(): fn must be callable, not '" + type_name_of(fn) + "'");
    return Value(ObjectPtr(std::make_shared<WrappedFunction>(name_ + "(" + (*callee)->repr() + ")",
                                                             shared_from_this(), *callee)));
  }

private:
  static std::string type_name_of(const Value& v) { return lang::type_name(v); }
  std::string name_;
  std::unique_ptr<poutine::Handler> handler_;
  std::optional<poutine::HandlerScope> scope_;
};

// `for t in pyro.markov(range(T)):` and `with pyro.markov():`.
class MarkovObject : public Object {
public:
  MarkovObject(Value iterable, int64_t history, bool keep)
      : iterable_(std::move(iterable)), history_(history), keep_(keep) {}
  std::string type_name() const override { return "markov"; }

  Value enter() override {
    scopes_.push_back(std::make_unique<poutine::MarkovScope>(handler_));
    return Value();
  }
  void exit() noexcept override {
    if (!scopes_.empty())
      scopes_.pop_back();
  }

  std::unique_ptr<Iterator> iterate() override {
    class Steps : public Iterator {
    public:
      Steps(std::vector<Value> items, int64_t history, bool keep)
          : items_(std::move(items)), handler_(history, keep) {}
      bool next(Value& out) override {
        if (i_ >= items_.size())
          return false;
        if (!scope_)
          scope_.emplace(handler_);
        handler_.step();
        out = items_[i_++];
        return true;
      }

    private:
      std::vector<Value> items_;
      size_t i_ = 0;
      poutine::MarkovHandler handler_;
      std::optional<poutine::HandlerScope> scope_;
    };
    if (iterable_.is_none())
      throw Error("pyro.markov() needs an iterable to be used in a for loop");
    return std::make_unique<Steps>(iterate_values(iterable_, "pyro.markov(): the iterable"),
                                   history_, keep_);
  }

private:
  Value iterable_;
  int64_t history_;
  bool keep_;
  poutine::MarkovHandler handler_{history_, keep_};
  std::vector<std::unique_ptr<poutine::MarkovScope>> scopes_;
};

std::set<std::string> string_set(const Value& v, const std::string& what) {
  std::set<std::string> out;
  if (v.is_none())
    return out;
  for (const Value& item : to_items(v, what))
    out.insert(to_str(item, what));
  return out;
}

poutine::ValueMap value_map(const Value& v, const std::string& what) {
  poutine::ValueMap out;
  auto d = v.get_if<DictPtr>();
  if (!d)
    type_error(what, "a dict", v);
  for (const auto& [k, value] : (*d)->items)
    out[to_str(k, what)] = to_tensor(value, what);
  return out;
}

} // namespace

NamespacePtr make_poutine_namespace() {
  auto ns = std::make_shared<Namespace>("pyro.poutine");
  ns->define_function(
      "scale", {optional("fn", None{}), optional("scale", 1.0)}, [](const BoundArgs& a) {
        auto h = a[1].is<at::Tensor>()
                     ? std::make_unique<poutine::ScaleHandler>(a[1].get<at::Tensor>())
                     : std::make_unique<poutine::ScaleHandler>(
                           to_double(a[1], "poutine.scale(): scale"));
        return handler_call("scale", a[0], std::move(h));
      });
  ns->define_function(
      "mask", {optional("fn", None{}), optional("mask", None{})}, [](const BoundArgs& a) {
        std::unique_ptr<poutine::MaskHandler> h;
        if (auto b = a[1].get_if<bool>())
          h = std::make_unique<poutine::MaskHandler>(*b);
        else
          h = std::make_unique<poutine::MaskHandler>(to_tensor(a[1], "poutine.mask(): mask"));
        return handler_call("mask", a[0], std::move(h));
      });
  ns->define_function(
      "block",
      {optional("fn", None{}), optional("hide_fn", None{}), optional("expose_fn", None{}),
       optional("hide_all", true), optional("expose_all", false), optional("hide", None{}),
       optional("expose", None{}), optional("hide_types", None{}),
       optional("expose_types", None{})},
      [](const BoundArgs& a) {
        poutine::BlockSpec spec;
        spec.hide = string_set(a[5], "poutine.block(): hide");
        spec.expose = string_set(a[6], "poutine.block(): expose");
        spec.hide_types = string_set(a[7], "poutine.block(): hide_types");
        spec.expose_types = string_set(a[8], "poutine.block(): expose_types");
        return handler_call("block", a[0], std::make_unique<poutine::BlockHandler>(spec));
      });
  ns->define_function("condition", {optional("fn", None{}), optional("data", None{})},
                      [](const BoundArgs& a) {
                        return handler_call("condition", a[0],
                                            std::make_unique<poutine::ConditionHandler>(
                                                value_map(a[1], "poutine.condition(): data")));
                      });
  return ns;
}

Value handler_call(const char* name, const Value& fn, std::unique_ptr<poutine::Handler> handler) {
  auto object = std::make_shared<HandlerObject>(name, std::move(handler));
  if (fn.is_none())
    return Value(ObjectPtr(object));
  return object->wrap(fn);
}

Value WrappedFunction::call(CallArgs& args) {
  // A scope per call, not the handler object's own: the wrapped model may recurse, or run in
  // several chains' threads at once.
  poutine::HandlerScope scope(static_cast<HandlerObject&>(*handler_).handler());
  return wrapped_->call(args);
}

NamespacePtr make_pyro_namespace() {
  auto ns = std::make_shared<Namespace>("pyro");
  ns->define_function("sample",
                      {required("name"), required("fn"), star("args"), keyword_only("obs", None{}),
                       keyword_only("obs_mask", None{}), keyword_only("infer", None{})},
                      [](const BoundArgs& a) {
                        const std::string& name = to_str(a[0], "pyro.sample(): name");
                        // Every model's hot path: error messages are built only on error.
                        auto* d = a[1].is<ObjectPtr>()
                                      ? dynamic_cast<const DistObject*>(a[1].get<ObjectPtr>().get())
                                      : nullptr;
                        if (!d)
                          type_error("pyro.sample('" + name + "'): fn", "a distribution", a[1]);
                        dist::DistPtr fn = d->dist;
                        at::Tensor obs;
                        if (auto t = a[3].get_if<at::Tensor>())
                          obs = *t;
                        else if (!a[3].is_none())
                          obs = to_tensor(a[3], "pyro.sample('" + name + "'): obs");
                        if (!a[4].is_none())
                          fn = fn->mask(to_tensor(a[4], "pyro.sample('" + name + "'): obs_mask"));
                        return Value(poutine::sample(name, fn, obs, infer_dict(a[5])));
                      });
  ns->define_function("param",
                      {required("name"), optional("init_tensor", None{}),
                       optional("constraint", None{}), optional("event_dim", None{})},
                      [](const BoundArgs& a) {
                        const std::string& name = to_str(a[0], "pyro.param(): name");
                        const std::string what = "pyro.param('" + name + "'): init_tensor";
                        auto as_init = [what](const Value& v) {
                          at::Tensor t = to_tensor(v, what);
                          return t.is_floating_point() ? t : t.to(at::kDouble);
                        };
                        dist::ConstraintPtr c;
                        if (!a[2].is_none())
                          c = to_constraint(a[2], "pyro.param('" + name + "'): constraint");
                        std::optional<int64_t> event_dim;
                        if (!a[3].is_none())
                          event_dim = to_int(a[3], "pyro.param(): event_dim");
                        if (auto callable = a[1].get_if<ObjectPtr>())
                          // As Pyro: a callable initial value runs only when the param is made.
                          return Value(poutine::param(
                              name,
                              [f = *callable, as_init] {
                                CallArgs none;
                                return as_init(f->call(none));
                              },
                              c, event_dim));
                        at::Tensor init;
                        if (!a[1].is_none())
                          init = as_init(a[1]);
                        return Value(poutine::param(name, init, c, event_dim));
                      });
  ns->define_function(
      "plate",
      {required("name"), optional("size", None{}), optional("subsample_size", None{}),
       optional("subsample", None{}), optional("dim", None{}), optional("use_cuda", None{}),
       optional("device", None{})},
      [](const BoundArgs& a) {
        const std::string& name = to_str(a[0], "pyro.plate(): name");
        poutine::PlateOptions o;
        if (!a[3].is_none())
          o.subsample = to_tensor(a[3], "pyro.plate('" + name + "'): subsample");
        int64_t size = a[1].is_none() ? (o.subsample.defined() ? o.subsample.numel() : -1)
                                      : to_int(a[1], "pyro.plate('" + name + "'): size");
        if (size < 0)
          throw Error("pyro.plate('" + name + "'): size is required");
        if (!a[2].is_none())
          o.subsample_size = to_int(a[2], "pyro.plate('" + name + "'): subsample_size");
        if (!a[4].is_none())
          o.dim = to_int(a[4], "pyro.plate('" + name + "'): dim");
        return Value(ObjectPtr(std::make_shared<PlateObject>(name, size, o)));
      });
  ns->define_function(
      "deterministic", {required("name"), required("value"), optional("event_dim", None{})},
      [](const BoundArgs& a) {
        const std::string& name = to_str(a[0], "pyro.deterministic(): name");
        int64_t event_dim = a[2].is_none() ? 0 : to_int(a[2], "event_dim");
        return Value(poutine::deterministic(
            name, to_tensor(a[1], "pyro.deterministic('" + name + "'): value"), event_dim));
      });
  ns->define_function(
      "factor", {required("name"), required("log_factor"), keyword_only("has_rsample", None{})},
      [](const BoundArgs& a) {
        const std::string& name = to_str(a[0], "pyro.factor(): name");
        poutine::factor(name, to_tensor(a[1], "pyro.factor('" + name + "'): log_factor"),
                        !a[2].is_none() && truthy(a[2]));
        return Value();
      });
  ns->define_function(
      "subsample", {required("data"), required("event_dim")}, [](const BoundArgs& a) {
        return Value(poutine::subsample(to_tensor(a[0], "pyro.subsample(): data"),
                                        to_int(a[1], "pyro.subsample(): event_dim")));
      });
  ns->define_function(
      "module", {required("name"), required("nn_module"), optional("update_module_params", false)},
      [](const BoundArgs& a) {
        const std::string& name = to_str(a[0], "pyro.module(): name");
        auto o = a[1].get_if<ObjectPtr>();
        auto* m = o ? dynamic_cast<poutine::Module*>(o->get()) : nullptr;
        if (!m)
          type_error("pyro.module('" + name + "'): nn_module", "a torch.nn module", a[1]);
        poutine::module(name, *m);
        return a[1];
      });
  ns->define_function(
      "markov",
      {optional("fn", None{}), optional("history", int64_t(1)), optional("keep", false),
       optional("dim", None{}), optional("name", None{})},
      [](const BoundArgs& a) {
        return Value(ObjectPtr(std::make_shared<MarkovObject>(
            a[0], to_int(a[1], "pyro.markov(): history"), to_bool(a[2], "pyro.markov(): keep"))));
      });
  ns->define_function("clear_param_store", {}, [](const BoundArgs&) {
    poutine::param_store().clear();
    return Value();
  });
  ns->define_function("set_rng_seed", {required("rng_seed")}, [](const BoundArgs& a) {
    manual_seed(static_cast<uint64_t>(to_int(a[0], "pyro.set_rng_seed(): rng_seed")));
    return Value();
  });
  ns->define_function("enable_validation", {optional("is_validate", true)}, [](const BoundArgs& a) {
    dist::enable_validation(to_bool(a[0], "pyro.enable_validation(): is_validate"));
    return Value();
  });
  ns->define("distributions", Value(ObjectPtr(make_distributions_namespace())));
  ns->define("poutine", Value(ObjectPtr(make_poutine_namespace())));
  return ns;
}

} // namespace kiln::lang
