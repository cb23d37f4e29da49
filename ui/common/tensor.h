#pragma once
// ATen's IValue has a method named `slots`, which Qt defines as a keyword macro: in ui/, include
// the tensor type (and every core header that uses it) after this header, which brings it in
// with the macro lifted.
#pragma push_macro("slots")
#undef slots
#include <ATen/core/Tensor.h>
#pragma pop_macro("slots")
