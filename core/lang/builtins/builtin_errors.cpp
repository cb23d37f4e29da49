#include "core/lang/builtins/builtin_errors.h"

#include <c10/util/Exception.h>

#include "core/util/error.h"

namespace kiln::lang {

namespace {

bool mentions_shape(const std::string& message) {
  for (const char* word : {"size", "shape", "dimension", "broadcast"})
    if (message.find(word) != std::string::npos)
      return true;
  return false;
}

} // namespace

void throw_aten_error(const std::string& function, const c10::Error& error) {
  std::string message = error.what_without_backtrace();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  const bool shape = dynamic_cast<const c10::IndexError*>(&error) || mentions_shape(message);
  message = function + "(): " + message;
  if (dynamic_cast<const c10::LinAlgError*>(&error))
    throw DomainError(message);
  if (shape)
    throw ShapeError(message);
  throw Error(message);
}

Value call_named(const std::string& function, const BuiltinBody& body, const BoundArgs& args) {
  const std::string prefix = function + "(): ";
  try {
    return body(args);
  } catch (const c10::Error& e) {
    throw_aten_error(function, e);
  } catch (const ShapeError& e) {
    throw ShapeError(prefix + e.what());
  } catch (const DomainError& e) {
    throw DomainError(prefix + e.what());
  } catch (const NotSupportedError& e) {
    throw NotSupportedError(prefix + e.what());
  } catch (const Error& e) {
    throw Error(prefix + e.what());
  }
}

BuiltinBody named_errors(std::string function, BuiltinBody body) {
  return [function = std::move(function), body = std::move(body)](const BoundArgs& args) {
    return call_named(function, body, args);
  };
}

void define_builtin(Namespace& ns, const std::string& name, std::vector<Param> params,
                    BuiltinBody body) {
  ns.define_function(name, std::move(params),
                     named_errors(ns.name() + "." + name, std::move(body)));
}

} // namespace kiln::lang
