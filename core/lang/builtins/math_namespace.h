#pragma once
// Python's `math` module on Python numbers (one-element tensors are read as numbers, as Python's
// math functions take them): constants, sqrt, exp, log (with base), lgamma, erf, trigonometry,
// floor/ceil (ints), isnan, factorial, comb. A value outside a function's domain throws
// DomainError "math.sqrt(): math domain error".

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_math_namespace();

} // namespace kiln::lang
