#include "core/infer/enum/log_sum_product.h"

#include <cmath>

#include <ATen/ATen.h>
#include <ATen/ExpandUtils.h>
#include <torch/csrc/autograd/custom_function.h>

#include "core/util/shape.h"

namespace kiln::infer {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Below this many elements a slice, the per-op cost of slicing outweighs the passes it saves.
constexpr int64_t kMinSlice = 8192;

// The slice of factor `f` at index `i` of `dim` (a factor of size 1 there broadcasts).
at::Tensor slice_of(const at::Tensor& f, int64_t dim, int64_t i) {
  return f.select(dim, f.size(dim) == 1 ? 0 : i);
}

// Writes the sum of the factors' slices at index `i` of `dim` into `out`.
void slice_sum_into(at::Tensor& out, const std::vector<at::Tensor>& factors, int64_t dim,
                    int64_t i) {
  if (factors.size() == 1) {
    out.copy_(slice_of(factors[0], dim, i));
    return;
  }
  at::add_out(out, slice_of(factors[0], dim, i), slice_of(factors[1], dim, i));
  for (size_t k = 2; k < factors.size(); ++k)
    out.add_(slice_of(factors[k], dim, i));
}

Shape broadcast_shape(const std::vector<at::Tensor>& factors) {
  Shape shape;
  for (const at::Tensor& f : factors)
    shape = broadcast_shapes(shape, to_shape(f.sizes()));
  return shape;
}

// Forward keeps exp(x - max) of every slice, written once; backward is then one multiply per
// slice: d result / d x = exp(x - max) / total.
class LogSumProduct : public torch::autograd::Function<LogSumProduct> {
public:
  static at::Tensor forward(AutogradContext* ctx, at::TensorList list, int64_t dim) {
    const std::vector<at::Tensor> factors(list.begin(), list.end());
    const Shape shape = broadcast_shape(factors);
    const int64_t n = shape[dim];
    at::Tensor shifted = at::empty(shape, factors.front().options());
    at::Tensor max;
    for (int64_t i = 0; i < n; ++i) {
      at::Tensor x = shifted.select(dim, i);
      slice_sum_into(x, factors, dim, i);
      max = max.defined() ? at::maximum(max, x) : x.clone();
    }
    // All -inf (or an infinite max) would make x - max NaN: shift by 0 there, as ATen does.
    max.masked_fill_(max.abs() == INFINITY, 0);
    at::Tensor total = at::zeros_like(max);
    for (int64_t i = 0; i < n; ++i)
      total.add_(shifted.select(dim, i).sub_(max).exp_());
    ctx->save_for_backward({shifted, total});
    for (size_t k = 0; k < factors.size(); ++k)
      ctx->saved_data["shape" + std::to_string(k)] = factors[k].sizes().vec();
    ctx->saved_data["factors"] = static_cast<int64_t>(factors.size());
    ctx->saved_data["dim"] = dim;
    return total.log().add_(max);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_output) {
    const variable_list saved = ctx->get_saved_variables();
    const at::Tensor& shifted = saved[0];
    const at::Tensor scale = grad_output[0] / saved[1];
    const int64_t dim = ctx->saved_data["dim"].toInt();
    const auto count = static_cast<size_t>(ctx->saved_data["factors"].toInt());
    const int64_t n = shifted.size(dim);
    variable_list grads(count + 1);
    // A factor with the full shape takes its slice of the gradient as written; the others sum
    // it over the dims they broadcast along.
    std::vector<bool> full(count);
    for (size_t k = 0; k < count; ++k) {
      if (!ctx->needs_input_grad(k))
        continue;
      const std::vector<int64_t> shape = ctx->saved_data["shape" + std::to_string(k)].toIntVector();
      full[k] = shape == shifted.sizes().vec();
      grads[k] =
          full[k] ? at::empty(shape, shifted.options()) : at::zeros(shape, shifted.options());
    }
    for (int64_t i = 0; i < n; ++i) {
      at::Tensor g;
      for (size_t k = 0; k < count && !g.defined(); ++k)
        if (grads[k].defined() && full[k]) {
          g = grads[k].select(dim, i);
          at::mul_out(g, shifted.select(dim, i), scale);
        }
      if (!g.defined())
        g = shifted.select(dim, i) * scale;
      for (size_t k = 0; k < count; ++k) {
        if (!grads[k].defined())
          continue;
        at::Tensor into = slice_of(grads[k], dim, i);
        if (full[k]) {
          if (!into.is_same(g))
            into.copy_(g);
        } else {
          into.add_(at::sum_to(g, into.sizes()));
        }
      }
    }
    return grads;
  }
};

} // namespace

at::Tensor log_sum_product(const std::vector<at::Tensor>& factors, int64_t dim) {
  const Shape shape = broadcast_shape(factors);
  int64_t slice = 1;
  for (size_t d = 0; d < shape.size(); ++d)
    if (static_cast<int64_t>(d) != dim)
      slice *= shape[d];
  if (slice < kMinSlice) {
    at::Tensor sum = factors.front();
    for (size_t k = 1; k < factors.size(); ++k)
      sum = sum + factors[k];
    return at::logsumexp(sum, {dim});
  }
  return LogSumProduct::apply(at::TensorList(factors), dim);
}

} // namespace kiln::infer
