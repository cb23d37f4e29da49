#include "core/lang/modules.h"

#include <map>
#include <mutex>

#include "core/lang/builtins/dist_namespace.h"
#include "core/lang/builtins/functional_namespace.h"
#include "core/lang/builtins/math_namespace.h"
#include "core/lang/builtins/nn_namespace.h"
#include "core/lang/builtins/pyro_namespace.h"
#include "core/lang/builtins/python_builtins.h"
#include "core/lang/builtins/torch_namespace.h"

namespace kiln::lang {

namespace {

struct Modules {
  std::map<std::string, NamespacePtr> by_name;
  NamespacePtr builtins;
};

// Submodules are reachable both by import and as attributes of their parent (torch.nn).
const Modules& modules() {
  static const Modules instance = [] {
    Modules m;
    NamespacePtr torch = make_torch_namespace();
    NamespacePtr nn = make_nn_namespace();
    NamespacePtr functional = make_functional_namespace();
    nn->define("functional", Value(ObjectPtr(functional)));
    torch->define("nn", Value(ObjectPtr(nn)));
    NamespacePtr pyro = make_pyro_namespace();
    Value v;
    pyro->get_attribute("distributions", v);
    auto distributions = std::static_pointer_cast<Namespace>(v.get<ObjectPtr>());
    distributions->get_attribute("constraints", v);
    auto constraints = std::static_pointer_cast<Namespace>(v.get<ObjectPtr>());
    pyro->get_attribute("poutine", v);
    auto poutine = std::static_pointer_cast<Namespace>(v.get<ObjectPtr>());
    pyro->get_attribute("infer", v);
    auto infer = std::static_pointer_cast<Namespace>(v.get<ObjectPtr>());
    Value linalg;
    torch->get_attribute("linalg", linalg);

    m.by_name = {{"torch", torch},
                 {"torch.nn", nn},
                 {"torch.nn.functional", functional},
                 {"pyro", pyro},
                 {"pyro.distributions", distributions},
                 {"pyro.distributions.constraints", constraints},
                 {"pyro.poutine", poutine},
                 {"pyro.infer", infer},
                 {"math", make_math_namespace()}};
    if (auto o = linalg.get_if<ObjectPtr>())
      m.by_name["torch.linalg"] = std::static_pointer_cast<Namespace>(*o);
    m.builtins = make_python_builtins();
    return m;
  }();
  return instance;
}

} // namespace

NamespacePtr find_module(const std::string& dotted_name) {
  const auto& m = modules().by_name;
  auto it = m.find(dotted_name);
  return it == m.end() ? nullptr : it->second;
}

std::vector<std::string> module_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : modules().by_name)
    names.push_back(name);
  return names;
}

Namespace& python_builtins() {
  return *modules().builtins;
}

} // namespace kiln::lang
