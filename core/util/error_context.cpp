#include "core/util/error_context.h"

#include <exception>

#include <c10/util/Exception.h>

#include "core/util/error.h"

namespace kiln {

namespace {

// Torch reports broadcasting failures as plain c10::Errors; they are shape errors of the model.
bool is_torch_shape_message(const std::string& message) {
  for (const char* marker : {"must match the size", "shape", "size mismatch", "dimension"})
    if (message.find(marker) != std::string::npos)
      return true;
  return false;
}

} // namespace

void rethrow_with_context(const std::string& prefix, const std::string& suffix) {
  try {
    throw;
  } catch (const ShapeError& e) {
    throw ShapeError(prefix + e.what() + suffix);
  } catch (const DomainError& e) {
    throw DomainError(prefix + e.what() + suffix);
  } catch (const NotSupportedError& e) {
    throw NotSupportedError(prefix + e.what() + suffix);
  } catch (const Error& e) {
    throw Error(prefix + e.what() + suffix);
  } catch (const c10::Error& e) {
    std::string message = e.what_without_backtrace();
    if (is_torch_shape_message(message))
      throw ShapeError(prefix + message + suffix);
    throw Error(prefix + message + suffix);
  } catch (const std::exception& e) {
    throw Error(prefix + e.what() + suffix);
  }
}

} // namespace kiln
