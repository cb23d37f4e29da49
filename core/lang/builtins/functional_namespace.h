#pragma once
// torch.nn.functional: relu, softplus, sigmoid, tanh, elu, leaky_relu, gelu, softmax,
// log_softmax, one_hot, pad, linear, logsigmoid.

#include <cstdint>

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_functional_namespace();

// The dim softmax takes when none is given (torch's legacy rule, with its warning left out):
// 0 for 0-, 1- and 3-dimensional input, else 1.
int64_t implicit_softmax_dim(int64_t ndim);

} // namespace kiln::lang
