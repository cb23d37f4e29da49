#include "core/infer/enum/log_sum_product.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>
#include <ATen/ExpandUtils.h>
#include <torch/csrc/autograd/custom_function.h>

#include "core/util/shape.h"
#include "core/util/vector_math.h"

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

// With the slices contiguous (the eliminated dim leftmost, as enumeration puts it): the max over
// the slices in one pass, then exp(x - max) and the running total block by block, so each block
// is read once while it sits in the cache. `shifted` holds the sums on entry and exp(x - max) on
// return; `max` and `total` are filled.
void exp_shift_contiguous(at::Tensor& shifted, int64_t n, at::Tensor& max, at::Tensor& total) {
  const int64_t inner = shifted.numel() / n;
  double* s = shifted.data_ptr<double>();
  double* m = max.data_ptr<double>();
  double* t = total.data_ptr<double>();
  std::copy_n(s, inner, m);
  for (int64_t i = 1; i < n; ++i) {
    const double* x = s + i * inner;
    for (int64_t j = 0; j < inner; ++j)
      m[j] = x[j] > m[j] || std::isnan(x[j]) ? x[j] : m[j];
  }
  // All -inf (or an infinite max) would make x - max NaN: shift by 0 there, as ATen does.
  for (int64_t j = 0; j < inner; ++j)
    m[j] = std::isinf(m[j]) ? 0.0 : m[j];
  std::fill_n(t, inner, 0.0);
  constexpr int64_t kBlock = 512;
  for (int64_t i = 0; i < n; ++i) {
    double* x = s + i * inner;
    for (int64_t j0 = 0; j0 < inner; j0 += kBlock) {
      const int64_t len = std::min(kBlock, inner - j0);
      for (int64_t j = j0; j < j0 + len; ++j)
        x[j] -= m[j];
      vector_exp(x + j0, x + j0, len);
      for (int64_t j = j0; j < j0 + len; ++j)
        t[j] += x[j];
    }
  }
}

// The slices of a float64 tensor along `dim` are contiguous blocks one after the other.
bool contiguous_slices(const at::Tensor& t, int64_t dim) {
  const int64_t n = t.size(dim);
  return t.scalar_type() == at::kDouble && t.is_contiguous() && n > 0 &&
         t.stride(dim) * n == t.numel();
}

// into[broadcast index of j] += g[j] for the `inner` elements of a slice of `shape`, where `into`
// is a factor's gradient slice expanded to that shape (stride 0 along the dims it broadcasts).
void accumulate_broadcast(const double* g, const at::Tensor& into,
                          const std::vector<int64_t>& shape, int64_t inner) {
  double* out = into.data_ptr<double>();
  const std::vector<int64_t> strides = into.strides().vec();
  const auto rank = static_cast<int64_t>(shape.size());
  const int64_t last = rank ? shape[rank - 1] : 1;
  const int64_t step = rank ? strides[rank - 1] : 0;
  std::vector<int64_t> index(rank, 0);
  int64_t base = 0;
  for (int64_t j = 0; j < inner; j += last) {
    double* p = out + base;
    for (int64_t q = 0; q < last; ++q)
      p[q * step] += g[j + q];
    for (int64_t d = rank - 2; d >= 0; --d) { // the next row: an odometer over the outer dims
      base += strides[d];
      if (++index[d] < shape[d])
        break;
      base -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
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
    for (int64_t i = 0; i < n; ++i) {
      at::Tensor x = shifted.select(dim, i);
      slice_sum_into(x, factors, dim, i);
    }
    at::Tensor max = at::empty(shifted.select(dim, 0).sizes(), shifted.options());
    at::Tensor total = at::empty_like(max);
    if (contiguous_slices(shifted, dim)) {
      exp_shift_contiguous(shifted, n, max, total);
    } else {
      max.copy_(shifted.select(dim, 0));
      for (int64_t i = 1; i < n; ++i)
        at::maximum_out(max, max, shifted.select(dim, i));
      // All -inf (or an infinite max) would make x - max NaN: shift by 0 there, as ATen does.
      max.masked_fill_(max.abs() == INFINITY, 0);
      total.zero_();
      for (int64_t i = 0; i < n; ++i)
        total.add_(shifted.select(dim, i).sub_(max).exp_());
    }
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
    if (contiguous_slices(shifted, dim)) {
      backward_contiguous(shifted, scale.contiguous(), dim, grads, full);
      return grads;
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

private:
  // One pass per slice: g = exp(x - max) * scale into the first full-shape factor's gradient
  // (copied to the others), and summed into the broadcast ones element by element.
  static void backward_contiguous(const at::Tensor& shifted, const at::Tensor& scale, int64_t dim,
                                  variable_list& grads, const std::vector<bool>& full) {
    const int64_t n = shifted.size(dim);
    const int64_t inner = shifted.numel() / n;
    const std::vector<int64_t> shape = shifted.select(dim, 0).sizes().vec();
    const double* s = shifted.data_ptr<double>();
    const double* sc = scale.data_ptr<double>();
    std::vector<double> scratch;
    for (int64_t i = 0; i < n; ++i) {
      double* g = nullptr;
      for (size_t k = 0; k < full.size() && !g; ++k)
        if (grads[k].defined() && full[k])
          g = grads[k].data_ptr<double>() + i * inner;
      if (!g) {
        scratch.resize(inner);
        g = scratch.data();
      }
      const double* x = s + i * inner;
      for (int64_t j = 0; j < inner; ++j)
        g[j] = x[j] * sc[j];
      for (size_t k = 0; k < full.size(); ++k) {
        if (!grads[k].defined())
          continue;
        if (!full[k]) {
          accumulate_broadcast(g, slice_of(grads[k], dim, i).expand(shape), shape, inner);
        } else if (grads[k].data_ptr<double>() + i * inner != g) {
          std::copy_n(g, inner, grads[k].data_ptr<double>() + i * inner);
        }
      }
    }
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
