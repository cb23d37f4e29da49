#pragma once
// The draws of one scalar quantity, as every diagnostic takes them: `chains` rows of `draws`
// values, row-major float64. A Chains either views a caller's buffer (the fast path for the
// workbench, which recomputes diagnostics live) or holds a tensor converted from a [chains,
// draws] tensor of any real dtype, so `ess_bulk(tensor)` and `ess_bulk({ptr, 4, 1000})` both work.

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace kiln::diagnostics {

class Chains {
public:
  // Views `data` (not copied; it must outlive this object).
  Chains(const double* data, int64_t chains, int64_t draws);
  // A [chains, draws] tensor of a real or bool dtype; any other rank is a ShapeError.
  Chains(const at::Tensor& draws); // NOLINT(google-explicit-constructor): tensors convert

  int64_t chains() const { return chains_; }
  int64_t draws() const { return draws_; }
  int64_t size() const { return chains_ * draws_; }
  const double* data() const { return data_; }
  const double* chain(int64_t c) const { return data_ + c * draws_; }

  // Whether every value is finite; diagnostics of draws holding nan or inf are nan.
  bool all_finite() const;

private:
  at::Tensor storage_; // keeps converted tensor data alive; undefined for a view
  const double* data_;
  int64_t chains_;
  int64_t draws_;
};

// ArviZ's minimum chain length for ESS, R-hat and MCSE; shorter chains give nan.
constexpr int64_t kMinDraws = 4;

// Whether x has enough chains and draws, all finite, for ESS, R-hat and MCSE (ArviZ's
// _not_valid, which asks for 2 chains for R-hat and 1 otherwise).
bool valid_for_diagnostics(const Chains& x, int64_t min_chains = 1);

} // namespace kiln::diagnostics
