#include "core/dist/discrete/row_gather.h"

#include <string>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

#include "core/util/error.h"

namespace kiln::dist {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

template <typename T>
void gather(const T* table, const int64_t* index, T* out, int64_t rows, int64_t k, int64_t n) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = table + r * k;
    T* o = out + r * n;
    for (int64_t j = 0; j < n; ++j)
      o[j] = row[index[j]];
  }
}

template <typename T>
void scatter_add(const T* grad, const int64_t* index, T* out, int64_t rows, int64_t k, int64_t n) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* g = grad + r * n;
    T* row = out + r * k;
    for (int64_t j = 0; j < n; ++j)
      row[index[j]] += g[j];
  }
}

class GatherRows : public torch::autograd::Function<GatherRows> {
public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& table,
                            const at::Tensor& index) {
    const at::Tensor t = table.contiguous();
    const int64_t rows = t.size(0), k = t.size(1), n = index.numel();
    at::Tensor out = at::empty({rows, n}, t.options());
    AT_DISPATCH_FLOATING_TYPES(t.scalar_type(), "gather_rows", [&] {
      gather(t.data_ptr<scalar_t>(), index.data_ptr<int64_t>(), out.data_ptr<scalar_t>(), rows, k,
             n);
    });
    ctx->save_for_backward({index});
    ctx->saved_data["k"] = k;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_output) {
    const at::Tensor index = ctx->get_saved_variables()[0];
    const at::Tensor g = grad_output[0].contiguous();
    const int64_t rows = g.size(0), n = g.size(1), k = ctx->saved_data["k"].toInt();
    at::Tensor grad = at::zeros({rows, k}, g.options());
    AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "gather_rows_backward", [&] {
      scatter_add(g.data_ptr<scalar_t>(), index.data_ptr<int64_t>(), grad.data_ptr<scalar_t>(),
                  rows, k, n);
    });
    return {grad, at::Tensor()};
  }
};

} // namespace

at::Tensor gather_rows(const at::Tensor& table, const at::Tensor& index) {
  const at::Tensor flat = index.reshape({-1}).to(at::kLong).contiguous();
  const int64_t k = table.size(1);
  if (flat.numel() > 0) {
    const auto [lo, hi] = at::aminmax(flat);
    if (lo.item<int64_t>() < 0 || hi.item<int64_t>() >= k) {
      const int64_t bad = ((flat < 0) | (flat >= k)).nonzero()[0][0].item<int64_t>();
      throw DomainError("categorical value " + std::to_string(flat[bad].item<int64_t>()) +
                        " at position " + std::to_string(bad) + " is outside [0, " +
                        std::to_string(k - 1) + "]");
    }
  }
  return GatherRows::apply(table, flat);
}

} // namespace kiln::dist
