#include "core/lang/builtins/infer_namespace.h"

#include "core/lang/conversions.h"
#include "core/lang/interpreter.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

// A model function run under poutine.config_enumerate. It is a Function with the model's
// signature, so that `model = config_enumerate(model)` stays a model that data binds to.
class EnumeratedFunction : public Function {
public:
  EnumeratedFunction(const Function& fn, std::string strategy, bool expand)
      : Function(fn), strategy_(std::move(strategy)), expand_(expand) {}
  Value call(CallArgs& args) override {
    Value result;
    poutine::config_enumerate([&] { result = Function::call(args); }, strategy_, expand_)();
    return result;
  }

private:
  std::string strategy_;
  bool expand_;
};

// `fn` run under poutine.config_enumerate: a callable with fn's arguments.
Value enumerated(const Value& fn, const std::string& strategy, bool expand) {
  auto callee = fn.get_if<ObjectPtr>();
  if (!callee)
    throw Error("config_enumerate(): fn must be callable, not '" + type_name(fn) + "'");
  ObjectPtr target = *callee;
  if (auto* function = dynamic_cast<const Function*>(target.get()))
    return Value(ObjectPtr(std::make_shared<EnumeratedFunction>(*function, strategy, expand)));
  return Value(make_builtin(
      "config_enumerate(" + target->repr() + ")", {star("args"), star_star("kwargs")},
      [target, strategy, expand](const BoundArgs& a) {
        CallArgs args;
        args.positional = a[0].get<TuplePtr>()->items;
        for (const auto& [k, v] : a[1].get<DictPtr>()->items)
          args.keywords.emplace_back(k.get<std::string>(), v);
        Value result;
        poutine::config_enumerate([&] { result = target->call(args); }, strategy, expand)();
        return result;
      }));
}

} // namespace

NamespacePtr make_infer_namespace() {
  auto ns = std::make_shared<Namespace>("pyro.infer");
  ns->define_function("config_enumerate",
                      {optional("guide", None{}), optional("default", "parallel"),
                       optional("expand", false), optional("num_samples", None{})},
                      [](const BoundArgs& a) {
                        const std::string strategy = to_str(a[1], "config_enumerate(): default");
                        if (strategy != "parallel" && strategy != "sequential")
                          throw Error("config_enumerate(): default is '" + strategy +
                                      "', but must be 'parallel' or 'sequential'");
                        if (!a[3].is_none())
                          throw NotSupportedError(
                              "config_enumerate(): num_samples (Monte Carlo enumeration) "
                              "is not supported");
                        const bool expand = to_bool(a[2], "config_enumerate(): expand");
                        if (!a[0].is_none())
                          return enumerated(a[0], strategy, expand);
                        // config_enumerate(default=...) returns the decorator.
                        return Value(make_builtin("config_enumerate", {required("fn")},
                                                  [strategy, expand](const BoundArgs& b) {
                                                    return enumerated(b[0], strategy, expand);
                                                  }));
                      });
  return ns;
}

} // namespace kiln::lang
