#pragma once
// Process-wide memory allocator settings for Kiln's programs.

namespace kiln {

// Keeps large tensor buffers in the heap between uses instead of mapping and unmapping them.
// glibc serves blocks above its mmap threshold with fresh pages each time, and the page
// faults of re-touching them cost more than the arithmetic for models that allocate the same
// big tensors every step (S3's enumerated LDA ran at half the speed). Call once, first thing in
// main.
void keep_large_allocations();

} // namespace kiln
