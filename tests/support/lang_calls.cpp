#include "tests/support/lang_calls.h"

#include "core/lang/builtins/tensor_methods.h"
#include "core/util/error.h"

namespace kiln::test {

lang::Value attr(const lang::Value& object, const std::string& name) {
  lang::Value out;
  bool found = false;
  if (auto t = object.get_if<at::Tensor>())
    found = lang::tensor_attribute(*t, name, out);
  else if (auto o = object.get_if<lang::ObjectPtr>())
    found = (*o)->get_attribute(name, out);
  if (!found)
    throw Error("test: " + lang::type_name(object) + " has no attribute '" + name + "'");
  return out;
}

lang::Value call(const lang::Value& f, std::vector<lang::Value> positional, Keywords keywords) {
  auto o = f.get_if<lang::ObjectPtr>();
  if (!o)
    throw Error("test: '" + lang::type_name(f) + "' is not callable");
  lang::CallArgs args{std::move(positional), std::move(keywords)};
  return (*o)->call(args);
}

lang::Value call(const lang::Value& object, const std::string& name,
                 std::vector<lang::Value> positional, Keywords keywords) {
  return call(attr(object, name), std::move(positional), std::move(keywords));
}

at::Tensor tensor(const lang::Value& v) {
  if (auto t = v.get_if<at::Tensor>())
    return *t;
  throw Error("test: expected a Tensor, got '" + lang::type_name(v) + "'");
}

} // namespace kiln::test
