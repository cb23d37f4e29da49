#pragma once
// Errors of builtins that name the builtin: "torch.cat(): Sizes of tensors must match ...".

#include <string>

#include "core/lang/function.h"

namespace c10 {
class Error;
}

namespace kiln::lang {

// ATen's error as a kiln error: index and size errors become ShapeError, failed factorizations
// DomainError (a sampler may reject the point), the rest Error.
[[noreturn]] void throw_aten_error(const std::string& function, const c10::Error& error);

// Runs `body` so that whatever it throws names `function` ("torch.cat"): ATen's errors through
// throw_aten_error, kiln's errors with the prefix "torch.cat(): " and their kind kept.
Value call_named(const std::string& function, const BuiltinBody& body, const BoundArgs& args);
// `body` made to run through call_named.
BuiltinBody named_errors(std::string function, BuiltinBody body);
// Namespace::define_function with named_errors: "<namespace>.<name>" names the errors.
void define_builtin(Namespace& ns, const std::string& name, std::vector<Param> params,
                    BuiltinBody body);

} // namespace kiln::lang
