#pragma once
// Where a model reads a tensor's value back into its own code: `if x > 0:`, float(x), int(x),
// x.item(), a format string. A recorded program (the compiled tier) cannot follow code that
// depends on such reads, so while it records it listens here; the model language reports every
// read through note_value_read.

#include <ATen/core/Tensor.h>

namespace kiln {

using ValueReadListener = void (*)(const at::Tensor& read);

// Tells the calling thread's listener, if any, that `read` is being read back.
void note_value_read(const at::Tensor& read);

// Makes `listener` the calling thread's for the lifetime of the scope.
class ValueReadScope {
public:
  explicit ValueReadScope(ValueReadListener listener);
  ~ValueReadScope();
  ValueReadScope(const ValueReadScope&) = delete;
  ValueReadScope& operator=(const ValueReadScope&) = delete;

private:
  ValueReadListener previous_;
};

} // namespace kiln
