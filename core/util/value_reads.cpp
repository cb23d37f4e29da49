#include "core/util/value_reads.h"

namespace kiln {

namespace {
thread_local ValueReadListener listener = nullptr;
}

void note_value_read(const at::Tensor& read) {
  if (listener)
    listener(read);
}

ValueReadScope::ValueReadScope(ValueReadListener l) : previous_(listener) {
  listener = l;
}

ValueReadScope::~ValueReadScope() {
  listener = previous_;
}

} // namespace kiln
