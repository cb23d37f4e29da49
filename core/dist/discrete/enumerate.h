#pragma once
// The layout enumerate_support gives the values of a finite discrete family (torch's):
// (n,) + (1,) * len(batch_shape) + event_shape, expanded to (n,) + batch_shape + event_shape.

#include <string>

#include <ATen/core/Tensor.h>

#include "core/util/shape.h"

namespace kiln::dist {

// `values` holds the n values along dim 0, each of shape event_shape.
at::Tensor enumerate_values(const at::Tensor& values, const Shape& batch_shape, bool expand,
                            int64_t event_dim = 0);

// The common total count of a Binomial-like family, which torch requires to enumerate it;
// throws NotSupportedError when it varies along the batch.
int64_t homogeneous_total_count(const std::string& family, const at::Tensor& total_count);

} // namespace kiln::dist
