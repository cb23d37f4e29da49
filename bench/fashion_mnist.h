#pragma once
// Fashion-MNIST as Debian's dataset-fashion-mnist installs it (/usr/share/datasets/fashion-mnist):
// the gzipped IDX files of LeCun's MNIST format (big-endian header, then unsigned bytes), read
// directly so benchmark B1 needs no conversion step.

#include <cstdint>
#include <string>

#include <ATen/core/Tensor.h>

namespace kiln::bench {

struct ImageSet {
  at::Tensor pixels; // float64 (n, 784), the bytes 0..255 as they are
  at::Tensor labels; // int64 (n,), 0..9
};

// Where Debian puts the files.
std::string default_fashion_mnist_dir();

// The first `limit` images and labels of `split` ("train" or "t10k") in `dir`; limit < 0: all.
// A kiln::Error naming the file when one is missing, truncated, or not IDX.
ImageSet load_fashion_mnist(const std::string& dir, const std::string& split, int64_t limit = -1);

} // namespace kiln::bench
