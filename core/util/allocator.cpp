#include "core/util/allocator.h"

#include <malloc.h>

namespace kiln {

void keep_large_allocations() {
  // Blocks up to 256 MiB come from the heap, and up to 1 GiB of free heap top is kept.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

} // namespace kiln
