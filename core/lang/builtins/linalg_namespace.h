#pragma once
// torch.linalg: cholesky, inv, det, slogdet, solve, solve_triangular, norm, vector_norm.

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_linalg_namespace();

} // namespace kiln::lang
