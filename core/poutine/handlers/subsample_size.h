#pragma once
// Sets the minibatch size of every plate that subsamples: `kiln run --batch-size B` trains a
// model written as `pyro.plate("data", N, subsample_size=b)` on batches of B instead of b.
// Plates that do not subsample, and plates given their indices (subsample=...), are left as
// written, so the model's own indexing of its data by the plate's indices stays right.

#include <cstdint>
#include <set>
#include <string>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class SubsampleSizeHandler : public Handler {
public:
  // Throws DomainError unless size >= 1.
  explicit SubsampleSizeHandler(int64_t size);
  void process_message(Message& msg) override;

  // The plates it resized so far (a model with none gets the caller's error).
  const std::set<std::string>& resized() const { return resized_; }

private:
  int64_t size_;
  std::set<std::string> resized_;
};

// `model` with every subsampling plate drawing min(size, plate size) indices.
Model subsample_size(Model model, int64_t size);

} // namespace kiln::poutine
